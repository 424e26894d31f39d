"""Measure recipe changes on val (never test): weight averaging, flip TTA, seed ensembles, calibration.

For each run directory it scores, on the val originals read with the app's pipeline:
  - best: the checkpoint train.py selected (model.pt), and
  - last-raw / last-ema: the raw and EMA weights at the last epoch (checkpoint.pt),
best also with flip test-time augmentation; then the ensemble (mean logits) of the runs'
best checkpoints. Every row is shown after each calibration of calibrate.py (none, nll, balanced),
fitted on val itself, so the calibrated rows are optimistic by construction: they compare changes,
they are not estimates of test accuracy.

  python -m tracelens_train.val_study --runs runs/full-xavier runs/full-residual --out runs/val-study.json
"""
import argparse
import json
import os

import numpy as np
import torch

from .calibrate import fit_calibration
from .checkpoints import last_epoch_models, load_checkpoint
from .data import DEFAULT_DATA_DIR, read_manifest
from .metrics import compute_metrics
from .prediction import predict_files


def summarise(logits, y, sources, bias):
    t, b = fit_calibration(logits, y, bias)
    probs = torch.softmax(logits.double() / t + torch.tensor(b, dtype=torch.float64), 1).numpy()
    m = compute_metrics(y, probs.argmax(1), sources, probs=probs)
    return {"balancedAccuracy": m["balancedAccuracy"], "binaryAccuracy": m["binaryAccuracy"],
            "realRecall": m["perClassRecall"]["real"], "ece": m["ece"],
            "dfdcBinary": m["binaryAccuracyBySource"].get("dfdc", {}).get("binaryAccuracy"), "temperature": t}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", nargs="+", required=True)
    ap.add_argument("--data", default=DEFAULT_DATA_DIR)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    rows = read_manifest(args.data, "val")
    y = np.array([r["y"] for r in rows])
    sources = [r["source"] for r in rows]

    logits = {}  # "run: variant[ + flip]" -> val logits
    for run in args.runs:
        best, meta = load_checkpoint(os.path.join(run, "model.pt"))
        epoch, last = last_epoch_models(run)
        models = {f"best (epoch {meta['bestEpoch']}, {meta.get('bestWeights', 'raw')})": best,
                  **{f"{k} (epoch {epoch})": v for k, v in last.items()}}
        # Scored once per run: a later study with more runs reuses them (the file is beside the checkpoints).
        cache_path = os.path.join(run, "val_study_logits.pt")
        cache = torch.load(cache_path, weights_only=False) if os.path.exists(cache_path) else {}
        for name, model in models.items():
            for tta in ((None, "flip") if name.startswith("best") else (None,)):
                key = f"{name}{' + flip' if tta else ''}"
                if key not in cache:
                    cache[key] = predict_files(model, rows, args.data, tta=tta)
                    torch.save(cache, cache_path)
                logits[f"{os.path.basename(run.rstrip('/'))}: {key}"] = cache[key]
                print(f"scored {list(logits)[-1]}", flush=True)
    if len(args.runs) > 1:
        for tta in ("", " + flip"):
            keys = [k for k in logits if ": best" in k and k.endswith(tta or ")")]
            logits[f"ensemble of {len(keys)} best{tta}"] = torch.stack([logits[k] for k in keys]).mean(0)

    table = {k: {bias: summarise(v, y, sources, bias) for bias in ("none", "nll", "balanced")}
             for k, v in logits.items()}
    print(f"\n{'val, ' + str(len(rows)) + ' faces':<58} {'calibration':<9} {'bal.acc':>7} {'binary':>7} "
          f"{'real rec':>8} {'DFDC bin':>8} {'ECE':>6}")
    for k, by in table.items():
        for bias, s in by.items():
            print(f"{k:<58} {bias:<9} {s['balancedAccuracy']:7.4f} {s['binaryAccuracy']:7.4f} {s['realRecall']:8.4f} "
                  f"{s['dfdcBinary']:8.4f} {s['ece']:6.3f}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"valImages": len(rows), "runs": args.runs, "results": table}, f, indent=2)
    return table


if __name__ == "__main__":
    main()
