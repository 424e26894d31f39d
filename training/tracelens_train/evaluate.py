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

import torch

import numpy as np

from .data import DEFAULT_DATA_DIR, FileDataset, read_datasets, stratified_subset
from .decision import decision_stats
from .metrics import auc, compute_metrics
from .model import ARCHITECTURES


def load_any(path, device="cpu"):
    """(model, meta) from a training checkpoint file or an exported app model directory."""
    if os.path.isdir(path):
        from .export import load_exported
        model, card = load_exported(path)
        return model.to(device), {"classes": card["classes"], "temperature": 1.0, "card": card,
                                  "decision": card.get("decision")}
    from .train import load_checkpoint
    model, meta = load_checkpoint(path, device)
    return model.to(device), meta


@torch.no_grad()
def predict_files(model, rows, data_dir, device="cpu", jpeg_quality=None, batch_size=64, tta=None):
    """Raw logits for rows, read with the app's pipeline. tta="flip" averages the logits of the image
    and its mirror image."""
    ds = FileDataset(rows, data_dir, jpeg_quality)
    loader = torch.utils.data.DataLoader(ds, batch_size=batch_size)
    model.eval().to(memory_format=torch.channels_last)  # 2-3x faster on a CPU; same arithmetic up to rounding
    out = []
    for x, _ in loader:
        x = x.to(device).contiguous(memory_format=torch.channels_last)
        logits = model(x).float()
        if tta == "flip":
            logits = (logits + model(torch.flip(x, dims=[3])).float()) / 2
        out.append(logits.cpu())
    return torch.cat(out)


def calibrated_probs(logits, meta):
    """softmax(logits / T + b): the checkpoint's temperature and logit bias (an exported model has
    both baked into fc2, so its meta says T = 1, b = 0)."""
    bias = torch.tensor(meta.get("logitBias") or [0.0] * logits.shape[1], dtype=logits.dtype)
    return torch.softmax(logits / meta.get("temperature", 1.0) + bias, 1)


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
    from .model import architecture_of
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
