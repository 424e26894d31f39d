import json
import os

import numpy as np
import torch

from tracelens_train.metrics import compute_metrics, fit_temperature
from tracelens_train.model import AMTENnet
from tracelens_train.model_card import model_card
from tracelens_train.step import binary_logit, train_step
from tracelens_train.tfjs_weights import load_exported, write_weights


def test_one_training_step_lowers_the_loss():
    torch.manual_seed(0)
    m = AMTENnet(4)
    x = torch.rand(8, 3, 128, 128) * 255
    y = torch.tensor([0, 1, 2, 3, 0, 1, 2, 3])
    opt = torch.optim.Adam(m.parameters(), lr=1e-5)  # Adam's first step is sign-like: keep it small
    m.eval()
    with torch.no_grad():
        before = torch.nn.functional.cross_entropy(m.train()(x), y).item()
    train_step(m, opt, x, y, label_smoothing=0.0)
    with torch.no_grad():
        after = torch.nn.functional.cross_entropy(m.train()(x), y).item()
    assert after < before


def test_class_weight_scales_only_the_four_class_loss():
    torch.manual_seed(0)
    x = torch.rand(8, 3, 128, 128) * 255
    y = torch.tensor([0, 1, 2, 3, 0, 1, 2, 3])

    def first_loss(**weights):
        torch.manual_seed(0)
        m = AMTENnet(4)
        with torch.no_grad():
            logits = m.train()(x)
        parts = (torch.nn.functional.cross_entropy(logits, y).item(),
                 torch.nn.functional.binary_cross_entropy_with_logits(binary_logit(logits), (y != 0).float()).item())
        return train_step(m, torch.optim.SGD(m.parameters(), lr=0.0), x, y, label_smoothing=0.0, **weights), parts

    loss, (ce, bce) = first_loss(binary_weight=1.0, class_weight=0.25)
    assert abs(loss - (0.25 * ce + bce)) < 1e-4 * (ce + bce)
    loss, (ce, _) = first_loss()
    assert abs(loss - ce) < 1e-4 * ce


def test_export_round_trip(tmp_path):
    torch.manual_seed(1)
    m = AMTENnet(4)
    m.train()
    with torch.no_grad():  # give BN non-trivial running statistics
        for _ in range(3):
            m(torch.rand(4, 3, 128, 128) * 255)
    m.eval()
    t = 1.7
    write_weights(m, str(tmp_path), temperature=t)
    man = json.load(open(tmp_path / "weights_manifest.json"))
    assert man[0]["paths"] == ["group1-shard1of1.bin"]
    shapes = {w["name"]: w["shape"] for w in man[0]["weights"]}
    assert shapes["conv1/kernel"] == [3, 3, 3, 3] and "conv1/bias" not in shapes
    assert shapes["conv3_1/kernel"] == [3, 3, 6, 6]
    assert shapes["conv4/kernel"] == [3, 3, 12, 24] and shapes["bn4/moving_variance"] == [24]
    assert shapes["conv7/kernel"] == [1, 1, 64, 128]
    assert shapes["fc0/kernel"] == [6272, 300] and shapes["fc2/kernel"] == [300, 4]
    assert [w["name"] for w in man[0]["weights"]][:3] == ["conv1/kernel", "conv2_1/kernel", "conv2_1/bias"]
    n = sum(int(np.prod(s)) for s in shapes.values())
    assert os.path.getsize(tmp_path / "group1-shard1of1.bin") == 4 * n
    # fc0 rows are in H,W,C order: row (h*7 + w)*128 + c is PyTorch column c*49 + h*7 + w
    buf = np.fromfile(tmp_path / "group1-shard1of1.bin", dtype="<f4")
    off = 0
    for w in man[0]["weights"]:
        k = int(np.prod(w["shape"]))
        if w["name"] == "fc0/kernel":
            fc0 = buf[off:off + k].reshape(6272, 300)
        off += k
    h, w_, c = 3, 5, 17
    assert np.allclose(fc0[(h * 7 + w_) * 128 + c], m.fc0.weight[:, c * 49 + h * 7 + w_].detach().numpy())

    back, _ = load_exported(str(tmp_path))
    x = torch.rand(3, 3, 128, 128) * 255
    with torch.no_grad():
        a, ma = m(x, return_maps=True)
        b, mb = back(x, return_maps=True)
    assert torch.allclose(b, a / t, rtol=1e-4, atol=1e-4)
    assert torch.allclose(ma["fmt"], mb["fmt"])


def test_model_card_fields():
    meta = {"classes": ["real", "identity", "attribute", "splice"], "temperature": 1.5, "trainImages": 10,
            "valImages": 4, "limitPerClass": 3, "recipe": "r", "epochsRun": 1, "bestEpoch": 1,
            "hardware": "cpu", "minutes": 0.1, "command": "c"}
    metrics = {"split": "test", **compute_metrics([0, 1, 2, 3], [0, 1, 2, 0], ["a", "a", "b", "b"])}
    card = model_card(meta, metrics, "0.0.1")
    assert card["id"] == "amtennet-faces-v1" and card["inputSize"] == 128
    assert card["preprocessing"] == {"channelOrder": "RGB", "range": [0, 255], "resize": "bilinear-antialias",
                                     "layout": "NHWC"}
    assert card["temperature"] == 1.5 and card["metrics"]["n"] == 4
    for k in ("trainingData", "training", "licence", "version", "classes", "architecture"):
        assert k in card


def test_temperature_scaling_recovers_known_temperature():
    torch.manual_seed(0)
    true_logits = torch.randn(5000, 4) * 2.5
    labels = torch.distributions.Categorical(logits=true_logits).sample()
    for t in (0.5, 2.0, 3.0):
        assert abs(fit_temperature(true_logits * t, labels) - t) / t < 0.08


def test_metrics():
    m = compute_metrics([0, 0, 1, 2, 3, 3], [0, 1, 1, 2, 0, 3], ["s", "s", "s", "t", "t", "t"])
    assert m["n"] == 6
    assert abs(m["accuracy"] - 4 / 6) < 1e-9
    assert abs(m["balancedAccuracy"] - (0.5 + 1 + 1 + 0.5) / 4) < 1e-9
    assert abs(m["binaryAccuracy"] - 4 / 6) < 1e-9  # 0->1 wrong, 3->0 wrong
    assert m["perClassRecall"]["real"] == 0.5
    assert m["confusion"]["rowsTrueColsPred"][3][0] == 1
    assert m["binaryAccuracyBySource"]["t"]["n"] == 3


def test_uint8_export_is_four_times_smaller_keeps_the_amten_module_exact_and_round_trips(tmp_path):
    torch.manual_seed(2)
    m = AMTENnet(4).eval()
    write_weights(m, str(tmp_path), temperature=1.0, quantize="uint8")
    man = json.load(open(tmp_path / "weights_manifest.json"))[0]["weights"]
    quantized = {w["name"] for w in man if "quantization" in w}
    assert {"fc0/kernel", "fc1/kernel", "conv5/kernel", "conv6/kernel"} <= quantized
    assert not any(n.startswith(("conv1/", "conv2_", "conv3_", "bn")) or n.endswith("/bias") for n in quantized)
    size = os.path.getsize(tmp_path / "group1-shard1of1.bin")
    assert size < 2.2e6  # float32 would be 8.1 MB
    back, _ = load_exported(str(tmp_path))
    x = torch.rand(2, 3, 128, 128) * 255
    with torch.no_grad():
        a, ma = m(x, return_maps=True)
        b, mb = back(x, return_maps=True)
    assert torch.equal(ma["fmt"], mb["fmt"])  # the AMTEN module is stored exactly
    fc0 = next(w for w in man if w["name"] == "fc0/kernel")["quantization"]
    # Dequantisation error is at most half a step per weight.
    assert (back.fc0.weight - m.fc0.weight).abs().max().item() <= fc0["scale"] / 2 + 1e-6
    # Random weights on raw pixels give large logits: compare relative to their size.
    assert (b - a).abs().max() < 0.02 * a.abs().max()
