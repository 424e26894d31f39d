import json
import os

import torch

from tracelens_train import evaluate, export, train


def test_train_evaluate_export_end_to_end(tiny_data, tmp_path):
    run = tmp_path / "run"
    meta = train.main(["--data", tiny_data, "--out", str(run), "--epochs", "1", "--batch-size", "4",
                       "--cache-dir", str(tmp_path / "cache"), "--device", "cpu", "--warmup-steps", "1"])
    assert meta["trainImages"] == 12 and meta["temperature"] > 0
    assert (run / "model.pt").exists() and (run / "history.jsonl").exists()
    m = evaluate.main(["--model", str(run / "model.pt"), "--data", tiny_data, "--split", "test",
                       "--out", str(tmp_path / "m.json")])
    for k in ("n", "accuracy", "balancedAccuracy", "binaryAccuracy", "perClassRecall", "confusion",
              "binaryAccuracyBySource"):
        assert k in m
    assert m["n"] == 8
    mj = evaluate.main(["--model", str(run / "model.pt"), "--data", tiny_data, "--split", "test", "--jpeg", "75"])
    assert mj["jpegQuality"] == 75
    out = tmp_path / "export"
    export.main(["--checkpoint", str(run / "model.pt"), "--metrics", str(tmp_path / "m.json"),
                 "--version", "0.0.1", "--out", str(out)])
    assert sorted(os.listdir(out)) == ["group1-shard1of1.bin", "model-card.json", "weights_manifest.json"]
    card = json.load(open(out / "model-card.json"))
    assert card["temperature"] == meta["temperature"] and card["metrics"]["n"] == 8
    # the exported directory evaluates to the same predictions (T does not change the argmax)
    m2 = evaluate.main(["--model", str(out), "--data", tiny_data, "--split", "test"])
    assert m2["confusion"] == m["confusion"]


def test_pack_and_train_from_packed(tiny_data, tmp_path):
    from tracelens_train.pack import load_packed, pack

    parts = pack(tiny_data, ["train", "val"], str(tmp_path / "packed"), max_mib=4.06, log=lambda *a: None)
    assert len(parts) >= 2  # tiny limit forces several parts
    for p in parts:
        assert os.path.getsize(p) < 4.06 * 1024 * 1024
    rows, arr = load_packed(str(tmp_path / "packed"), "train")
    assert len(rows) == 12 and arr.shape == (12, 128, 128, 3)
    meta = train.main(["--packed", str(tmp_path / "packed"), "--out", str(tmp_path / "run"), "--epochs", "1",
                       "--batch-size", "4", "--device", "cpu", "--limit-per-class", "2"])
    assert meta["trainImages"] == 8
