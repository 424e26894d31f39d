"""Which weights a run keeps: after every epoch the raw weights and their EMA are scored on val, and the best
so far (by val balanced accuracy, or by the mean over families of fakes of the AUC of P(manipulated)) is kept;
"last" keeps the last epoch's EMA (for a run whose val has no fakes, such as one trained on real faces alone)."""
from .metrics import compute_metrics, family_auc, nll
from .prediction import p_manipulated, predict_logits

SELECT_BY = ("balanced-accuracy", "family-auc", "last")


def selection_score(select_by, metrics, logits, ys, val_rows):
    """The number checkpoints are chosen by (higher is better)."""
    if select_by == "last":
        return 0.0  # every candidate ties; update_best keeps the later one
    if select_by == "family-auc":
        return family_auc(p_manipulated(logits), ys.numpy(), [r["family"] for r in val_rows])["mean"]
    return metrics["balancedAccuracy"]


def score_on_val(candidates, val_loader, device, channels_last, select_by, val_rows):
    """{name: (metrics, val NLL)} and {name: selection score} of each candidate model ("raw", "ema")."""
    val, score = {}, {}
    for name, model in candidates.items():
        logits, ys = predict_logits(model, val_loader, device, channels_last)
        val[name] = (compute_metrics(ys.numpy(), logits.argmax(1).numpy()), nll(logits, ys))
        score[name] = selection_score(select_by, val[name][0], logits, ys, val_rows)
    return val, score


def initial_best():
    return {"balancedAccuracy": -1.0, "epoch": 0, "weights": "raw"}


def update_best(best, val, score, epoch, select_by):
    """(best, the candidate whose weights become best_state.pt, or None): a candidate is kept when it beats the
    best so far, candidates taken in order (so the EMA, scored after the raw weights, wins only when better)."""
    winner = None
    for name, (m, _) in val.items():
        so_far = best.get("score", best["balancedAccuracy"])
        if score[name] > so_far or (select_by == "last" and score[name] == so_far):
            best = {"balancedAccuracy": m["balancedAccuracy"], "score": score[name], "selectBy": select_by,
                    "epoch": epoch, "weights": name}
            winner = name
    return best, winner
