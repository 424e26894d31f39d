"""How much a model's features still say which source a face came from, inside its class (issue 23).

The faces-v1 model learned the data set a face comes from instead of its manipulation. This measures that
directly: a linear probe is fitted, per class, to name the source of a face from the network's 6272-d features
(what the source critic of source_critic.py sees), and scored on faces it was not fitted on (two folds, split
inside each source). Accuracy well above chance (the largest source's share) means the features carry the
source; a source-adversarial run should bring it down without bringing down the class.

  python -m tracelens_train.source_probe --model random runs/faces-v2/amtennet-long-s0/model.pt runs/.../model.pt
        [--split val] [--min-per-source 10] [--per-source 80] [--json out.json]

Reads the split's 128 px cache of faces-v1 + faces-v2 (as lofo.py does); never the test split unless asked.
"""
import argparse
import json
import sys
from collections import defaultdict

import numpy as np
import torch

from . import CLASSES
from .checkpoints import load_any
from .data import CachedDataset, build_cache, read_datasets
from .model import AMTENnet
from .prediction import to_layout
from .recipe import DATA_DIRS
from .source_critic import source_name


@torch.no_grad()
def features_of(model, arr, batch=128):
    """The 6272-d flattened features (model.features) of each 128 px face, float32 numpy."""
    model.eval()
    loader = torch.utils.data.DataLoader(CachedDataset(arr, [0] * len(arr)), batch_size=batch)
    out = [model.features(to_layout(x, True))[0].float() for x, _ in loader]
    return torch.cat(out).numpy()


def random_network(seed=0):
    """An untrained AMTENnet (the recipe's residual conv1, BN statistics at their start): what the source probe
    finds in features that learned nothing."""
    torch.manual_seed(seed)
    model = AMTENnet(len(CLASSES))
    model.init_conv1_residual()
    return model.eval()


def folds_of(labels, folds=2, seed=0):
    """A fold number per item, dealt out in turn inside each label after a seeded shuffle."""
    rng = np.random.default_rng(seed)
    out = np.zeros(len(labels), dtype=int)
    by = defaultdict(list)
    for i, s in enumerate(labels):
        by[s].append(i)
    for idx in by.values():
        idx = rng.permutation(idx)
        out[idx] = np.arange(len(idx)) % folds
    return out


def probe_accuracy(feats, labels, folds=2, seed=0, ridge=1.0):
    """(held-out accuracy of a linear probe that names each item's label from its features, chance = the largest
    label's share). Each fold is scored by a ridge regression onto the centred one-hot labels, fitted on the other
    folds' standardised features (closed form in the faces' space, penalty ridge x the feature count)."""
    labels = np.asarray(labels)
    names = sorted(set(labels.tolist()))
    y = np.array([names.index(s) for s in labels])
    fold = folds_of(labels, folds, seed)
    right = 0
    for f in range(folds):
        tr, te = fold != f, fold == f
        x = np.asarray(feats, dtype=np.float64)
        x = (x - x[tr].mean(0)) / (x[tr].std(0) + 1e-6)
        target = np.eye(len(names))[y[tr]]
        prior = target.mean(0)  # the intercept: with no signal the probe names the largest label
        gram = x[tr] @ x[tr].T
        w = x[tr].T @ np.linalg.solve(gram + ridge * x.shape[1] * np.eye(len(gram)), target - prior)
        right += int((np.argmax(x[te] @ w + prior, 1) == y[te]).sum())
    counts = np.unique(labels, return_counts=True)[1]
    return right / len(labels), float(counts.max() / len(labels))


def probe_rows(rows, min_per_source=10, per_source=80, seed=0):
    """{class: row indices}: per class, the sources with at least min_per_source faces, each cut to per_source
    (a seeded draw), for classes left with two sources or more."""
    rng = np.random.default_rng(seed)
    by = defaultdict(lambda: defaultdict(list))
    for i, r in enumerate(rows):
        by[r["label"]][source_name(r)].append(i)
    out = {}
    for label, sources in sorted(by.items()):
        kept = [sorted(rng.permutation(idx)[:per_source].tolist()) for _, idx in sorted(sources.items())
                if len(idx) >= min_per_source]
        if len(kept) >= 2:
            out[label] = [i for idx in kept for i in idx]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", nargs="+", required=True,
                    help="model.pt / calibrated.pt files or exported app models; `random`: an untrained AMTENnet, the "
                         "reference for what any network's features carry of a source's look")
    ap.add_argument("--split", default="val")
    ap.add_argument("--min-per-source", type=int, default=10)
    ap.add_argument("--per-source", type=int, default=80)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", default=None, help="write the figures here too")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    rows = read_datasets(DATA_DIRS, args.split)
    arr = build_cache(rows, None, tag=args.split, log=lambda m: print(m, file=sys.stderr))
    groups = probe_rows(rows, args.min_per_source, args.per_source)
    every = sorted({i for idx in groups.values() for i in idx})
    at = {i: k for k, i in enumerate(every)}
    print("| model | class | sources | faces | probe accuracy | chance |")
    print("|---|---|---|---|---|---|")
    report = []
    for path in args.model:
        model = random_network() if path == "random" else load_any(path)[0]
        model = model.to(memory_format=torch.channels_last)
        feats = features_of(model, arr[every])
        per_class = {}
        for label, idx in groups.items():
            names = [source_name(rows[i]) for i in idx]
            acc, chance = probe_accuracy(feats[[at[i] for i in idx]], names)
            per_class[label] = {"sources": len(set(names)), "faces": len(idx), "accuracy": acc, "chance": chance}
            print(f"| {path} | {label} | {len(set(names))} | {len(idx)} | {acc:.3f} | {chance:.3f} |")
        mean = float(np.mean([c["accuracy"] for c in per_class.values()]))
        print(f"| {path} | mean over classes | | | {mean:.3f} | "
              f"{np.mean([c['chance'] for c in per_class.values()]):.3f} |")
        report.append({"model": path, "split": args.split, "perClass": per_class, "meanAccuracy": mean})
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f, indent=2)
    return report


if __name__ == "__main__":
    main()
