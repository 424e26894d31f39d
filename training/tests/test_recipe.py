"""recipes/*.toml as recipe.py reads them: the shipped recipe's options and schedule are those the shipped
run and the leave-one-family-out grid were trained with, variants come from files, and a wrong option fails."""
import os
import numpy as np
import pytest

from tracelens_train import lofo, recipe


def test_the_shipped_recipe_is_the_one_the_runs_were_trained_with():
    assert recipe.RECIPE == ["--arch", "amtennet", "--conv1-init", "residual", "--bf16", "--batch-size", "64",
                             "--lr", "3e-4", "--sampling", "source-sqrt", "--augment", "robust", "--binary-weight", "1",
                             "--select-by", "family-auc", "--val-limit-per-class", "500"]
    assert recipe.SHIP_SCHEDULE == ["--epochs", "8", "--samples-per-epoch", "28000"]
    assert [d.split("/")[-1] for d in recipe.DATA_DIRS] == ["faces-v1", "faces-v2"]


def test_lofo_variants_are_the_recipe_files_that_extend_it():
    assert lofo.VARIANTS == {"": [], "no-sbi": ["--sbi-share", "0"], "npr": ["--arch", "amtennet-npr"],
                             "sbi-all": ["--sbi-share", "1"], "binary-led": ["--class-weight", "0.25"],
                             "seed1": ["--seed", "1"], "seed2": ["--seed", "2"],
                             "photometric": ["--augment", "photometric"],
                             "photometric-seed1": ["--augment", "photometric", "--seed", "1"],
                             "binary-led-seed1": ["--class-weight", "0.25", "--seed", "1"],
                             "sbi-all-seed1": ["--sbi-share", "1", "--seed", "1"],
                             "source-adv": ["--critic-weight", "3", "--critic-lr-mult", "10"],
                             "source-adv-seed1": ["--critic-weight", "3", "--critic-lr-mult", "10", "--seed", "1"],
                             "grey": ["--augment", "robust-grey"], "grey-seed1": ["--augment", "robust-grey", "--seed", "1"],
                             "no-binary": ["--binary-weight", "0"], "no-binary-seed1": ["--binary-weight", "0", "--seed", "1"],
                             "class-sampling": ["--sampling", "class"],
                             "class-sampling-seed1": ["--sampling", "class", "--seed", "1"],
                             "pairs": ["--originals", "--pair-weight", "1"],
                             "pairs-seed1": ["--originals", "--pair-weight", "1", "--seed", "1"],
                             "native": ["--input", "native"], "native-seed1": ["--input", "native", "--seed", "1"],
                             "rms": ["--arch", "amtennet-rms"], "rms-seed1": ["--arch", "amtennet-rms", "--seed", "1"],
                             "wide": ["--arch", "amtennet-wide"], "wide-seed1": ["--arch", "amtennet-wide", "--seed", "1"],
                             "local": ["--arch", "amtennet-local"],
                             "synth": ["--twin-kinds", "sbi", "cross", "retouch", "warp"],
                             "synth-seed1": ["--twin-kinds", "sbi", "cross", "retouch", "warp", "--seed", "1"]}


def test_options_become_train_py_arguments_and_a_wrong_one_fails():
    assert recipe.option_args({"bf16": True, "data": ["a", "b"], "epochs": 3, "lr": "1e-3"}) == [
        "--bf16", "--data", "a", "b", "--epochs", "3", "--lr", "1e-3"]
    with pytest.raises(SystemExit, match="not train.py options"):
        recipe.option_args({"no-such-option": "1"})
    with pytest.raises(SystemExit, match="not train.py options"):
        recipe.option_args({"sampling": "everything"})  # not one of its choices
    with pytest.raises(SystemExit, match="give a string"):
        recipe.option_args({"lr": 3e-4})  # str() would spell it 0.0003


def test_compare_puts_every_variant_beside_the_shipped_recipe():
    shipped = {f: {"auc": 0.5 + 0.01 * i} for i, f in enumerate(lofo.FAKE_FAMILIES)}
    text = lofo.compare({"": shipped, "no-sbi": {"gan-face": {"auc": 0.7}}, "npr": {}})
    lines = text.splitlines()
    assert lines[2] == "| family | shipped recipe | no-sbi |"  # a variant with no finished family has no column
    assert lines[4] == "| gan-face | 0.500 | 0.700 |"
    assert lines[5] == "| diffusion-face | 0.510 | – |"
    assert lines[-1] == "| **mean** | **0.530** | **0.700** (1 of 7) |"


def test_ensemble_averages_the_members_scores_before_judging(tmp_path, monkeypatch):
    """Two runs that each rank one of two held-out fakes below some reals (AUC 0.8125 each) agree on neither; their mean
    ranks both above every real (AUC 1.0). The scores are read from the runs' folders, not recomputed."""
    monkeypatch.setattr(lofo, "runs_dir", lambda v="": str(tmp_path / (v or "shipped")))
    val = np.array([0.2, 0.4, 0.8, 0.85, 0.1, 0.3])
    fake = np.array([False, False, True, True, False, False])
    for v, held in (("", [0.3, 0.9]), ("seed1", [0.9, 0.3])):
        d = tmp_path / (v or "shipped") / "gan-face"
        d.mkdir(parents=True)
        (d / "model.pt").write_bytes(b"")
        np.savez(d / "scores.npz", val=val, valFake=fake, held=np.array(held))
        assert lofo.judge("gan-face", {"val": val, "valFake": fake, "held": np.array(held)})["auc"] == 0.8125
    recs = lofo.ensemble(["", "seed1"], log=lambda *a: None)
    assert list(recs) == ["gan-face"] and recs["gan-face"]["auc"] == 1.0 and recs["gan-face"]["n"] == 2
    text = lofo.ensemble_table(["", "seed1"], False, recs, {"": {"gan-face": {"auc": 0.75}}, "seed1": {}})
    assert "| gan-face | 0.750 | – | **1.000** |" in text


def test_the_shipped_rule_is_read_from_the_card_and_a_tighter_cap_states_fewer_reals(tmp_path):
    card = tmp_path / "model-card.json"
    card.write_text('{"decision": {"targetPrecision": 0.5, "maxFalseAlarm": 0.02}}')
    rule = lofo.shipped_rule(str(card))
    assert rule == {"precision": 0.5, "max_false_alarm": 0.02}
    rng = np.random.default_rng(0)
    # val: fakes score higher than reals on average, with overlap; the held-out reals score like val's top reals
    val = np.concatenate([rng.uniform(0, 0.9, 400), rng.uniform(0.3, 1.0, 400)])
    fake = np.arange(800) >= 400
    held = rng.uniform(0.6, 1.0, 200)
    sc = {"val": val, "valFake": fake, "held": held}
    loose = lofo.judge("real-photo", sc, {"precision": 0.5, "max_false_alarm": 0.05})
    tight = lofo.judge("real-photo", sc, rule)
    assert tight["decision"]["maxFalseAlarm"] == 0.02 and loose["decision"]["maxFalseAlarm"] == 0.05
    assert tight["decision"]["uncertain"][1] > loose["decision"]["uncertain"][1]
    assert tight["statedManipulated"] < loose["statedManipulated"]
    assert tight["auc"] == loose["auc"]


def test_paired_auc_compares_fakes_only_with_reals_of_their_own_source():
    row = lambda split, source, label, family: {"split": split, "dataset": "d", "source": source, "label": label,
                                                "family": family}
    order = {"train": [row("train", "a", "identity", "face-swap")] * 2,
             "val": [row("val", "a", "identity", "face-swap"), row("val", "a", "real", "real-paired"),
                     row("val", "a", "real", "real-paired"), row("val", "b", "real", "real-photo"),
                     row("val", "c", "identity", "gan-face")]}
    # source a's fakes (0.5-0.6) above a's reals (0.1, 0.2) and below b's real (0.9): the manipulation is seen,
    # the distance between sources hides it from the AUC against all reals
    sc = {"held": np.array([0.5, 0.55, 0.6]), "val": np.array([0.1, 0.2, 0.9, 0.95])}
    a, sources, fakes, reals = lofo.paired_auc("face-swap", sc, order)
    assert (a, sources, fakes, reals) == (1.0, 1, 3, 2)
    everyone = lofo.auc(np.r_[sc["held"], 0.1, 0.2, 0.9], np.r_[np.ones(3, bool), np.zeros(3, bool)])
    assert everyone < 0.7
    assert lofo.paired_auc("gan-face", {"held": np.array([0.9]), "val": np.array([0.5, 0.5, 0.5, 0.5, 0.6])}, order)[0] is None


def test_generator_auc_reads_generated_faces_against_ffhq_photos_only():
    row = lambda split, source, label, family: {"split": split, "dataset": "d", "source": source, "label": label,
                                                "family": family}
    order = {"train": [row("train", "sg", "identity", "gan-face")],
             "val": [row("val", "sg", "identity", "gan-face"), row("val", "ffhq", "real", "real-ffhq"),
                     row("val", "dfdc", "real", "real-paired"), row("val", "ffhq", "real", "real-ffhq"),
                     row("val", "x", "splice", "part-edit")]}
    # generated faces (0.5, 0.6) against FFHQ's photos (0.2, 0.7): 2 of 4 pairs; DFDC's frame (0.9) does not count
    sc = {"held": np.array([0.5, 0.6]), "val": np.array([0.2, 0.9, 0.7, 0.99])}
    assert lofo.generator_auc("gan-face", sc, order) == (0.5, 2, 2)
    sc["val"] = np.array([0.2, 0.0, 0.3, 0.99])
    assert lofo.generator_auc("gan-face", sc, order) == (1.0, 2, 2)


def test_seen_paired_auc_reads_a_taught_familys_val_fakes_against_their_own_originals():
    row = lambda source, label, family: {"split": "val", "dataset": "d", "source": source, "label": label, "family": family}
    order = {"train": [], "val": [row("x", "identity", "gan-face"),  # the family the run left out: not in its val
                                  row("a", "attribute", "attribute-gan"), row("a", "real", "real-paired"),
                                  row("b", "real", "real-photo")]}
    sc = {"held": np.array([0.9]), "val": np.array([0.4, 0.3, 0.1])}  # a's edit above a's original only
    assert lofo.seen_paired_auc("gan-face", "attribute-gan", sc, order) == (1.0, 1, 1, 1)
    sc["val"] = np.array([0.2, 0.3, 0.1])
    assert lofo.seen_paired_auc("gan-face", "attribute-gan", sc, order)[0] == 0.0


def test_unseen_table_reads_every_family_of_a_model_trained_on_no_fakes(monkeypatch):
    row = lambda source, label, family: {"split": "val", "dataset": "d", "source": source, "label": label, "family": family}
    rows = ([row("a", "real", "real-paired")] * 20 + [row("a", "identity", "face-swap")] * 2
            + [row("ffhq", "real", "real-ffhq")] * 20 + [row("sg", "identity", "gan-face")] * 2)
    # the swaps above their own source's reals (0.2) and below FFHQ's photos (0.9); the generated faces at 0.1
    pm = np.array([0.2] * 20 + [0.5, 0.6] + [0.9] * 20 + [0.1, 0.1])
    monkeypatch.setattr(lofo, "val_scores", lambda path, log=print: (rows, pm))
    text = lofo.unseen_table(os.path.join(lofo.REPO_ROOT, "training", "runs", "x", "calibrated.pt"))
    assert "| face-swap | 2 | 0.500 | 1.000 (20) |" in text  # half of all reals below, every own real below
    assert "| gan-face | 2 | 0.000 | 0.000 (20) |" in text
    assert "| **mean** | | **0.250** | **0.500** " in text
    assert "diffusion-face" not in text  # no val fakes of it: no row


def test_a_run_is_fused_with_a_model_that_saw_no_fakes_only_when_asked(monkeypatch):
    run = {"val": np.array([0.2, 0.4, 0.6, 0.8]), "held": np.array([0.3, 0.7]), "valFake": np.array([0, 0, 1, 1], bool)}
    other = {"val": np.array([0.1, 0.2, 0.3, 0.4]), "held": np.array([0.9, 0.1]), "valFake": run["valFake"]}
    monkeypatch.setattr(lofo, "scores_of", lambda fam, v, splits, log: run)
    monkeypatch.setattr(lofo, "fixed_scores", lambda fam, path, splits, log: other)
    assert lofo.member_scores("face-swap", "local", None, print) is run
    both = lofo.member_scores("face-swap", "local", None, print, with_model="m.pt")
    # the run ranks the second held face higher, the other model the first; each is read against its own val faces,
    # where the other model's 0.9 lies far above everything it gives val, and so outweighs the run's 0.7
    assert both["held"][0] > both["held"][1] and (both["valFake"] == run["valFake"]).all()
    assert not np.allclose(both["held"], run["held"])
