"""Evaluate a checkpoint (runs/.../model.pt) or an exported model directory on a split.

Images are read from the originals with the app's exact pipeline (PIL -> RGB -> float ->
antialiased bilinear resize to 128). Prints JSON metrics.

  /usr/bin/python3 -m tracelens_train.evaluate --model ../public/models/amtennet-faces-v1 --split test
  /usr/bin/python3 -m tracelens_train.evaluate --model runs/cpu-v1/model.pt --split test --jpeg 75
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from .architectures import ARCHITECTURES
from .checkpoints import load_any
from .data import DEFAULT_DATA_DIR, read_datasets, stratified_subset
from .decision import decision_stats
from .metrics import auc, compute_metrics
from .model import architecture_of
from .prediction import calibrated_probs, predict_files


def evaluate(model, rows, data_dir, device="cpu", jpeg_quality=None, batch_size=64, meta=None, tta=None):
    """(metrics, calibrated probabilities) of model on rows."""
    probs = calibrated_probs(predict_files(model, rows, data_dir, device, jpeg_quality, batch_size, tta), meta or {})
    m = compute_metrics([r["y"] for r in rows], probs.argmax(1).numpy(), [r["source"] for r in rows],
                        probs=probs.numpy())
    m.update(manipulation_metrics(rows, probs.numpy(), (meta or {}).get("decision")))
    return m, probs


def manipulation_metrics(rows, probs, decision=None):
    """Real vs manipulated, from P(manipulated) = 1 - P(real): AUC overall, per family and per source (a
    source's fakes against every real face here; a source of reals: every fake here against its reals),
    and with a decision (card or calibrated checkpoint) what it states."""
    pm = 1 - np.asarray(probs)[:, 0]
    fake = np.array([r["label"] != "real" for r in rows])

    def by(key):
        out = {}
        for v in sorted({r.get(key) or "" for r in rows}):
            mine = np.array([(r.get(key) or "") == v for r in rows])
            for side, sel in (("fake", mine & fake), ("real", mine & ~fake)):
                if sel.any():
                    other = ~fake if side == "fake" else fake
                    both = sel | other
                    out[v if not (mine & fake).any() or not (mine & ~fake).any() else f"{v} ({side})"] = {
                        "n": int(sel.sum()), "auc": auc(pm[both], fake[both])}
        return out

    out = {"aucPManipulated": auc(pm, fake), "aucBySource": by("source"), "aucByFamily": by("family")}
    if decision:
        out["decision"] = {"threshold": decision["threshold"], "uncertain": decision["uncertain"],
                           **decision_stats(pm, fake, decision["threshold"], *decision["uncertain"])}
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model.pt checkpoint or exported model directory")
    ap.add_argument("--data", nargs="+", default=[DEFAULT_DATA_DIR], help="one or more data set folders")
    ap.add_argument("--split", default="test", choices=["train", "val", "test"])
    ap.add_argument("--jpeg", type=int, default=None, help="re-compress inputs at this JPEG quality first")
    ap.add_argument("--limit-per-class", type=int, default=0)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--tta", choices=["flip"], default=None, help="test-time augmentation: average with the mirror image")
    ap.add_argument("--out", default=None, help="also write the JSON here")
    ap.add_argument("--arch", choices=list(ARCHITECTURES), default=None,
                    help="fail unless the model is this architecture (default: take it from the model)")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    model, meta = load_any(args.model, args.device)
    arch = architecture_of(model)
    if args.arch and args.arch != arch:
        raise SystemExit(f"{args.model} is {arch}, not {args.arch}")
    rows = stratified_subset(read_datasets(args.data, args.split), args.limit_per_class)
    t0 = time.time()
    m, _ = evaluate(model, rows, None, args.device, args.jpeg, meta=meta, tta=args.tta)
    m = {"split": args.split, "jpegQuality": args.jpeg, "tta": args.tta, "architecture": arch, **m,
         "seconds": round(time.time() - t0, 1)}
    s = json.dumps(m, indent=2)
    print(s)
    if args.out:
        with open(args.out, "w") as f:
            f.write(s + "\n")
    return m


if __name__ == "__main__":
    main()
