"""The parity goldens' inputs are generated, the same bytes every run, and read no data set."""
import hashlib
import json

import numpy as np
import pytest
import torch

from tracelens_train import make_goldens
from tracelens_train.architectures import build_model
from tracelens_train.tfjs_weights import write_weights


def test_generated_inputs_are_deterministic_distinct_images():
    first = make_goldens.generated_inputs()
    second = make_goldens.generated_inputs()
    assert [n for n, _, _ in first] == ["gradient", "noise", "checkerboard", "face-pattern"]
    for (name, _, a), (_, _, b) in zip(first, second):
        assert a.dtype == np.uint8 and a.shape == (128, 128, 3), name
        assert a.tobytes() == b.tobytes(), name
    digests = {hashlib.sha256(a.tobytes()).hexdigest() for _, _, a in first}
    assert len(digests) == len(first)


def test_inputs_cover_smooth_random_edged_and_face_like_content():
    inputs = {n: a.astype(np.int64) for n, _, a in make_goldens.generated_inputs()}

    def step(a):  # mean change from one pixel to the next along a row
        return np.abs(np.diff(a, axis=1)).mean()

    assert step(inputs["gradient"]) < 3
    assert step(inputs["noise"]) > 60 and inputs["noise"].min() == 0 and inputs["noise"].max() == 255
    assert step(inputs["checkerboard"]) > step(inputs["gradient"]) * 10
    face = inputs["face-pattern"]
    # skin in the middle, darker hair above it, and two eyes: bright whites left and right of centre
    assert face[68, 64, 0] > face[68, 64, 2] + 40
    assert face[12, 64].sum() < face[68, 64].sum()
    assert face[56, 44].sum() > 650 and face[56, 84].sum() > 650


def test_a_hybrids_goldens_are_its_own_file_on_the_shared_inputs(tmp_path):
    """make_goldens --arch srm-hybrid: probabilities of the exported hybrid, no Fmt, the same input bytes."""
    torch.manual_seed(0)
    model_dir, out = tmp_path / "model", tmp_path / "golden"
    model = build_model("srm-hybrid").eval()
    write_weights(model, str(model_dir))
    card = {"id": "srm-hybrid-faces-v1", "version": "0.0.0-test", "architecture": "srm-hybrid",
            "classes": ["real", "identity", "attribute", "splice"]}
    (model_dir / "model-card.json").write_text(json.dumps(card))
    make_goldens.main(["--arch", "srm-hybrid", "--model-dir", str(model_dir), "--out", str(out)])
    golden = json.loads((out / "srm-hybrid-golden.json").read_text())
    assert sorted(p.name for p in out.iterdir()) == ["input_1.bin", "input_2.bin", "input_3.bin", "input_4.bin",
                                                     "srm-hybrid-golden.json"]
    assert (golden["modelId"], golden["architecture"]) == ("srm-hybrid-faces-v1", "srm-hybrid")
    inputs = make_goldens.generated_inputs()
    for case, (name, _, u8) in zip(golden["cases"], inputs):
        assert case["name"] == name and "fmt" not in case
        x = torch.from_numpy(u8.copy()).permute(2, 0, 1).float().unsqueeze(0)
        with torch.no_grad():
            want = torch.softmax(model(x), 1)[0]
        assert max(abs(a - b) for a, b in zip(case["probabilities"], want.tolist())) < 1e-6
    # an input file that is not the generated one is refused, not silently overwritten
    (out / "input_2.bin").write_bytes(b"\0" * len(inputs[1][2].tobytes()))
    with pytest.raises(SystemExit, match="input_2.bin"):
        make_goldens.main(["--arch", "srm-hybrid", "--model-dir", str(model_dir), "--out", str(out)])


def test_a_second_amtennet_folder_gets_its_own_goldens_and_fmt_beside_the_first(tmp_path):
    """make_goldens --id amtennet-faces-v2: <id>-golden.json and <id>-fmt_<k>.bin on the shared inputs;
    amtennet-faces-v1's golden.json, fmt_<k>.bin, resize.json and the inputs are left byte for byte."""
    classes = ["real", "identity", "attribute", "splice"]
    out = tmp_path / "golden"
    models = {}
    for seed, model_id in [(0, "amtennet-faces-v1"), (1, "amtennet-faces-v2")]:
        torch.manual_seed(seed)
        model = build_model("amtennet").eval()
        write_weights(model, str(tmp_path / model_id))
        (tmp_path / model_id / "model-card.json").write_text(json.dumps(
            {"id": model_id, "version": f"0.0.{seed}-test", "architecture": "amtennet", "classes": classes}))
        models[model_id] = model
    make_goldens.main(["--model-dir", str(tmp_path / "amtennet-faces-v1"), "--out", str(out)])
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(before) == sorted(["resize.json", "golden.json"] + [f"{s}_{k}.bin" for s in ("input", "fmt")
                                                                      for k in range(1, 5)])

    make_goldens.main(["--id", "amtennet-faces-v2", "--model-dir", str(tmp_path / "amtennet-faces-v2"),
                       "--out", str(out)])
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(after) - set(before) == {"amtennet-faces-v2-golden.json"} | {
        f"amtennet-faces-v2-fmt_{k}.bin" for k in range(1, 5)}
    assert all(after[n] == before[n] for n in before)
    golden = json.loads(after["amtennet-faces-v2-golden.json"])
    assert (golden["modelId"], golden["modelVersion"], golden["architecture"]) == (
        "amtennet-faces-v2", "0.0.1-test", "amtennet")
    v1 = json.loads(after["golden.json"])
    assert v1["modelId"] == "amtennet-faces-v1" and "architecture" not in v1
    for case, v1_case, (name, _, u8) in zip(golden["cases"], v1["cases"], make_goldens.generated_inputs()):
        assert case["name"] == name and case["input"] == v1_case["input"]
        x = torch.from_numpy(u8.copy()).permute(2, 0, 1).float().unsqueeze(0)
        with torch.no_grad():
            logits, maps = models["amtennet-faces-v2"](x, return_maps=True)
        want = torch.softmax(logits, 1)[0]
        assert max(abs(a - b) for a, b in zip(case["probabilities"], want.tolist())) < 1e-6
        fmt = np.frombuffer(after[case["fmt"]], dtype="<f4")
        assert case["fmt"].startswith("amtennet-faces-v2-fmt_")
        assert np.abs(fmt - maps["fmt"][0].permute(1, 2, 0).reshape(-1).numpy()).max() < 1e-5
        assert after[case["fmt"]] != after[v1_case["fmt"]]  # two models, two Fmt

    # The file is named by the card's id: --model-dir alone writes the same file, never golden.json.
    make_goldens.main(["--model-dir", str(tmp_path / "amtennet-faces-v2"), "--out", str(out)])
    again = {p.name: p.read_bytes() for p in out.iterdir()}
    assert again == after
    # --id must be the folder's card id, and the inputs must be the generated ones.
    with pytest.raises(SystemExit, match="not 'amtennet-faces-v3'"):
        make_goldens.main(["--id", "amtennet-faces-v3", "--model-dir", str(tmp_path / "amtennet-faces-v2"),
                           "--out", str(out)])
    (out / "input_3.bin").write_bytes(b"\0" * len(after["input_3.bin"]))
    with pytest.raises(SystemExit, match="input_3.bin"):
        make_goldens.main(["--id", "amtennet-faces-v2", "--model-dir", str(tmp_path / "amtennet-faces-v2"),
                           "--out", str(out)])


@pytest.mark.parametrize("model_id, arch, name", [
    ("amtennet-faces-v1", "amtennet", "golden.json"),
    (None, "amtennet", "golden.json"),
    ("amtennet-faces-v2", "amtennet", "amtennet-faces-v2-golden.json"),
    ("srm-hybrid-faces-v1", "srm-hybrid", "srm-hybrid-golden.json"),
    ("srm-hybrid-faces-v2", "srm-hybrid", "srm-hybrid-faces-v2-golden.json"),
])
def test_golden_file_names_follow_the_folder_id(model_id, arch, name):
    assert make_goldens.golden_file(model_id, arch) == name
