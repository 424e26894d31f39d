"""compare.py: the order runs are taken in, resume of a cut-off run, the table's mean +- sd over seeds and the
run list, and cost.py's interleaved timing."""
import json
import os
import shutil

import pytest

from tracelens_train import compare, cost
from tracelens_train.baselines import Xception
from tracelens_train.model import count_parameters
from tracelens_train.runs import take_lock, write_between_markers


@pytest.fixture
def runs(tmp_path, monkeypatch):
    monkeypatch.setattr(compare, "RUNS_DIR", str(tmp_path / "runs"))
    monkeypatch.setattr(compare, "RECORDS_DIR", str(tmp_path / "records"))
    return tmp_path


def _test_metrics(bal, real=0.5):
    by_source = {s: {"n": 10, "binaryAccuracy": 0.7} for s in compare.SOURCES}
    return {"accuracy": bal - 0.01, "balancedAccuracy": bal, "binaryAccuracy": 0.7, "ece": 0.03,
            "perClassRecall": {"real": real}, "binaryAccuracyBySource": by_source}


def _finish(arch, seed, bal, real=0.5):
    d = compare.run_dir(arch, seed)
    os.makedirs(d, exist_ok=True)
    t = _test_metrics(bal, real)
    for name, obj in (("test.json", t), ("test_jpeg75.json", {**t, "balancedAccuracy": bal - 0.02}),
                      ("meta.json", {"minutes": 20.0, "bestEpoch": 9, "valBalancedAccuracy": bal + 0.01}),
                      ("started.json", {"commit": "abc1234"})):
        with open(os.path.join(d, name), "w") as f:
            json.dump(obj, f)


def test_table_gives_mean_and_sd_over_seeds_and_one_seed_plainly(runs):
    _finish("model-base", 0, 0.70)
    _finish("model-base", 1, 0.74)
    _finish("srm-hybrid", 0, 0.71)
    text = compare.table(compare.collect())
    base = next(line for line in text.splitlines() if line.startswith("| Model-base"))
    assert "| 0, 1 |" in base and "0.720 ± 0.028" in base  # mean 0.72, sample sd 0.0283
    srm = next(line for line in text.splitlines() if line.startswith("| SRM hybrid"))
    assert "| 0.710 |" in srm and "±" not in srm.split("|")[4]
    assert "AMTENnet |" not in text  # nothing finished for it: no row


def test_run_list_says_what_is_done_cut_off_and_still_to_run(runs):
    _finish("model-base", 0, 0.70)
    d = compare.run_dir("amtennet", 0)
    os.makedirs(d)
    with open(os.path.join(d, "history.jsonl"), "w") as f:
        f.write("{}\n{}\n{}\n")
    listing = compare.run_list()
    assert "| `model-base-s0` | model-base | 0 | abc1234 | done | 20 | 9 (0.710) |" in listing
    assert "cut off after epoch 3 of 10: resume" in listing
    assert listing.count("| to run |") == len(compare.PLAN) - 2


def test_run_resumes_a_cut_off_run_and_measures_the_uint8_export(runs, monkeypatch):
    calls = []

    def fake_call(args, log):
        calls.append(args)
        d = compare.run_dir("srm-hybrid", 0)
        if "tracelens_train.train" in args:  # training finishes: model.pt and its meta appear
            open(os.path.join(d, "model.pt"), "w").close()
            with open(os.path.join(d, "meta.json"), "w") as f:
                json.dump({"minutes": 20.0, "bestEpoch": 9, "valBalancedAccuracy": 0.71}, f)
        if "--out" in args and "tracelens_train.evaluate" in args:
            with open(args[args.index("--out") + 1], "w") as f:
                json.dump(_test_metrics(0.7), f)

    monkeypatch.setattr(compare, "call", fake_call)
    d = compare.run_dir("srm-hybrid", 0)
    os.makedirs(d)
    open(os.path.join(d, "checkpoint.pt"), "w").close()
    open(os.path.join(d, "history.jsonl"), "w").close()
    with open(os.path.join(d, "started.json"), "w") as f:
        json.dump({"commit": "abc1234"}, f)
    compare.run_one("srm-hybrid", 0, threads=1, log=lambda *a: None)
    assert calls[0][2:] == ["tracelens_train.train", "--resume", d, "--threads", "1"]
    assert any("tracelens_train.export" in c and "uint8" in c for c in calls)
    evals = [c for c in calls if "tracelens_train.evaluate" in c]
    assert [c[c.index("--model") + 1] for c in evals[1:]] == [os.path.join(d, "app")] * 2  # the app's weights
    assert any("--jpeg" in c for c in evals)
    assert compare.state_of("srm-hybrid", 0)[0] == "done"
    calls.clear()
    compare.run_one("srm-hybrid", 0, threads=1, log=lambda *a: None)
    assert calls == []  # done runs are not run again


def test_meso_runs_are_measured_on_their_checkpoint(runs, monkeypatch):
    calls = []

    def fake_call(args, log):
        calls.append(args)
        d = compare.run_dir("meso4", 0)
        if "tracelens_train.train" in args:
            open(os.path.join(d, "model.pt"), "w").close()
            for name, obj in (("meta.json", {"minutes": 3.0, "bestEpoch": 9, "valBalancedAccuracy": 0.6}),
                              ("started.json", {"commit": "abc1234"})):
                with open(os.path.join(d, name), "w") as f:
                    json.dump(obj, f)
        if "tracelens_train.evaluate" in args:
            with open(args[args.index("--out") + 1], "w") as f:
                json.dump(_test_metrics(0.6), f)

    monkeypatch.setattr(compare, "call", fake_call)
    compare.run_one("meso4", 0, threads=1, log=lambda *a: None)
    assert "--arch" in calls[0] and "meso4" in calls[0] and "--conv1-init" not in calls[0]
    assert not any("tracelens_train.export" in c for c in calls)
    assert all(c[c.index("--model") + 1].endswith("model.pt") for c in calls[1:])


def test_a_finished_run_is_recorded_and_its_record_outlives_the_run_folder(runs):
    _finish("model-base", 0, 0.70)
    before = compare.table(compare.collect())
    assert os.path.exists(compare.record_path("model-base", 0))
    shutil.rmtree(compare.run_dir("model-base", 0))  # a fresh clone: runs/ is not committed
    assert compare.state_of("model-base", 0)[0] == "done"
    assert compare.table(compare.collect()) == before and "| 0.700 |" in before
    assert "| `model-base-s0` | model-base | 0 | abc1234 | done | 20 | 9 (0.710) |" in compare.run_list()
    os.remove(compare.record_path("model-base", 0))
    assert compare.state_of("model-base", 0)[0] == "to run"  # without the record it would run again


def test_write_between_markers_keeps_the_rest(tmp_path):
    p = tmp_path / "R.md"
    p.write_text(f"head\n{compare.BEGIN}\nold\n{compare.END}\ntail\n")
    write_between_markers(str(p), "new table", compare.BEGIN, compare.END)
    assert p.read_text() == f"head\n{compare.BEGIN}\nnew table\n{compare.END}\ntail\n"
    p.write_text("no markers")
    with pytest.raises(SystemExit):
        write_between_markers(str(p), "x", compare.BEGIN, compare.END)


def test_xception_is_the_standard_network():
    # Keras' Xception has 22,855,952 trainable parameters with its 1,000-class head (2,049,000 of them)
    assert count_parameters(Xception(4)) == 22_855_952 - 2_049_000 + 2048 * 4 + 4


def test_cost_times_every_architecture_in_one_run():
    out = cost.main(["--archs", "meso4", "model-base", "--rounds", "1", "--batch-size", "2", "--threads", "1"])
    assert list(out) == ["meso4", "model-base"] and out["meso4"]["ratioToFirst"] == 1.0
    assert out["model-base"]["multiplyAdds"] == 77_301_824 and out["model-base"]["msPerTrainingImage"] > 0


def test_a_run_taken_by_a_live_process_is_left_to_it(runs):
    d = compare.run_dir("amtennet", 0)
    assert take_lock(d)  # free: taken
    with open(os.path.join(d, "lock"), "w") as f:
        f.write(str(os.getppid()))  # a live process that is not this one
    assert not take_lock(d)
    with open(os.path.join(d, "lock"), "w") as f:
        f.write("999999999")  # gone
    assert take_lock(d)


def test_differences_use_the_pooled_seed_spread_and_say_when_a_gap_is_shown(runs):
    # AMTENnet 0.80 / 0.82, Model-base 0.70 / 0.72: within-row sd 0.01414 (2 df), so a 10-point gap with a
    # 95 % half-width of 4.303 * 0.01414 * sqrt(1/2 + 1/2) = 6.1 points is shown; the SRM row (one seed, 0.80)
    # is 1 point behind AMTENnet with a half-width of 4.303 * 0.01414 * sqrt(1/2 + 1) = 7.5: not shown.
    for seed, bal in ((0, 0.80), (1, 0.82)):
        _finish("amtennet", seed, bal)
    for seed, bal in ((0, 0.70), (1, 0.72)):
        _finish("model-base", seed, bal)
    _finish("srm-hybrid", 0, 0.80)
    results = compare.collect()
    sd, df = compare.pooled_sd(results, "balancedAccuracy")
    assert df == 2 and sd == pytest.approx(0.014142, abs=1e-5)
    d, half, verdict = compare.difference(results, "model-base", "balancedAccuracy")
    assert d == pytest.approx(0.10) and half == pytest.approx(0.0608, abs=1e-3) and verdict == "AMTENnet ahead"
    d, half, verdict = compare.difference(results, "srm-hybrid", "balancedAccuracy")
    assert d == pytest.approx(0.01) and half == pytest.approx(0.0745, abs=1e-3) and verdict == "no difference shown"
    text = compare.differences(results)
    assert "| Model-base (no AMTEN) | 2 / 2 | +10.0 (±6.1): AMTENnet ahead |" in text
    assert "balanced accuracy 1.4 points (2 degrees of freedom)" in text


def test_a_row_ahead_of_amtennet_by_more_than_the_interval_is_said_to_be(runs):
    for seed, bal in ((0, 0.70), (1, 0.72)):
        _finish("amtennet", seed, bal)
    for seed, bal in ((0, 0.80), (1, 0.82)):
        _finish("model-base", seed, bal)
    d, _, verdict = compare.difference(compare.collect(), "model-base", "balancedAccuracy")
    assert d == pytest.approx(-0.10) and verdict == "AMTENnet behind"


def test_differences_without_repeated_seeds_claim_nothing(runs):
    _finish("amtennet", 0, 0.80)
    _finish("model-base", 0, 0.60)
    d, half, verdict = compare.difference(compare.collect(), "model-base", "balancedAccuracy")
    assert half is None and verdict.startswith("not measured")


def test_table_takes_wasm_times_by_architecture_and_says_which_rows_have_none(runs, tmp_path):
    _finish("amtennet", 0, 0.80)
    _finish("model-base", 0, 0.70)
    _finish("meso4", 0, 0.65)
    bench = tmp_path / "wasm.json"
    bench.write_text(json.dumps({"backends": {"wasm": [
        {"id": "amtennet-faces-v1", "architecture": "amtennet", "batch1Rounds": [15.2, 14.1, 14.9]}]}}))
    times = compare.wasm_ms(str(bench))
    assert times == {"amtennet": 14.1}
    lines = compare.table(compare.collect(), times).splitlines()
    assert lines[0].endswith("| wasm ms / face |")
    cell = {line.split("|")[1].strip(): line.split("|")[-2].strip() for line in lines[2:]}
    assert cell == {"AMTENnet": "14.1", "Model-base (no AMTEN)": "not timed", "Meso-4": "not exported"}
    assert compare.wasm_ms(str(tmp_path / "absent.json")) == {}
