"""The source critic (source_critic.py): its gradient reaches the network reversed, it names sources without
their class, and a run with it resumes exactly like one without."""

import pytest
import torch

from tracelens_train import train
from tracelens_train.source_critic import SourceCritic, critic_loss, ramp, reverse_gradient, source_ids

from test_resume import _run, _weights
from test_sbi import template_landmark_file


def test_the_gradient_comes_back_reversed_and_scaled():
    x = torch.ones(3, requires_grad=True)
    (reverse_gradient(x, 0.5) * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
    assert torch.equal(x.grad, torch.tensor([-0.5, -1.0, -1.5]))


def test_the_critic_learns_the_source_while_the_features_move_to_hide_it():
    torch.manual_seed(0)
    feats = torch.randn(8, 5, requires_grad=True)
    critic = SourceCritic(5, 4, 2, hidden=8)
    classes, sources = torch.zeros(8, dtype=torch.long), torch.tensor([0, 1] * 4)
    before = critic_loss(critic, feats, classes, sources, 1.0)
    before.backward()
    step = 1e-2
    with torch.no_grad():
        moved = feats - step * feats.grad  # a step of the features down their (reversed) gradient raises the loss
        after_feats = critic_loss(critic, moved, classes, sources, 1.0).item()
        for p in critic.parameters():  # a step of the critic down its own gradient lowers it
            p -= step * p.grad
        after_critic = critic_loss(critic, feats, classes, sources, 1.0).item()
    assert after_feats > before.item() > after_critic


def test_sources_are_named_without_their_class():
    rows = [{"key": "faces-v2/attgan_pt/real"}, {"key": "faces-v2/attgan_pt/attribute"}, {"key": "faces-v2/lfw/real"}]
    ids, names = source_ids(rows)
    assert names == ["faces-v2/attgan_pt", "faces-v2/lfw"] and ids == [0, 0, 1]


def test_the_ramp_starts_at_zero_and_nears_one():
    assert ramp(0) == 0 and 0.98 < ramp(0.5) < ramp(1) <= 1


def test_a_run_with_a_critic_resumes_exactly_and_differs_from_one_without(tiny_data, tmp_path):
    """The issue-23 recipe with its self-blended twins (whose source is their real face's) and a critic."""
    lm = template_landmark_file(tiny_data, tmp_path)

    def run(name, *extra):
        return _run(tiny_data, tmp_path, name, "--epochs", "2", "--sampling", "source-sqrt", "--binary-weight", "1",
                    "--sbi-landmarks", str(lm), "--sbi-share", "1", "--samples-per-epoch", "12", *extra)

    whole = train.main(run("whole", "--critic-weight", "1", "--critic-lr-mult", "10"))
    assert "source critic" in whole["recipe"]
    train.main(run("cut", "--critic-weight", "1", "--critic-lr-mult", "10", "--stop-after-epoch", "1"))
    ck = torch.load(tmp_path / "cut" / "checkpoint.pt", weights_only=False)
    assert "critic" in ck and ck["args"]["critic_weight"] == 1
    net, critic = ck["optimizer"]["param_groups"]  # the critic learns at its own rate
    assert critic["initial_lr"] == pytest.approx(10 * net["initial_lr"])
    assert all(h["criticLoss"] > 0 for h in ck["history"])
    train.main(["--resume", str(tmp_path / "cut"), "--threads", "1"])
    a, b = _weights(tmp_path / "whole" / "model.pt"), _weights(tmp_path / "cut" / "model.pt")
    assert a.keys() == b.keys() and not any("critic" in k or k.startswith(("hidden", "out.")) for k in a)
    for k in a:
        assert torch.allclose(a[k].float(), b[k].float(), rtol=1e-5, atol=1e-6), k
    ca, cb = (torch.load(tmp_path / n / "checkpoint.pt", weights_only=False)["critic"] for n in ("whole", "cut"))
    for k in ca:  # the critic went on from where it was, not from a fresh start
        assert torch.allclose(ca[k], cb[k], rtol=1e-5, atol=1e-6), k
    train.main(run("plain"))
    c = _weights(tmp_path / "plain" / "model.pt")
    assert any(not torch.allclose(a[k].float(), c[k].float(), rtol=1e-5, atol=1e-6) for k in a)
