"""The comparison's baselines (baselines.py): shapes, the constrained layer's rule, fixed filters that stay
fixed, the cost counter, export of the hybrids the app runs, and one training step of each."""
import json

import pytest
import torch

from tracelens_train.architectures import ARCHITECTURES, HYBRIDS, build_model
from tracelens_train.baselines import ConstrainedConv, mo_kernels, srm_kernels
from tracelens_train.model import after_step, architecture_of, count_multiply_adds, count_parameters
from tracelens_train.step import train_step
from tracelens_train.tfjs_weights import load_exported, write_weights

BASELINES = ["constrained-hybrid", "srm-hybrid", "mo-hybrid", "meso4", "mesoinception4"]


@pytest.mark.parametrize("arch", BASELINES)
def test_every_baseline_gives_four_logits_on_a_128px_face(arch):
    m = build_model(arch).eval()
    assert architecture_of(m) == arch and arch in ARCHITECTURES
    with torch.no_grad():
        assert m(torch.rand(2, 3, 128, 128) * 255).shape == (2, 4)


def test_multiply_adds_match_the_apps_spec_and_the_hand_count():
    # src/model/spec.ts's multiplyAdds for the two existing architectures
    assert count_multiply_adds(build_model("amtennet")) == 123_750_464
    assert count_multiply_adds(build_model("model-base")) == 77_301_824
    # a 5x5 front end of 3 -> 3 channels on 128 x 128, and conv4 on 3 channels as Model-base's
    assert count_multiply_adds(build_model("srm-hybrid")) == 77_301_824 + 128 * 128 * 5 * 5 * 3 * 3
    assert count_multiply_adds(build_model("mo-hybrid")) == 77_301_824 + 128 * 128 * 3 * 3 * 3 * 3
    # Meso-4 at 128 px: conv 3x3 3->8 at 128, 5x5 8->8 at 64, 5x5 8->16 at 32, 5x5 16->16 at 16, dense 256->16->4
    want = 128 * 128 * 9 * 3 * 8 + 64 * 64 * 25 * 8 * 8 + 32 * 32 * 25 * 8 * 16 + 16 * 16 * 25 * 16 * 16 + 256 * 16 + 16 * 4
    assert count_multiply_adds(build_model("meso4")) == want


def _constraint_error(w):
    c = w.shape[-1] // 2
    centre = w[:, :, c, c]
    others = w.sum(dim=(2, 3)) - centre
    return max((centre + 1).abs().max().item(), (others - 1).abs().max().item())


def test_constrained_layer_keeps_its_rule_through_training_steps():
    torch.manual_seed(0)
    m = build_model("constrained-hybrid")
    assert _constraint_error(m.front.weight) < 1e-5
    opt = torch.optim.Adam(m.parameters(), lr=1e-2)
    x, y = torch.rand(4, 3, 128, 128) * 255, torch.tensor([0, 1, 2, 3])
    before = m.front.weight.detach().clone()
    for _ in range(3):
        train_step(m, opt, x, y)
    assert _constraint_error(m.front.weight) < 1e-5  # re-imposed after every step
    assert (m.front.weight - before).abs().max() > 1e-4  # and it did learn


def test_projection_is_what_makes_the_rule_hold():
    """Without after_step a step breaks the constraint: so the test above can fail."""
    torch.manual_seed(0)
    m = build_model("constrained-hybrid")
    opt = torch.optim.SGD(m.parameters(), lr=1e-3)
    loss = m(torch.rand(2, 3, 128, 128) * 255).sum()
    loss.backward()
    opt.step()
    assert _constraint_error(m.front.weight) > 1e-4
    after_step(m)
    assert _constraint_error(m.front.weight) < 1e-5


def test_a_degenerate_kernel_is_reset_to_a_valid_one():
    layer = ConstrainedConv()
    with torch.no_grad():
        layer.weight.zero_()
    layer.project()
    assert _constraint_error(layer.weight) < 1e-6


@pytest.mark.parametrize("arch,kernels", [("srm-hybrid", srm_kernels), ("mo-hybrid", mo_kernels)])
def test_fixed_filters_are_high_pass_and_never_trained(arch, kernels):
    m = build_model(arch)
    w = m.front.weight
    assert torch.equal(w, kernels())
    assert all(p is not w for p in m.parameters())  # a buffer: the optimiser never sees it
    assert w.sum(dim=(2, 3)).abs().max() < 1e-6  # every 2-D kernel sums to 0: flat regions give 0
    flat = torch.full((1, 3, 32, 32), 200.0)
    assert m.front(flat)[..., 4:-4, 4:-4].abs().max() < 1e-4
    assert count_parameters(m) == count_parameters(build_model("model-base"))


@pytest.mark.parametrize("arch", HYBRIDS)
def test_hybrid_export_round_trip(tmp_path, arch):
    torch.manual_seed(1)
    m = build_model(arch)
    m.train()
    with torch.no_grad():
        for _ in range(2):
            m(torch.rand(4, 3, 128, 128) * 255)
    m.eval()
    write_weights(m, str(tmp_path), temperature=1.2, quantize="uint8")
    names = [w["name"] for w in json.load(open(tmp_path / "weights_manifest.json"))[0]["weights"]]
    assert names[:2] == ["front/kernel", "conv4/kernel"]
    with pytest.raises(ValueError, match="front end"):  # which front end only the card can say
        load_exported(str(tmp_path))
    (tmp_path / "model-card.json").write_text(json.dumps({"architecture": arch, "classes": ["real", "identity", "attribute", "splice"]}))
    back, _ = load_exported(str(tmp_path))
    assert architecture_of(back) == arch
    assert torch.equal(back.front.weight, m.front.weight)  # stays float32 (small tensors are not quantised)
    x = torch.rand(2, 3, 128, 128) * 255
    with torch.no_grad():
        want = m(x) / 1.2
        assert (back(x) - want).abs().max().item() < 0.05 * want.abs().max().item()
