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
"""
import argparse
import os

import numpy as np
import torch

from .data import CachedDataset, stratified_subset
from .lofo import FAKE_FAMILIES, RUNS_DIR, load_run
from .metrics import auc
from .runs import write_between_markers

SCORES = ("msp", "energy", "distance")
BEGIN, END = "<!-- ood:begin -->", "<!-- ood:end -->"


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


def measure(family, seed=0, log=print):
    model, meta, caches = load_run(family, log)
    train_rows, train_arr = caches["train"]
    for i, r in enumerate(train_rows):
        r["_i"] = i
    fit_rows = stratified_subset([r for r in train_rows if r["family"] != family], 500, seed=seed)
    _, feats = logits_and_features(model, train_arr[[r["_i"] for r in fit_rows]])
    gaussian = fit_gaussian(feats, [r["y"] for r in fit_rows])
    val_rows, val_arr = caches["val"]
    seen = [i for i, r in enumerate(val_rows) if r["family"] != family]
    s_seen = ood_scores(*logits_and_features(model, val_arr[seen]), meta["temperature"], gaussian)
    rng = np.random.RandomState(seed)
    unseen_parts = []
    for split in ("train", "val"):
        rows, arr = caches[split]
        idx = [i for i, r in enumerate(rows) if r["family"] == family]
        unseen_parts.append(arr[idx])
    unseen = np.concatenate(unseen_parts)
    if len(unseen) > 1000:
        unseen = unseen[np.sort(rng.choice(len(unseen), 1000, replace=False))]
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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", default=None, help="a markdown file with the ood markers")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    results = [measure(f) for f in FAKE_FAMILIES if os.path.exists(os.path.join(RUNS_DIR, f, "model.pt"))]
    text = table(results)
    if args.write:
        write_between_markers(args.write, text, BEGIN, END)
    print(text)
    return results


if __name__ == "__main__":
    main()
