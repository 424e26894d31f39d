"""Export a trained checkpoint to the TraceLens app format (TensorFlow.js weights manifest).

Writes <out>/weights_manifest.json, <out>/group1-shard1of1.bin (tfjs_weights.py) and <out>/model-card.json
(model_card.py), then checks that the written weights give the checkpoint's calibrated logits back.
The architecture comes from the checkpoint; the default <out> is public/models/<id>/ with the
architecture's app id (architectures.MODEL_IDS: amtennet-faces-v1, model-base-faces-v1, ...), or --id's.
The calibration fitted on val (calibrate.py: a temperature T and, optionally, a per-class logit
bias b) is baked into fc2 (weight / T, bias / T + b), so the app's softmax is already calibrated;
T, b and the uncertain band chosen on val are recorded in the card.

  python -m tracelens_train.export --checkpoint runs/NAME/calibrated.pt --metrics runs/NAME/test.json \\
      --version 2.0.0 --quantize uint8 --id amtennet-faces-v2
"""
import argparse
import json
import os

import torch

from . import INPUT_SIZE
from .architectures import MODEL_IDS
from .checkpoints import load_checkpoint
from .data import DEFAULT_DATA_DIR, load_image, read_manifest, stratified_subset
from .model import architecture_of
from .model_card import model_card
from .tfjs_weights import MODELS_DIR, load_exported, write_weights


def round_trip_inputs(data_dir=DEFAULT_DATA_DIR):
    """What the parity check feeds both models: 16 val faces of each class when the data set is there (uint8
    kernels are judged on the pictures they will see: on uniform noise, far from any face, a well-exported
    AMTENnet moved its logits by 4.5 % of their range), else two noise images (enough to catch a wrong layout
    or order, which moves logits by their whole range)."""
    try:
        rows = stratified_subset(read_manifest(data_dir, split="val"), 16)
        return torch.stack([load_image(os.path.join(data_dir, r["path"])) for r in rows]), f"{len(rows)} val faces"
    except FileNotFoundError:
        return torch.rand(2, 3, INPUT_SIZE, INPUT_SIZE) * 255, "2 noise images (no data set)"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--metrics", required=True, help="JSON from evaluate.py on the test split")
    ap.add_argument("--version", required=True)
    ap.add_argument("--note", default=None)
    ap.add_argument("--data", default=DEFAULT_DATA_DIR, help="faces-v1, whose val faces the parity check runs on")
    ap.add_argument("--fmt-report", default=None, help="JSON from fmt_report.py on this model: the card says what Fmt shows")
    ap.add_argument("--out", default=None, help="default: public/models/<id>")
    ap.add_argument("--id", default=None, help="the card's id (default: the architecture's faces-v1 id, MODEL_IDS)")
    ap.add_argument("--arch", choices=list(MODEL_IDS), default=None,
                    help="fail unless the checkpoint is this architecture (default: take it from the checkpoint)")
    ap.add_argument("--quantize", choices=["uint8"], default=None,
                    help="store the large kernels as uint8 (the app's download shrinks from 8.1 to 2.1 MB)")
    args = ap.parse_args(argv)
    model, meta = load_checkpoint(args.checkpoint)
    arch = architecture_of(model)
    if args.arch and args.arch != arch:
        raise SystemExit(f"{args.checkpoint} is {arch}, not {args.arch}")
    if arch not in MODEL_IDS:
        raise SystemExit(f"{args.checkpoint} is {arch}, which the app cannot run (it exports {', '.join(MODEL_IDS)})")
    if args.out is None:
        args.out = os.path.join(MODELS_DIR, args.id or MODEL_IDS[arch])
    metrics = json.load(open(args.metrics))
    write_weights(model, args.out, meta["temperature"], args.quantize, meta.get("logitBias"))
    card = model_card(meta, metrics, args.version, args.note,
                      json.load(open(args.fmt_report)) if args.fmt_report else None, args.id)
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    # Parity check: the exported weights reproduce the checkpoint's logits / T.
    back, _ = load_exported(args.out)
    x, what = round_trip_inputs(args.data)
    with torch.no_grad():
        want = model(x) / meta["temperature"] + torch.tensor(meta.get("logitBias") or [0.0] * len(meta["classes"]))
        err = (back(x) - want).abs().max().item()
    print(f"exported to {args.out} (T = {meta['temperature']:.4f}); round-trip on {what}: max |dlogit| = {err:.2e}")
    # uint8 weights move logits a little (their accuracy cost is measured by `npm run evaluate`).
    if err > (0.05 * want.abs().max().item() if args.quantize else 1e-3):
        raise SystemExit("round-trip check failed")


if __name__ == "__main__":
    main()
