"""The source probe (source_probe.py) finds a source that the features carry and finds none where they carry none."""
import numpy as np
import torch

from tracelens_train.model import AMTENnet
from tracelens_train.source_probe import features_of, folds_of, probe_accuracy, probe_rows


def _labels(n_per=40, k=4):
    return np.repeat([f"src{i}" for i in range(k)], n_per)


def test_a_source_written_into_the_features_is_found():
    labels = _labels()
    centres = np.random.default_rng(5).normal(size=(4, 300)) * 0.25  # each source shifted a quarter of the noise
    feats = np.random.default_rng(0).normal(size=(len(labels), 300)) + centres[[int(s[3:]) for s in labels]]
    acc, chance = probe_accuracy(feats, labels)
    assert chance == 0.25 and acc > 0.8


def test_features_without_the_source_stay_near_chance():
    labels = _labels()
    feats = np.random.default_rng(1).normal(size=(len(labels), 300))
    acc, chance = probe_accuracy(feats, labels)
    assert acc < chance + 0.15


def test_folds_split_inside_each_source():
    labels = _labels(n_per=5, k=2)
    f = folds_of(labels)
    for s in set(labels):
        assert sorted(np.bincount(f[labels == s]).tolist()) == [2, 3]


def test_rows_keep_sources_big_enough_and_classes_with_two_of_them():
    rows = ([{"key": "d/a/real", "label": "real"}] * 12 + [{"key": "d/b/real", "label": "real"}] * 11
            + [{"key": "d/c/real", "label": "real"}] * 3 + [{"key": "d/e/splice", "label": "splice"}] * 30)
    groups = probe_rows(rows, min_per_source=10, per_source=10)
    assert list(groups) == ["real"] and len(groups["real"]) == 20
    assert all(rows[i]["key"] in ("d/a/real", "d/b/real") for i in groups["real"])


def test_features_are_the_networks_flattened_maps():
    m = AMTENnet(4).to(memory_format=torch.channels_last)
    arr = (np.random.default_rng(2).random((3, 128, 128, 3)) * 255).astype(np.uint8)
    f = features_of(m, arr)
    assert f.shape == (3, 6272) and f.dtype == np.float32
