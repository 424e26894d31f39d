"""The out-of-distribution scores rank faces unlike the fitted ones higher (issue 23, item 6)."""
import numpy as np
import torch

from tracelens_train.metrics import auc
from tracelens_train.ood import fit_gaussian, ood_scores


def test_scores_rank_far_and_unsure_inputs_higher():
    g = torch.Generator().manual_seed(0)
    feats = torch.cat([torch.randn(200, 8, generator=g, dtype=torch.float64) + 3,
                       torch.randn(200, 8, generator=g, dtype=torch.float64) - 3])
    labels = [0] * 200 + [1] * 200
    gaussian = fit_gaussian(feats, labels)
    near = torch.randn(50, 8, generator=g, dtype=torch.float64) + 3
    far = torch.randn(50, 8, generator=g, dtype=torch.float64) * 0.5 + torch.tensor([0, 0, 0, 0, 9, -9, 9, -9.0])
    sure = torch.tensor([[6.0, 0.0]]).repeat(50, 1).double()
    unsure = torch.tensor([[0.1, 0.0]]).repeat(50, 1).double()
    s_near = ood_scores(sure, near, 1.0, gaussian)
    s_far = ood_scores(unsure, far, 1.0, gaussian)
    positive = np.r_[np.ones(50, bool), np.zeros(50, bool)]
    for k in ("msp", "energy", "distance"):
        assert auc(np.r_[s_far[k], s_near[k]], positive) == 1.0, k


def test_gate_makes_far_faces_uncertain_and_counts_what_is_left():
    from tracelens_train.ood import gate_effect
    d_val = np.arange(10.0)  # val distances 0..9; q=0.8 keeps those <= 7.2
    stated_val = np.array([1, 1, -1, -1, 0, 1, -1, 1, 1, 1])
    fake_val = np.array([1, 0, 0, 0, 1, 1, 0, 1, 0, 0], bool)
    held = gate_effect(np.array([1, 1, -1, 1]), np.array([1.0, 8.0, 2.0, 9.5]), stated_val, d_val, fake_val, 0.8)
    assert held["heldStatedManipulated"] == 0.25  # only the near one of the three stated manipulated stays
    assert held["valStated"] == 0.7  # 8 faces kept, one of them uncertain
    assert abs(held["valRight"] - 6 / 7) < 1e-12  # of the 7 stated, only face 1 (stated manipulated, real) is wrong
    none = gate_effect(np.array([1, 1, -1, 1]), np.array([1.0, 8.0, 2.0, 9.5]), stated_val, d_val, fake_val, None)
    assert none["heldStatedManipulated"] == 0.75 and none["valStated"] == 0.9
