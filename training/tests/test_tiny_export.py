"""tiny_export: a tiny run exported as an app model folder (the app's "Open a model folder..." tests open it),
with the PyTorch goldens of the exported weights beside it."""
import json

from tracelens_train import CLASSES, tiny_export
from tracelens_train.tfjs_weights import load_exported


def test_tiny_export_writes_an_app_model_folder_that_round_trips_and_its_goldens(tmp_path):
    out = tmp_path / "app"
    tiny_export.main(["--out", str(out), "--steps", "2", "--version", "0.0.1-pytest"])
    assert sorted(p.name for p in out.iterdir()) == ["golden", "group1-shard1of1.bin", "model-card.json",
                                                     "weights_manifest.json"]
    card = json.loads((out / "model-card.json").read_text())
    assert (card["id"], card["version"], card["architecture"], card["classes"], card["inputSize"]) == (
        tiny_export.TINY_ID, "0.0.1-pytest", "amtennet", CLASSES, 128)
    model, _ = load_exported(str(out))
    golden = json.loads((out / "golden" / f"{tiny_export.TINY_ID}-golden.json").read_text())
    assert [c["name"] for c in golden["cases"]] == ["gradient", "noise", "checkerboard", "face-pattern"]
    for c in golden["cases"]:
        assert abs(sum(c["probabilities"]) - 1) < 1e-5
        assert (out / "golden" / c["input"]).stat().st_size == 128 * 128 * 3
