"""Classification metrics and temperature scaling."""
from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F

from . import CLASSES


def compute_metrics(y_true, y_pred, sources=None, classes=CLASSES):
    """accuracy, balancedAccuracy (mean per-class recall over classes present), binaryAccuracy
    (real vs any manipulation), perClassRecall, confusion[true][pred], binaryAccuracyBySource."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    k = len(classes)
    conf = np.zeros((k, k), dtype=int)
    for t, p in zip(y_true, y_pred):
        conf[t, p] += 1
    recall = {}
    for i, c in enumerate(classes):
        n = conf[i].sum()
        recall[c] = float(conf[i, i] / n) if n else None
    present = [v for v in recall.values() if v is not None]
    real = classes.index("real")
    bin_ok = (y_true == real) == (y_pred == real)
    out = {
        "n": int(len(y_true)),
        "accuracy": float((y_true == y_pred).mean()) if len(y_true) else None,
        "balancedAccuracy": float(np.mean(present)) if present else None,
        "binaryAccuracy": float(bin_ok.mean()) if len(y_true) else None,
        "perClassRecall": recall,
        "confusion": {"classes": list(classes), "rowsTrueColsPred": conf.tolist()},
    }
    if sources is not None:
        by = defaultdict(list)
        for s, ok in zip(sources, bin_ok):
            by[s].append(bool(ok))
        out["binaryAccuracyBySource"] = {s: {"n": len(v), "binaryAccuracy": float(np.mean(v))}
                                         for s, v in sorted(by.items())}
    return out


def fit_temperature(logits, labels, max_iter=100):
    """Temperature scaling (Guo et al. 2017): T minimising the NLL of softmax(logits / T) on
    held-out data, by LBFGS on log T (keeps T > 0)."""
    logits = torch.as_tensor(logits, dtype=torch.float64)
    labels = torch.as_tensor(labels, dtype=torch.long)
    log_t = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.5, max_iter=max_iter, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = F.cross_entropy(logits / log_t.exp(), labels)
        loss.backward()
        return loss

    opt.step(closure)
    return float(log_t.exp().item())


def nll(logits, labels, temperature=1.0):
    return float(F.cross_entropy(torch.as_tensor(logits, dtype=torch.float64) / temperature,
                                 torch.as_tensor(labels, dtype=torch.long)).item())
