"""The app's decision from P(manipulated) = 1 - P(real) (issue 23): a threshold and an uncertain band,
chosen on val.

  pm >= high          -> "manipulated" is stated (the kind is the most probable manipulated class)
  pm <  low           -> "real" is stated
  otherwise           -> "uncertain", leaning to manipulated when pm >= threshold

The threshold maximises balanced binary accuracy (real recall and manipulated recall weighed alike).
`high` is the smallest value at or above the threshold at which the stated "manipulated" verdicts are
right at least `precision` of the time on val AND at most `max_false_alarm` of val's real faces are
stated manipulated (a wrong stated verdict on a real person is the worst outcome the app has); `low`
is the largest value at or below the threshold at which the stated "real" verdicts are right at least
`precision` of the time. The model card carries the result as `decision` (src/model/modelCard.ts).
"""
import numpy as np

GRID = np.round(np.arange(0.01, 1.0, 0.01), 2)


def balanced_binary_accuracy(pm, fake, t):
    pm, fake = np.asarray(pm), np.asarray(fake, dtype=bool)
    return 0.5 * (float((pm[~fake] < t).mean()) + float((pm[fake] >= t).mean()))


def choose_decision(pm, fake, precision=0.9, max_false_alarm=0.05):
    """{threshold, uncertain: [low, high], and what they gave on these faces}."""
    pm, fake = np.asarray(pm, dtype=np.float64), np.asarray(fake, dtype=bool)
    accs = [balanced_binary_accuracy(pm, fake, t) for t in GRID]
    t = float(GRID[int(np.argmax(accs))])
    high = 1.0
    for h in GRID[GRID >= t]:
        sel = pm >= h
        if sel.any() and fake[sel].mean() >= precision and (pm[~fake] >= h).mean() <= max_false_alarm:
            high = float(h)
            break
    low = 0.0
    for lo in GRID[GRID <= t][::-1]:
        sel = pm < lo
        if sel.any() and (~fake[sel]).mean() >= precision:
            low = float(lo)
            break
    return {"rule": "p-manipulated", "threshold": t, "uncertain": [low, high],
            "targetPrecision": precision, "maxFalseAlarm": max_false_alarm, **decision_stats(pm, fake, t, low, high)}


def stated(pm, low, high):
    """+1 stated manipulated, -1 stated real, 0 uncertain."""
    pm = np.asarray(pm)
    return np.where(pm >= high, 1, np.where(pm < low, -1, 0))


def decision_stats(pm, fake, t, low, high):
    pm, fake = np.asarray(pm), np.asarray(fake, dtype=bool)
    s = stated(pm, low, high)
    said = s != 0
    right = ((s == 1) & fake) | ((s == -1) & ~fake)
    return {
        "n": int(len(pm)),
        "balancedBinaryAccuracy": balanced_binary_accuracy(pm, fake, t),
        "statedShare": float(said.mean()) if len(pm) else None,
        "statedRight": float(right[said].mean()) if said.any() else None,
        "realStatedManipulated": float((s[~fake] == 1).mean()) if (~fake).any() else None,
        "manipulatedStated": float((s[fake] == 1).mean()) if fake.any() else None,
    }
