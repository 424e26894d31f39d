"""The parity goldens' inputs are generated, the same bytes every run, and read no data set."""
import hashlib

import numpy as np
import pytest

from tracelens_train import make_goldens


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
    import json

    import torch

    from tracelens_train.export import write_weights
    from tracelens_train.model import build_model

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
