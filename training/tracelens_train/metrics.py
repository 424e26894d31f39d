"""Classification metrics and temperature scaling."""
from collections import defaultdict

import numpy as np
import torch
import torch.nn.functional as F

from . import CLASSES


ECE_BINS = 15


def expected_calibration_error(probs, y_true, bins=ECE_BINS):
    """ECE (Guo et al. 2017): the top class's probability is put in `bins` equal-width bins; the
    mean over images of |accuracy - mean confidence| of each image's bin."""
    probs = np.asarray(probs, dtype=np.float64)
    y_true = np.asarray(y_true)
    conf = probs.max(1)
    correct = probs.argmax(1) == y_true
    # bin i holds confidences in (i/bins, (i+1)/bins]; a confidence of exactly 0 cannot occur
    idx = np.clip(np.ceil(conf * bins).astype(int) - 1, 0, bins - 1)
    ece = 0.0
    for b in range(bins):
        sel = idx == b
        if sel.any():
            ece += sel.mean() * abs(correct[sel].mean() - conf[sel].mean())
    return float(ece)


def compute_metrics(y_true, y_pred, sources=None, classes=CLASSES, probs=None):
    """accuracy, balancedAccuracy (mean per-class recall over classes present), binaryAccuracy
    (real vs any manipulation), perClassRecall, realFalseAlarmRate (real faces called any
    manipulation), confusion[true][pred], binaryAccuracyBySource; with probs also ece."""
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
        "realFalseAlarmRate": float(1 - recall["real"]) if recall.get("real") is not None else None,
        "confusion": {"classes": list(classes), "rowsTrueColsPred": conf.tolist()},
    }
    if probs is not None:
        out["ece"] = expected_calibration_error(probs, y_true)
        out["eceBins"] = ECE_BINS
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


def auc(scores, positive):
    """Area under the ROC curve of scores for positive (bool) against the rest: the probability that
    a random positive scores above a random negative, ties counting half (Mann-Whitney, average ranks).
    None when either side is empty."""
    scores = np.asarray(scores, dtype=np.float64)
    positive = np.asarray(positive, dtype=bool)
    n_pos, n_neg = int(positive.sum()), int((~positive).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=np.float64)
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def family_auc(pm, y, families):
    """AUC of P(manipulated) of each family of fakes against all real faces given, and their mean."""
    pm, y, families = np.asarray(pm), np.asarray(y), np.asarray(families)
    real = y == 0
    per = {}
    for fam in sorted(set(families[~real].tolist())):
        sel = real | ((families == fam) & ~real)
        per[fam] = auc(pm[sel], ~real[sel])
    vals = [v for v in per.values() if v is not None]
    return {"mean": float(np.mean(vals)) if vals else 0.0, "perFamily": per}
