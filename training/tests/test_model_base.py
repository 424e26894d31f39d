"""The paper's Model-base (AMTENnet without the AMTEN module) through train / evaluate / export / goldens."""
import json
import os

import numpy as np
import pytest
import torch

from tracelens_train import evaluate, export, make_goldens, train
from tracelens_train.architectures import ARCHITECTURES, build_model, card_architecture
from tracelens_train.checkpoints import load_checkpoint
from tracelens_train.metrics import compute_metrics
from tracelens_train.model import architecture_of, count_parameters
from tracelens_train.model_card import model_card
from tracelens_train.tfjs_weights import load_exported, write_weights


def test_build_model_by_architecture_id():
    assert {"amtennet", "model-base"} <= set(ARCHITECTURES)
    a, b = build_model("amtennet"), build_model("model-base")
    assert a.amten and not b.amten and architecture_of(a) == "amtennet" and architecture_of(b) == "model-base"
    assert count_parameters(a) == 2_023_649
    # no AMTEN module (81 + 2 * 84 + 2 * 330 parameters) and conv4 takes 3 channels instead of 12
    assert count_parameters(b) == 2_023_649 - (81 + 2 * 84 + 2 * 330) - 9 * 9 * 24
    with pytest.raises(ValueError, match="unknown architecture"):
        build_model("mislnet")


def _with_bn_stats(m):
    m.train()
    with torch.no_grad():
        for _ in range(2):
            m(torch.rand(4, 3, 128, 128) * 255)
    return m.eval()


@pytest.mark.parametrize("quantize", [None, "uint8"])
def test_model_base_export_round_trip(tmp_path, quantize):
    torch.manual_seed(2)
    m = _with_bn_stats(build_model("model-base"))
    write_weights(m, str(tmp_path), temperature=1.3, quantize=quantize)
    man = json.load(open(tmp_path / "weights_manifest.json"))
    names = [w["name"] for w in man[0]["weights"]]
    shapes = {w["name"]: w["shape"] for w in man[0]["weights"]}
    assert names[:2] == ["conv4/kernel", "conv4/bias"] and not any(n.startswith(("conv1", "conv2", "conv3")) for n in names)
    assert shapes["conv4/kernel"] == [3, 3, 3, 24] and shapes["fc0/kernel"] == [6272, 300]
    back, _ = load_exported(str(tmp_path))
    assert architecture_of(back) == "model-base"
    x = torch.rand(2, 3, 128, 128) * 255
    with torch.no_grad():
        want = m(x) / 1.3
        got, maps = back(x, return_maps=True)
    tol = 0.05 * want.abs().max().item() if quantize else 1e-4
    assert (got - want).abs().max().item() < tol
    assert "fmt" not in maps and maps["flat"].shape == (2, 6272)


def test_amtennet_export_is_unchanged(tmp_path):
    """The AMTENnet manifest keeps its layer list and order (the app's spec.ts)."""
    m = build_model("amtennet").eval()
    write_weights(m, str(tmp_path))
    names = [w["name"] for w in json.load(open(tmp_path / "weights_manifest.json"))[0]["weights"]]
    assert names[:10] == ["conv1/kernel", "conv2_1/kernel", "conv2_1/bias", "conv2_2/kernel", "conv2_2/bias",
                          "conv3_1/kernel", "conv3_1/bias", "conv3_2/kernel", "conv3_2/bias", "conv4/kernel"]
    assert len(names) == 1 + 4 * 2 + 4 * 2 + 3 * 4 + 6


def _meta(**kw):
    return {"classes": ["real", "identity", "attribute", "splice"], "temperature": 1.5, "trainImages": 10,
            "valImages": 4, "limitPerClass": 3, "recipe": "r", "epochsRun": 1, "bestEpoch": 1,
            "hardware": "cpu", "minutes": 0.1, "command": "c", **kw}


def test_model_card_architecture_field():
    metrics = {"split": "test", **compute_metrics([0, 1, 2, 3], [0, 1, 2, 0])}
    old = model_card(_meta(), metrics, "0.0.1")  # checkpoints from before --arch
    assert old["id"] == "amtennet-faces-v1" and old["architecture"] == "amtennet"
    assert model_card(_meta(variant="base"), metrics, "0.0.1")["architecture"] == "model-base"
    base = model_card(_meta(architecture="model-base"), metrics, "0.0.1", note="n")
    assert base["id"] == "model-base-faces-v1" and base["architecture"] == "model-base"
    assert base["trainingData"]["note"].startswith("Baseline for comparison only") and base["trainingData"]["note"].endswith("n")
    assert set(base) == set(old)
    assert card_architecture({"architecture": "AMTENnet"}) == "amtennet"  # the card shipped with 0.2.1
    assert card_architecture({}) == "amtennet"
    with pytest.raises(ValueError):
        card_architecture({"architecture": "Meso-4"})


def test_card_and_weights_must_agree(tmp_path):
    write_weights(build_model("model-base").eval(), str(tmp_path))
    with open(tmp_path / "model-card.json", "w") as f:
        json.dump({"classes": ["a", "b", "c", "d"], "architecture": "amtennet"}, f)
    with pytest.raises(ValueError, match="card says amtennet"):
        load_exported(str(tmp_path))


def test_arch_flag_end_to_end(tiny_data, tmp_path):
    run = tmp_path / "run"
    meta = train.main(["--arch", "model-base", "--data", tiny_data, "--out", str(run), "--epochs", "1",
                       "--batch-size", "4", "--cache-dir", str(tmp_path / "cache"), "--device", "cpu",
                       "--warmup-steps", "1"])
    assert meta["architecture"] == "model-base" and meta["variant"] == "base"
    assert "--arch model-base" in meta["command"]
    model, _ = load_checkpoint(str(run / "model.pt"))
    assert architecture_of(model) == "model-base"

    m = evaluate.main(["--model", str(run / "model.pt"), "--data", tiny_data, "--split", "test",
                       "--out", str(tmp_path / "m.json")])
    assert m["architecture"] == "model-base" and m["n"] == 8
    with pytest.raises(SystemExit):
        evaluate.main(["--model", str(run / "model.pt"), "--data", tiny_data, "--arch", "amtennet"])

    out = tmp_path / "export"
    with pytest.raises(SystemExit):
        export.main(["--checkpoint", str(run / "model.pt"), "--metrics", str(tmp_path / "m.json"),
                     "--version", "0.0.1", "--out", str(out), "--arch", "amtennet"])
    export.main(["--checkpoint", str(run / "model.pt"), "--metrics", str(tmp_path / "m.json"),
                 "--version", "0.0.1", "--out", str(out), "--quantize", "uint8", "--arch", "model-base"])
    card = json.load(open(out / "model-card.json"))
    assert card["id"] == "model-base-faces-v1" and card["architecture"] == "model-base"
    m2 = evaluate.main(["--model", str(out), "--data", tiny_data, "--split", "test", "--arch", "model-base"])
    assert m2["n"] == 8

    # goldens (generated inputs, no data set): amtennet first (writes the inputs), then model-base re-uses them, no Fmt
    am = tmp_path / "amtennet-export"
    write_weights(_with_bn_stats(build_model("amtennet")), str(am))
    gold = tmp_path / "golden"
    make_goldens.main(["--model-dir", str(am), "--out", str(gold)])
    before = {n: open(gold / n, "rb").read() for n in os.listdir(gold)}
    with pytest.raises(SystemExit):  # the directory holds model-base weights, not amtennet
        make_goldens.main(["--model-dir", str(out), "--out", str(gold)])
    make_goldens.main(["--arch", "model-base", "--model-dir", str(out), "--out", str(gold)])
    after = {n: open(gold / n, "rb").read() for n in os.listdir(gold)}
    assert set(after) - set(before) == {"model-base-golden.json"}
    assert all(after[n] == before[n] for n in before)  # inputs, Fmt, resize.json and golden.json untouched
    g = json.loads(after["model-base-golden.json"])
    assert g["modelId"] == "model-base-faces-v1" and g["architecture"] == "model-base"
    assert [c["input"] for c in g["cases"]] == [f"input_{k}.bin" for k in range(1, len(make_goldens.INPUTS) + 1)]
    assert all("fmt" not in c and np.isclose(sum(c["probabilities"]), 1, atol=1e-5) for c in g["cases"])
