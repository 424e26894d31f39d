import json
import os

import numpy as np
import torch

from tracelens_train import calibrate, evaluate, export, fmt_report, train, val_study
from tracelens_train.calibrate import equalise_real_with, fit_calibration
from tracelens_train.pack import load_packed, pack


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
                 "--version", "0.0.1", "--out", str(out), "--data", tiny_data])
    assert sorted(os.listdir(out)) == ["group1-shard1of1.bin", "model-card.json", "weights_manifest.json"]
    card = json.load(open(out / "model-card.json"))
    assert card["temperature"] == meta["temperature"] and card["metrics"]["n"] == 8
    # the exported directory evaluates to the same predictions (T does not change the argmax)
    m2 = evaluate.main(["--model", str(out), "--data", tiny_data, "--split", "test"])
    assert m2["confusion"] == m["confusion"]


def test_pack_and_train_from_packed(tiny_data, tmp_path):
    parts = pack(tiny_data, ["train", "val"], str(tmp_path / "packed"), max_mib=4.06, log=lambda *a: None)
    assert len(parts) >= 2  # tiny limit forces several parts
    for p in parts:
        assert os.path.getsize(p) < 4.06 * 1024 * 1024
    rows, arr = load_packed(str(tmp_path / "packed"), "train")
    assert len(rows) == 12 and arr.shape == (12, 128, 128, 3)
    meta = train.main(["--packed", str(tmp_path / "packed"), "--out", str(tmp_path / "run"), "--epochs", "1",
                       "--batch-size", "4", "--device", "cpu", "--limit-per-class", "2"])
    assert meta["trainImages"] == 8


def test_calibrate_then_export_bakes_temperature_and_bias_and_records_the_band(tiny_data, tmp_path):
    run = tmp_path / "run"
    train.main(["--data", tiny_data, "--out", str(run), "--epochs", "1", "--batch-size", "4", "--threads", "1",
                "--cache-dir", str(tmp_path / "cache"), "--device", "cpu", "--warmup-steps", "1"])
    rep = calibrate.main(["--checkpoint", str(run / "model.pt"), "--data", tiny_data, "--bias", "balanced",
                          "--out", str(run / "calibrated.pt"), "--threads", "1"])
    assert rep["temperature"] > 0 and len(rep["logitBias"]) == 4 and abs(sum(rep["logitBias"])) < 1e-9
    band = rep["uncertainBand"]
    assert 0.4 <= band["minProbability"] <= 0.99 and band["curve"][0]["coverage"] >= band["valCoverage"]
    m = evaluate.main(["--model", str(run / "calibrated.pt"), "--data", tiny_data, "--split", "test",
                       "--out", str(tmp_path / "m.json")])
    assert 0 <= m["ece"] <= 1 and m["realFalseAlarmRate"] == 1 - m["perClassRecall"]["real"]
    fmt_report.main(["--model", str(run / "calibrated.pt"), "--data", tiny_data, "--images", "8",
                     "--out", str(tmp_path / "fmt.json")])
    out = tmp_path / "export"
    export.main(["--checkpoint", str(run / "calibrated.pt"), "--metrics", str(tmp_path / "m.json"),
                 "--version", "1.0.0", "--out", str(out), "--fmt-report", str(tmp_path / "fmt.json")])
    card = json.load(open(out / "model-card.json"))
    assert len(card["fmt"]["tapSums"]) == 3 and 0 <= card["fmt"]["pictureShare"] <= 1
    assert card["logitBias"] == rep["logitBias"] and card["uncertainBand"]["minProbability"] == band["minProbability"]
    assert "curve" not in card["uncertainBand"] and card["metrics"]["ece"] == m["ece"]
    assert "provisional" not in json.dumps(card).lower()
    # The exported softmax is the calibrated one: same predictions and probabilities as the checkpoint's.
    m2 = evaluate.main(["--model", str(out), "--data", tiny_data, "--split", "test"])
    assert m2["confusion"] == m["confusion"] and abs(m2["ece"] - m["ece"]) < 1e-5


def test_fit_calibration_recovers_a_known_temperature_and_prior_shift():
    torch.manual_seed(0)
    true = torch.randn(20000, 3) * 2
    shift = torch.tensor([0.8, -0.3, -0.5])
    labels = torch.distributions.Categorical(logits=true + shift).sample()
    t, b = fit_calibration(true * 2.0, labels, bias="nll")  # the model's logits are twice too sharp, prior unknown
    assert abs(t - 2.0) < 0.1
    assert torch.allclose(torch.tensor(b), shift - shift.mean(), atol=0.08)
    t0, b0 = fit_calibration(true * 2.0, labels, bias="none")
    assert b0 == [0.0, 0.0, 0.0]


def test_val_study_scores_best_last_and_ema_weights_with_and_without_flip_and_their_ensemble(tiny_data, tmp_path):
    runs = []
    for seed in (0, 1):
        run = tmp_path / f"run{seed}"
        train.main(["--data", tiny_data, "--out", str(run), "--epochs", "1", "--batch-size", "4", "--threads", "1",
                    "--cache-dir", str(tmp_path / "cache"), "--device", "cpu", "--seed", str(seed)])
        runs.append(str(run))
    table = val_study.main(["--runs", *runs, "--data", tiny_data, "--threads", "1", "--out", str(tmp_path / "s.json")])
    assert len(table) == 2 * (3 + 1) + 2  # 2 runs x (best, best + flip, last-raw, last-ema) + 2 ensembles
    assert any(k.startswith("ensemble of 2 best") and k.endswith("+ flip") for k in table)
    for by in table.values():
        assert set(by) == {"none", "nll", "balanced"}
        assert all(0 <= s["balancedAccuracy"] <= 1 and 0 <= s["ece"] <= 1 for s in by.values())
    assert json.load(open(tmp_path / "s.json"))["valImages"] == 8


def test_equalise_real_with_finds_the_smallest_real_bias_at_which_real_recall_reaches_the_other_class():
    classes = ["real", "identity"]
    # real faces score real - identity = -0.3 (all missed); identity faces score -1 (all caught)
    logits = torch.tensor([[0.0, 0.3]] * 10 + [[0.0, 1.0]] * 10)
    labels = np.array([0] * 10 + [1] * 10)
    d = equalise_real_with(logits, labels, 1.0, [0.0, 0.0], "identity", classes)
    assert abs(d - 0.35) < 1e-9  # at 0.35 every real face is recalled and no identity face is lost yet
    assert equalise_real_with(logits, labels, 1.0, [0.5, 0.0], "identity", classes) == 0.0


def test_the_export_parity_check_runs_on_val_faces_and_on_noise_without_the_data_set(tiny_data, tmp_path):
    x, what = export.round_trip_inputs(tiny_data)
    assert what.endswith("val faces") and x.shape[1:] == (3, 128, 128) and x.shape[0] > 2
    assert x.std() > 0 and 0 <= x.min() and x.max() <= 255
    x, what = export.round_trip_inputs(str(tmp_path / "absent"))
    assert x.shape[0] == 2 and "noise" in what
