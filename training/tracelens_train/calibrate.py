"""Calibrate a trained checkpoint on val, and choose the app's "uncertain" band from the result.

Reads the val originals with the app's exact pipeline (not the training cache), then fits
  - a temperature T (NLL of logits / T), and with --bias also
  - a per-class logit bias b (NLL of logits / T + b, jointly with T): a prior correction. "nll"
    calibrates to val's class mix; "balanced" weighs every class equally, as balanced accuracy does.
With --equalise-real-with CLASS it then adds a bias to the `real` logit alone, the smallest (in steps
of 0.05) at which real faces are recalled at least as often as CLASS (the decision's equal-error point
between real faces and the manipulation most confused with them).
Then it chooses the uncertain band: the smallest top-class probability at which the verdicts the
app states with confidence are right at least --target-precision of the time on val.
Writes a copy of the checkpoint whose meta carries temperature, logitBias, uncertainBand and the
measurements; export.py bakes T and b into fc2 and copies the band into the model card.
Test is not read here.

  python -m tracelens_train.calibrate --checkpoint runs/full-xavier/model.pt --bias balanced \
      --out runs/full-xavier/calibrated.pt
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

from .checkpoints import load_checkpoint, save_with_meta
from .data import DEFAULT_DATA_DIR, read_datasets
from .decision import choose_decision
from .metrics import compute_metrics, expected_calibration_error
from .prediction import predict_files

BAND_GRID = [round(0.40 + 0.01 * i, 2) for i in range(60)]  # 0.40 .. 0.99


def fit_calibration(logits, labels, bias="none", max_iter=200):
    """(T, b) minimising the (optionally class-weighted) NLL of logits / T + b by LBFGS."""
    logits = torch.as_tensor(logits, dtype=torch.float64)
    labels = torch.as_tensor(labels, dtype=torch.long)
    k = logits.shape[1]
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    b = torch.zeros(k, dtype=torch.float64, requires_grad=bias != "none")
    weight = None
    if bias == "balanced":
        counts = torch.bincount(labels, minlength=k).double().clamp(min=1)
        weight = counts.sum() / (k * counts)
    params = [log_t] + ([b] if bias != "none" else [])
    opt = torch.optim.LBFGS(params, lr=0.5, max_iter=max_iter, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp() + b, labels, weight=weight)
        loss.backward()
        return loss

    opt.step(closure)
    b = (b - b.mean()).detach()  # softmax is shift-invariant: keep the bias centred
    return float(log_t.exp().item()), [float(v) for v in b]


def equalise_real_with(logits, labels, t, b, other, classes):
    """The smallest bias on the `real` logit (grid of 0.05 up to 5) at which real recall >= `other`'s recall."""
    real, k = classes.index("real"), classes.index(other)
    z0 = torch.as_tensor(logits, dtype=torch.float64) / t + torch.tensor(b, dtype=torch.float64)
    labels = np.asarray(labels)
    for step in range(101):
        d = 0.05 * step
        z = z0.clone()
        z[:, real] += d
        pred = z.argmax(1).numpy()
        rec = lambda c: float((pred[labels == c] == c).mean())  # noqa: E731
        if rec(real) >= rec(k):
            return d
    return 5.0


def choose_uncertain_band(probs, labels, target_precision=0.95):
    """Smallest top-probability threshold at which the confident verdicts reach target_precision
    (correct class) on these images; with its coverage and precision, and the whole curve."""
    probs = np.asarray(probs)
    labels = np.asarray(labels)
    top = probs.max(1)
    correct = probs.argmax(1) == labels
    curve = []
    for t in BAND_GRID:
        sel = top >= t
        curve.append({"minProbability": t, "coverage": float(sel.mean()),
                      "precision": float(correct[sel].mean()) if sel.any() else None})
    ok = [c for c in curve if c["precision"] is not None and c["precision"] >= target_precision]
    chosen = ok[0] if ok else curve[-1]
    return {"minProbability": chosen["minProbability"], "minMargin": 0.0, "targetPrecision": target_precision,
            "valCoverage": chosen["coverage"], "valPrecision": chosen["precision"], "curve": curve}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--out", required=True, help="calibrated checkpoint to write")
    ap.add_argument("--data", nargs="+", default=[DEFAULT_DATA_DIR], help="data set folders whose val split is used")
    ap.add_argument("--decision", action="store_true",
                    help="also choose the p-manipulated decision (threshold and uncertain band, decision.py)")
    ap.add_argument("--decision-precision", type=float, default=0.9)
    ap.add_argument("--max-false-alarm", type=float, default=0.05)
    ap.add_argument("--bias", choices=["none", "nll", "balanced"], default="none")
    ap.add_argument("--equalise-real-with", default=None, metavar="CLASS",
                    help="add a bias to the real logit until real recall matches CLASS's recall on val")
    ap.add_argument("--target-precision", type=float, default=0.95)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)

    model, meta = load_checkpoint(args.checkpoint)
    rows = read_datasets(args.data, "val")
    y = np.array([r["y"] for r in rows])
    logits = predict_files(model, rows, None)
    t, b = fit_calibration(logits, y, args.bias)
    real_bias = 0.0
    if args.equalise_real_with:
        real_bias = equalise_real_with(logits, y, t, b, args.equalise_real_with, meta["classes"])
        b = [v + (real_bias if i == meta["classes"].index("real") else 0.0) for i, v in enumerate(b)]
        b = [v - float(np.mean(b)) for v in b]
    probs = torch.softmax(logits.double() / t + torch.tensor(b, dtype=torch.float64), 1).numpy()
    before = torch.softmax(logits.double(), 1).numpy()
    m = compute_metrics(y, probs.argmax(1), [r["source"] for r in rows], probs=probs)
    band = choose_uncertain_band(probs, y, args.target_precision)
    decision = None
    if args.decision:
        decision = {**choose_decision(1 - probs[:, 0], y != 0, args.decision_precision, args.max_false_alarm),
                    "chosenOn": f"val ({len(rows)} faces of {', '.join(os.path.basename(os.path.normpath(d)) for d in args.data)})"}
    report = {
        "checkpoint": args.checkpoint, "bias": args.bias, "equaliseRealWith": args.equalise_real_with,
        "realBias": real_bias, "temperature": t, "logitBias": b,
        "valImages": len(rows), "valEceBefore": expected_calibration_error(before, y), "valEce": m["ece"],
        "valBalancedAccuracy": m["balancedAccuracy"], "valBinaryAccuracy": m["binaryAccuracy"],
        "valPerClassRecall": m["perClassRecall"], "uncertainBand": band, "decision": decision,
    }
    calibrated = {**meta, "temperature": t, "logitBias": b, "calibration": {k: v for k, v in report.items()
                                                                             if k not in ("uncertainBand", "decision")},
                  "uncertainBand": {k: v for k, v in band.items() if k != "curve"}}
    if decision is not None:
        calibrated["decision"] = decision
    save_with_meta(args.checkpoint, args.out, calibrated)
    print(json.dumps({k: v for k, v in report.items()}, indent=2))
    return report


if __name__ == "__main__":
    main()
