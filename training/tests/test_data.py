import os
import random

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from tracelens_train import CLASSES
from tracelens_train.data import (Augment, CachedDataset, FileDataset, balanced_sampler, build_cache,
                                  load_image, read_manifest, resize_to_input, stratified_subset)


def test_class_order_is_fixed():
    assert CLASSES == ["real", "identity", "attribute", "splice"]


def test_manifest_and_splits(tiny_data):
    rows = read_manifest(tiny_data)
    assert {r["split"] for r in rows} == {"train", "val", "test"}
    train = read_manifest(tiny_data, "train")
    assert len(train) == 12 and all(r["split"] == "train" for r in train)
    for r in train:
        assert r["y"] == CLASSES.index(r["label"])


def test_load_image_contract(tiny_data):
    for r in read_manifest(tiny_data, "test"):
        p = os.path.join(tiny_data, r["path"])
        x = load_image(p)
        assert x.shape == (3, 128, 128) and x.dtype == torch.float32
        assert 0 <= float(x.min()) and float(x.max()) <= 255
        raw = torch.from_numpy(np.asarray(Image.open(p).convert("RGB")).copy()).permute(2, 0, 1).float()
        ref = F.interpolate(raw[None], size=(128, 128), mode="bilinear", align_corners=False, antialias=True)[0]
        assert torch.equal(x, ref)
        if raw.shape[-1] == 128:
            assert torch.equal(x, raw)  # identity at 128 px


def test_resize_no_rounding():
    x = torch.rand(3, 37, 29) * 255
    y = resize_to_input(x)
    assert y.shape == (3, 128, 128)
    assert not torch.equal(y, y.round())


def test_jpeg_option_changes_pixels(tiny_data):
    r = read_manifest(tiny_data, "test")[0]
    p = os.path.join(tiny_data, r["path"])
    assert not torch.equal(load_image(p), load_image(p, jpeg_quality=75))


def test_datasets_sampler_and_augment(tiny_data, tmp_path):
    rows = read_manifest(tiny_data, "train")
    arr = build_cache(rows, tiny_data, str(tmp_path), "t", log=lambda *a: None)
    assert arr.shape == (12, 128, 128, 3) and arr.dtype == np.uint8
    assert np.array_equal(build_cache(rows, tiny_data, str(tmp_path), "t"), arr)  # cached
    ds = CachedDataset(arr, [r["y"] for r in rows], augment=Augment(rng=random.Random(0)))
    x, y = ds[0]
    assert x.shape == (3, 128, 128) and x.dtype == torch.float32 and y == rows[0]["y"]
    fd = FileDataset(rows, tiny_data)
    assert fd[1][0].shape == (3, 128, 128)
    labels = [0] * 10 + [1] * 2
    counts = np.bincount(list(balanced_sampler(labels, 4000, seed=1)), minlength=12)
    per_class = [counts[:10].sum(), counts[10:].sum()]
    assert abs(per_class[0] - per_class[1]) < 400


def test_photometric_augmentation_changes_tone_and_repeats_with_its_seed():
    """Only the photometric steps on (no crop, rescale, JPEG or flip): the same seed gives the same image, and the
    brightness, saturation, grey and noise steps change a flat coloured image the way each is meant to."""
    base = Image.new("RGB", (128, 128), (150, 90, 60))
    only = dict(p_crop=0, p_rescale=0, p_jpeg=0, p_flip=0)
    a = np.asarray(Augment(p_colour=1, **only, rng=random.Random(5))(base), dtype=np.int16)
    b = np.asarray(Augment(p_colour=1, **only, rng=random.Random(5))(base), dtype=np.int16)
    assert (a == b).all() and np.abs(a - np.asarray(base, dtype=np.int16)).max() > 0
    grey = np.asarray(Augment(p_grey=1, **only, rng=random.Random(0))(base), dtype=np.int16)
    assert (grey[..., 0] == grey[..., 1]).all() and (grey[..., 1] == grey[..., 2]).all()
    noisy = np.asarray(Augment(p_noise=1, **only, rng=random.Random(0))(base), dtype=np.float32)
    assert 0.5 < noisy[..., 0].std() < 8 and abs(noisy[..., 0].mean() - 150) < 1
    sharp = Augment(p_sharpen=1, **only, rng=random.Random(0))
    edge = Image.fromarray(np.where(np.arange(128)[None, :, None] < 64, 60, 180).repeat(128, 0).repeat(3, 2).astype(np.uint8))
    s = np.asarray(sharp(edge), dtype=np.int16)
    assert s.max() > 180 and s.min() < 60  # unsharp masking overshoots at an edge
    photo = Augment.photometric(rng=random.Random(1))
    assert photo.p_colour > 0 and photo.p_noise > 0 and photo.p_jpeg == Augment.robust().p_jpeg


def test_robust_grey_turns_a_tenth_of_the_draws_neutral_grey():
    base = Image.fromarray((np.random.default_rng(0).random((128, 128, 3)) * 255).astype(np.uint8))

    def grey_share(aug):
        outs = [np.asarray(aug(base), dtype=np.int16) for _ in range(300)]
        return np.mean([np.abs(o - o.mean(2, keepdims=True)).max() <= 2 for o in outs])  # R = G = B up to JPEG rounding

    assert 0.05 <= grey_share(Augment.robust_grey(rng=random.Random(3))) <= 0.16
    assert grey_share(Augment.robust(rng=random.Random(3))) == 0


def test_stratified_subset_spreads_over_sources():
    rows = [{"path": f"{s}{i}", "label": "real", "source": s, "y": 0}
            for s, n in (("big", 100), ("small", 5)) for i in range(n)]
    sub = stratified_subset(rows, 20)
    assert len(sub) == 20
    assert sum(r["source"] == "small" for r in sub) == 5
    assert len(stratified_subset(rows, 0)) == 105
