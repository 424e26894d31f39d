import torch
import torch.nn.functional as F

from tracelens_train.architectures import build_model
from tracelens_train.model import AMTENnet, count_parameters, npr


def test_every_layer_shape_for_128_input():
    m = AMTENnet(4).eval()
    x = torch.rand(2, 3, 128, 128) * 255
    with torch.no_grad():
        logits, maps = m(x, return_maps=True)
    assert maps["fmt"].shape == (2, 3, 128, 128)
    assert maps["f1"].shape == (2, 6, 128, 128)
    assert maps["freu"].shape == (2, 12, 128, 128)
    assert maps["block4"].shape == (2, 24, 64, 64)
    assert maps["block5"].shape == (2, 48, 31, 31)
    assert maps["block6"].shape == (2, 64, 14, 14)
    assert maps["block7"].shape == (2, 128, 7, 7)
    assert maps["flat"].shape == (2, 6272)
    assert logits.shape == (2, 4)


def test_amten_module_definition():
    m = AMTENnet(4).eval()
    assert m.conv1.bias is None
    assert "conv1.bias" not in dict(m.named_parameters())
    x = torch.rand(1, 3, 128, 128) * 255
    with torch.no_grad():
        _, maps = m(x, return_maps=True)
        fmt = F.conv2d(x, m.conv1.weight, padding=1) - x
        assert torch.allclose(maps["fmt"], fmt, atol=1e-3)
        c22 = m.conv2_2(m.conv2_1(fmt))
        assert torch.allclose(maps["f1"][:, :3], c22, atol=1e-3)  # F1 = concat(conv2_2, Fmt)
        assert torch.allclose(maps["f1"][:, 3:], fmt, atol=1e-3)
        assert torch.allclose(maps["freu"][:, 6:], maps["f1"])  # Freu = concat(conv3_2, F1)
    # linear: no activation in the module
    with torch.no_grad():
        _, a = m(x, return_maps=True)
        _, b = m(-x, return_maps=True)
    assert torch.allclose(a["freu"], -b["freu"], atol=1e-3)


def test_parameter_count_about_2_02m():
    m = AMTENnet(4)
    n = count_parameters(m)
    assert abs(n - 2.02e6) < 0.01e6, n
    fc = sum(p.numel() for k, p in m.named_parameters() if k.startswith("fc"))
    assert abs(fc - 1.97e6) < 0.01e6, fc


def test_batchnorm_and_init():
    m = AMTENnet(4)
    for bn in (m.bn4, m.bn5, m.bn6):
        assert bn.eps == 1e-5
    assert not hasattr(m, "bn7")
    bound = (3.0 / 6272) ** 0.5
    assert m.fc0.weight.abs().max() <= bound and m.fc0.weight.abs().max() > 0.9 * bound
    assert float(m.fc0.bias.abs().sum()) == 0.0
    bound4 = (3.0 / (12 * 9)) ** 0.5
    assert m.conv4.weight.abs().max() <= bound4


def test_caffe_style_running_stats_are_bias_corrected():
    m = AMTENnet(4).train()
    x = torch.rand(4, 3, 128, 128) * 255
    with torch.no_grad():
        m(x)
        batch_mean = F.relu(m.pool(m.conv4(m.amten_maps(x)[2]))).mean((0, 2, 3))
    # the first update replaces the prior (mean 0) instead of moving 0.1% towards the batch mean
    assert torch.allclose(m.bn4.running_mean, batch_mean, rtol=1e-4, atol=1e-4)
    assert m.bn4.momentum == 1.0


def test_model_base_variant():
    m = AMTENnet(4, amten=False).eval()
    assert m.conv4.in_channels == 3 and not hasattr(m, "conv1")
    with torch.no_grad():
        assert m(torch.rand(1, 3, 128, 128) * 255).shape == (1, 4)


def test_npr_is_zero_on_2x2_blocks_and_keeps_the_grid():
    blocks = torch.arange(4.).view(1, 1, 2, 2).repeat_interleave(2, 2).repeat_interleave(2, 3)  # 4x4 of 2x2 blocks
    assert torch.equal(npr(blocks), torch.zeros_like(blocks))
    x = torch.arange(16.).view(1, 1, 4, 4)
    assert torch.equal(npr(x)[0, 0, :2, :2], torch.tensor([[0., 1.], [4., 5.]]))  # each pixel minus its block's top-left


def test_amtennet_npr_adds_three_channels_before_conv4():
    m = build_model("amtennet-npr")
    assert m.conv4.in_channels == 15 and m.arch == "amtennet-npr"
    assert m(torch.rand(2, 3, 128, 128) * 255).shape == (2, 4)


def test_amtennet_rms_gives_every_face_fmt_at_unit_rms_so_its_level_tells_nothing():
    m = build_model("amtennet-rms").eval()
    assert m.arch == "amtennet-rms" and m.conv4.in_channels == 12
    x = torch.rand(2, 3, 128, 128) * 255
    fmt = m.amten_maps(x)[0]
    assert torch.allclose(fmt.pow(2).mean(dim=(1, 2, 3)).sqrt(), torch.ones(2), atol=1e-3)
    # a face whose traces are a quarter as strong (Fmt is linear in the face: here the face scaled) scores the same
    dull = x / 4
    assert torch.allclose(m(dull), m(x), atol=1e-3)
    plain = build_model("amtennet").eval()
    assert not torch.allclose(plain(dull), plain(x), atol=1e-3)


def test_amtennet_wide_widens_the_backbone_within_twice_the_multiply_adds():
    from tracelens_train.model import count_multiply_adds
    m, plain = build_model("amtennet-wide"), build_model("amtennet")
    assert m.arch == "amtennet-wide" and (m.conv4.out_channels, m.conv7.out_channels, m.fc0.in_features) == (36, 192, 9408)
    assert m(torch.rand(2, 3, 128, 128) * 255).shape == (2, 4)
    assert 1.5 < count_multiply_adds(m) / count_multiply_adds(plain) < 2.0  # the browser budget is 2x


def test_amtennet_local_scores_a_face_as_the_mean_of_39_px_patches_that_see_only_their_own_corner():
    from tracelens_train.model import count_multiply_adds
    m = build_model("amtennet-local").eval()
    assert m.arch == "amtennet-local" and not hasattr(m, "fc0")
    x = torch.rand(2, 3, 128, 128) * 255
    logits, maps = m(x, return_maps=True)
    patches = maps["patch_logits"]
    assert logits.shape == (2, 4) and patches.shape == (2, 4, 14, 14)
    assert torch.allclose(logits, patches.mean(dim=(2, 3)), atol=1e-5)
    assert m.features(x)[0].shape == (2, 128)  # the face's feature vector, as for the whole-face network
    # a change in the top-left corner moves the patches there and none of those 39 px or more away
    y = x.clone()
    y[:, :, :8, :8] = 255 - y[:, :, :8, :8]
    moved = (m(y, return_maps=True)[1]["patch_logits"] - patches).abs().amax(dim=(0, 1))
    assert moved[0, 0] > 1e-4
    assert moved[6:, :].max() < 1e-5 and moved[:, 6:].max() < 1e-5
    assert count_multiply_adds(m) <= count_multiply_adds(build_model("amtennet"))  # no dearer in the browser
