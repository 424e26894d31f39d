"""Which out-of-distribution score flags faces unlike anything the model learned (issue 23, item 6)?

Measured on the leave-one-family-out runs (lofo.py): for each run that left a family of fakes out, the
family's faces (train and val splits, at most 1,000) are the "never seen" side and val's faces of the
families it trained on the "seen" side. Each score's AUC says how well it ranks the unseen above the seen:
  msp       1 - the largest calibrated class probability (what the app's uncertain band already uses)
  energy    -T * logsumexp(logits / T) (Liu et al. 2020)
  distance  the smallest Mahalanobis distance of the fc1 features to a class mean, one covariance shared by
            the classes, fitted on 2,000 of the run's training faces (Lee et al. 2018)
Test is never read. A score worth folding into the uncertain band would sit well above 0.5 for every family.

  python -m tracelens_train.ood [--write RESULTS.md]

--gate asks the question that decides whether to fold the distance into the app's uncertain band: on the
runs that left a family of REALS out, how many of those real faces are still stated manipulated when a
face whose distance is above val's q-quantile is made "uncertain", and what share of val keeps a stated
verdict (and how often it is right).

  python -m tracelens_train.ood --gate [--write RESULTS.md]
"""
import argparse
import os

import numpy as np
import torch

from .data import CachedDataset, stratified_subset
from .decision import choose_decision, stated
from .lofo import FAKE_FAMILIES, REAL_FAMILIES, RUNS_DIR, load_run
from .metrics import auc
from .prediction import p_manipulated
from .runs import write_between_markers

SCORES = ("msp", "energy", "distance")
BEGIN, END = "<!-- ood:begin -->", "<!-- ood:end -->"
GATE_BEGIN, GATE_END = "<!-- ood-gate:begin -->", "<!-- ood-gate:end -->"
GATE_QUANTILES = (None, 0.99, 0.95, 0.9, 0.8)  # None: no gate, the band alone


@torch.no_grad()
def logits_and_features(model, arr, batch=128):
    """Raw logits and fc1 outputs (the features fc2 reads) of uint8 N x 128 x 128 x 3 faces."""
    model.eval().to(memory_format=torch.channels_last)
    feats = []
    hook = model.fc1.register_forward_hook(lambda m, i, o: feats.append(o.float()))
    out = []
    loader = torch.utils.data.DataLoader(CachedDataset(arr, [0] * len(arr)), batch_size=batch)
    for x, _ in loader:
        out.append(model(x.contiguous(memory_format=torch.channels_last)).float())
    hook.remove()
    return torch.cat(out).double(), torch.cat(feats).double()


def fit_gaussian(features, labels):
    """Class means and the inverse of their shared covariance (a small ridge keeps it invertible)."""
    labels = np.asarray(labels)
    means = {c: features[labels == c].mean(0) for c in sorted(set(labels.tolist()))}
    centred = torch.cat([features[labels == c] - m for c, m in means.items()])
    cov = centred.T @ centred / max(1, len(centred) - 1)
    cov += 1e-3 * torch.eye(cov.shape[0], dtype=cov.dtype) * cov.diagonal().mean()
    return means, torch.linalg.inv(cov)


def ood_scores(logits, features, temperature, gaussian):
    """{score name: numpy array}, higher = less like the training faces."""
    z = logits / temperature
    means, prec = gaussian
    dist = torch.stack([((features - m) @ prec * (features - m)).sum(1) for m in means.values()], 1).min(1).values
    return {"msp": (1 - torch.softmax(z, 1).max(1).values).numpy(),
            "energy": (-temperature * torch.logsumexp(z, 1)).numpy(),
            "distance": dist.numpy()}


def fitted_gaussian(model, caches, family, seed=0):
    """fit_gaussian on the fc1 features of 500 training faces per class, the left-out family excluded."""
    train_rows, train_arr = caches["train"]
    fit = stratified_subset([dict(r, _i=i) for i, r in enumerate(train_rows) if r["family"] != family], 500, seed=seed)
    _, feats = logits_and_features(model, train_arr[[r["_i"] for r in fit]])
    return fit_gaussian(feats, [r["y"] for r in fit])


def held_out_faces(caches, family, limit, seed=0):
    """The left-out family's faces (train and val splits), at most `limit` of them drawn at random."""
    parts = []
    for split in ("train", "val"):
        rows, arr = caches[split]
        idx = [i for i, r in enumerate(rows) if r["family"] == family]
        parts.append(arr[idx])
    faces = np.concatenate(parts)
    if len(faces) > limit:
        faces = faces[np.sort(np.random.RandomState(seed).choice(len(faces), limit, replace=False))]
    return faces


def measure(family, seed=0, log=print):
    model, meta, caches = load_run(family, log)
    gaussian = fitted_gaussian(model, caches, family, seed)
    val_rows, val_arr = caches["val"]
    seen = [i for i, r in enumerate(val_rows) if r["family"] != family]
    s_seen = ood_scores(*logits_and_features(model, val_arr[seen]), meta["temperature"], gaussian)
    unseen = held_out_faces(caches, family, 1000, seed)
    s_unseen = ood_scores(*logits_and_features(model, unseen), meta["temperature"], gaussian)
    out = {"family": family, "unseen": int(len(unseen)), "seen": len(seen)}
    for k in SCORES:
        both = np.concatenate([s_unseen[k], s_seen[k]])
        out[k] = auc(both, np.r_[np.ones(len(s_unseen[k]), bool), np.zeros(len(s_seen[k]), bool)])
    log(out)
    return out


def table(results):
    lines = ["AUC of each score ranking a left-out family's faces above val's faces of the families the run trained on "
             "(the lofo runs, short schedule; 0.5 = no better than chance):", "",
             "| family left out | faces | MSP | energy | feature distance |", "|---|---|---|---|---|"]
    for r in results:
        lines.append(f"| {r['family']} | {r['unseen']} | " + " | ".join(f"{r[k]:.3f}" for k in SCORES) + " |")
    means = {k: float(np.mean([r[k] for r in results])) for k in SCORES}
    lines.append("| **mean** | | " + " | ".join(f"**{means[k]:.3f}**" for k in SCORES) + " |")
    return "\n".join(lines)


def gate_effect(stated_held, d_held, stated_val, d_val, fake_val, q):
    """What a distance gate at val's q-quantile (None: no gate) leaves: the held-out reals stated manipulated,
    val's share with a stated verdict, and how often those are right."""
    keep_held = np.ones(len(d_held), bool) if q is None else d_held <= np.quantile(d_val, q)
    keep_val = np.ones(len(d_val), bool) if q is None else d_val <= np.quantile(d_val, q)
    s_held, s_val = stated_held * keep_held, stated_val * keep_val
    said = s_val != 0
    return {"quantile": q, "heldStatedManipulated": float((s_held == 1).mean()), "valStated": float(said.mean()),
            "valRight": float(((s_val == 1) == fake_val)[said].mean()) if said.any() else None}


def measure_gate(family, seed=0, log=print):
    """gate_effect for each GATE_QUANTILES on the run that left the family of reals `family` out."""
    model, meta, caches = load_run(family, log)
    gaussian = fitted_gaussian(model, caches, family, seed)
    t = meta["temperature"]
    val_rows, val_arr = caches["val"]
    seen = [i for i, r in enumerate(val_rows) if r["family"] != family]
    logits, feats = logits_and_features(model, val_arr[seen])
    pm_val, d_val = np.asarray(p_manipulated(logits / t)), ood_scores(logits, feats, t, gaussian)["distance"]
    fake_val = np.array([val_rows[i]["label"] != "real" for i in seen])
    dec = choose_decision(pm_val, fake_val)  # the run's own decision, as lofo.py measures it
    logits, feats = logits_and_features(model, held_out_faces(caches, family, 1500, seed))
    pm_held, d_held = np.asarray(p_manipulated(logits / t)), ood_scores(logits, feats, t, gaussian)["distance"]
    rows = [gate_effect(stated(pm_held, *dec["uncertain"]), d_held, stated(pm_val, *dec["uncertain"]), d_val,
                        fake_val, q) for q in GATE_QUANTILES]
    out = {"family": family, "held": int(len(pm_held)), "rows": rows}
    log(out)
    return out


def gate_table(results):
    lines = ["A feature-distance gate on the runs that left a family of reals out: a face farther from the training "
             "faces than val's q-quantile is made uncertain. Each cell: that family's faces stated manipulated / "
             "share of val's faces with a stated verdict / how often those are right.", "",
             "| family of reals left out | faces | " + " | ".join("no gate" if q is None else f"q = {q}"
                                                                 for q in GATE_QUANTILES) + " |",
             "|---|---|" + "---|" * len(GATE_QUANTILES)]
    for r in results:
        cells = [f"{100 * g['heldStatedManipulated']:.1f} % / {100 * g['valStated']:.1f} % / "
                 + ("–" if g["valRight"] is None else f"{100 * g['valRight']:.0f} %") for g in r["rows"]]
        lines.append(f"| {r['family']} | {r['held']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", default=None, help="a markdown file with the ood markers (ood-gate with --gate)")
    ap.add_argument("--gate", action="store_true", help="the distance gate's effect on held-out reals")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    measure_one, families, make_table, markers = (
        (measure_gate, REAL_FAMILIES, gate_table, (GATE_BEGIN, GATE_END)) if args.gate
        else (measure, FAKE_FAMILIES, table, (BEGIN, END)))
    results = [measure_one(f) for f in families if os.path.exists(os.path.join(RUNS_DIR, f, "model.pt"))]
    text = make_table(results)
    if args.write:
        write_between_markers(args.write, text, *markers)
    print(text)
    return results

if __name__ == "__main__":
    main()
