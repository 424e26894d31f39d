"""frozen_probe.py: the probe fits on the families it is allowed to see and is judged on the one left out."""
import numpy as np

from tracelens_train import frozen_probe
from tracelens_train.lofo import FAKE_FAMILIES


def rows_and_features(trace_in_held_out, seed=0):
    """Reals and two families of fakes; feature 0 carries the manipulation in every fake family, feature 1 names
    the family. With trace_in_held_out False the held-out family lacks the shared trace."""
    rng = np.random.default_rng(seed)
    rows, feats = [], []
    for split in ("train", "val"):
        for label, family in (("real", "real-photo"), ("identity", "gan-face"), ("identity", "diffusion-face")):
            for _ in range(150):
                fake = label != "real"
                trace = fake and (family != "diffusion-face" or trace_in_held_out)
                rows.append({"split": split, "label": label, "family": family, "key": f"d/{family}/{label}"})
                feats.append([rng.normal(3.0 if trace else 0.0), rng.normal(3.0 if family == "gan-face" else 0.0),
                              rng.normal()])
    return rows, np.array(feats)


def test_a_trace_shared_by_every_fake_generalises_to_the_family_left_out():
    rows, feats = rows_and_features(True)
    rec = frozen_probe.probe(feats, rows, "diffusion-face", l2=1e-3)
    assert rec["n"] == 300 and rec["against"] == 150
    assert rec["auc"] > 0.9


def test_a_probe_that_only_learned_its_families_is_at_chance_on_the_one_left_out():
    rows, feats = rows_and_features(False)
    rec = frozen_probe.probe(feats, rows, "diffusion-face", l2=1e-3)
    assert 0.35 < rec["auc"] < 0.65


def test_the_table_names_each_family_and_the_mean():
    recs = [{"family": f, "n": 10, "auc": 0.5 + 0.01 * i, "statedManipulated": 0.0, "atThreshold": 0.5}
            for i, f in enumerate(FAKE_FAMILIES)]
    text = frozen_probe.table("x", recs, {"perSource": 300, "rows": [0] * 7})
    assert all(f"| {f} |" in text for f in FAKE_FAMILIES) and "**mean AUC** 0.530 (lowest 0.500)" in text


def test_fusion_keeps_each_scores_ranking_and_averages_two():
    rng = np.random.default_rng(1)
    a = {"val": rng.uniform(0.05, 0.95, 50), "held": rng.uniform(0.05, 0.95, 20), "valFake": np.arange(50) % 2 == 0}
    same = frozen_probe.fused(a, a)
    assert (np.argsort(same["held"]) == np.argsort(a["held"])).all() and (same["valFake"] == a["valFake"]).all()
    b = {"val": a["val"], "held": 1 - a["held"], "valFake": a["valFake"]}  # held ranked the other way round
    mixed = frozen_probe.fused(a, b)["held"]
    assert mixed.std() < same["held"].std()


def test_own_reals_auc_reads_fakes_against_their_own_sources_val_reals_only():
    row = lambda split, key, label, family: {"split": split, "dataset": key.split("/")[0], "key": key, "label": label,  # noqa: E731
                                             "family": family}
    rows = ([row("train", "d/a/identity", "identity", "face-swap")] * 2
            + [row("val", "d/a/real", "real", "real-paired")] * 20 + [row("val", "d/b/real", "real", "real-photo")] * 5)
    # the swaps (0.5) above their own source's reals (0.2), below the other source's (0.9)
    sc = {"held": np.array([0.5, 0.5]), "val": np.array([0.2] * 20 + [0.9] * 5)}
    assert frozen_probe.own_reals_auc(rows, "face-swap", sc) == (1.0, 20)
    assert frozen_probe.own_reals_auc(rows[:2] + rows[3:], "face-swap", {"held": sc["held"], "val": sc["val"][1:]}) == (None, 0)
