"""The decision from P(manipulated): threshold, uncertain band, and what they state."""
import numpy as np

from tracelens_train.decision import choose_decision, stated


def test_decision_separates_and_keeps_false_alarms_low():
    rng = np.random.RandomState(0)
    real = np.clip(rng.normal(0.25, 0.12, 600), 0, 1)
    fake = np.clip(rng.normal(0.7, 0.15, 600), 0, 1)
    pm = np.concatenate([real, fake])
    is_fake = np.r_[np.zeros(600, bool), np.ones(600, bool)]
    d = choose_decision(pm, is_fake, precision=0.9, max_false_alarm=0.05)
    low, high = d["uncertain"]
    assert low <= d["threshold"] <= high
    assert 0.4 < d["threshold"] < 0.55  # between the two bumps
    assert d["realStatedManipulated"] <= 0.05 and d["statedRight"] >= 0.9
    assert (real >= high).mean() <= 0.05
    # a stricter false-alarm limit moves the upper edge up
    assert choose_decision(pm, is_fake, 0.9, 0.01)["uncertain"][1] > high


def test_stated_sides():
    assert stated([0.1, 0.5, 0.9], 0.3, 0.8).tolist() == [-1, 0, 1]
    assert stated([0.3, 0.8], 0.3, 0.8).tolist() == [0, 1]  # low is inclusive of uncertain, high states
