"""Manipulations made from real faces beyond the self-blend (synth.py), and how the paired dataset draws them."""
import random

import numpy as np
import pytest

from tracelens_train import CLASSES
from tracelens_train.data import Augment
from tracelens_train.pairs import PairedDataset, to_input
from tracelens_train.synth import cross_blend, local_warp, retouch, similarity, skin_mask, warp_affine

from test_sbi import face_image, template_landmarks


def test_similarity_recovers_a_known_transform():
    pts = template_landmarks(160).astype(np.float64)
    a, t = 1.1 * np.array([[np.cos(0.2), -np.sin(0.2)], [np.sin(0.2), np.cos(0.2)]]), np.array([7.0, -4.0])
    m = similarity(pts, pts @ a.T + t)
    assert np.allclose(m[:, :2], a, atol=1e-6) and np.allclose(m[:, 2], t, atol=1e-6)


def test_warp_affine_moves_the_image_by_the_transform():
    img = np.zeros((64, 64, 3), np.uint8)
    img[10:20, 10:20] = 255
    out = warp_affine(img, np.array([[1.0, 0, 5], [0, 1.0, 3]]), (64, 64))
    assert out[13:23, 15:25].min() == 255 and out[10:13, 10:15].max() == 0


def test_cross_blend_puts_another_face_on_this_one_and_nothing_else():
    img, lm = face_image(160, 1), template_landmarks(160)
    donor, donor_lm = face_image(160, 7)[:, ::-1].copy(), template_landmarks(160) * 0.9 + 8
    labels, changed = set(), 0
    for seed in range(6):
        real, out, label = cross_blend(img, lm, donor, donor_lm, random.Random(seed))
        assert real is img and out.shape == img.shape and out.dtype == np.uint8
        diff = np.abs(out.astype(int) - img.astype(int)).sum(-1)
        assert diff[:12, :12].max() == 0 and diff[-12:, -12:].max() == 0  # outside the mask: untouched
        changed += diff[60:110, 50:110].mean() > 2
        labels.add(label)
    assert changed >= 4 and labels <= {"identity", "splice"}


def test_retouch_smooths_the_skin_and_leaves_eyes_and_background():
    img, lm = face_image(160, 2), template_landmarks(160)
    real, out, label = retouch(img, lm, random.Random(0))
    assert real is img and label == "splice"
    diff = np.abs(out.astype(int) - img.astype(int)).sum(-1)
    skin = skin_mask(lm, (160, 160)) > 0.5
    assert diff[:10, :10].max() == 0  # background
    assert diff[skin].mean() > 3 * max(diff[~skin].mean(), 0.1)
    # smoothing: the skin's pixel-to-pixel variation falls
    both = skin[:, 1:] & skin[:, :-1]
    rough_in, rough_out = (np.abs(np.diff(a.astype(int), axis=1)).sum(-1)[both].mean() for a in (img, out))
    assert rough_out < 0.8 * rough_in


def test_local_warp_moves_pixels_near_one_part_only():
    img, lm = face_image(160, 3), template_landmarks(160)
    moved = 0
    for seed in range(5):
        real, out, label = local_warp(img, lm, random.Random(seed))
        assert real is img and label == "attribute"
        ys, xs = np.nonzero(np.abs(out.astype(int) - img.astype(int)).sum(-1))
        if len(ys):
            moved += 1
            # the disc lies around one part: far less than the face's width across
            assert xs.max() - xs.min() < 0.6 * 160 and ys.max() - ys.min() < 0.6 * 160
    assert moved == 5


@pytest.mark.parametrize("kind", ["cross", "retouch", "warp"])
def test_paired_dataset_draws_the_twin_kinds_it_is_given(kind):
    imgs = [face_image(176, s) for s in (1, 2)]
    lm = template_landmarks(176)
    arr = np.stack([to_input(im) for im in imgs])
    ds = PairedDataset(arr, [0, 0], Augment.robust(rng=random.Random(3)), {0: (imgs[0], lm), 1: (imgs[1], lm)},
                       share=1.0, kinds=(kind,))
    want = {"cross": {"identity", "splice"}, "retouch": {"splice"}, "warp": {"attribute"}}[kind]
    for _ in range(4):
        item = ds[0]
        assert len(item) == 2 and item[0][1] == 0 and CLASSES[item[1][1]] in want
        assert (item[0][0] - item[1][0]).abs().mean() > 0  # the twin differs from its real face


def test_self_blend_only_draws_exactly_as_before_the_kinds_existed():
    img, lm = face_image(176, 1), template_landmarks(176)
    arr = np.stack([to_input(img)])
    a = PairedDataset(arr, [0], Augment.robust(rng=random.Random(5)), {0: (img, lm)}, share=1.0)
    b = PairedDataset(arr, [0], Augment.robust(rng=random.Random(5)), {0: (img, lm)}, share=1.0, kinds=["sbi"])
    for _ in range(3):
        (ra, la), (fa, ka) = a[0]
        (rb, lb), (fb, kb) = b[0]
        assert la == lb and ka == kb and (ra == rb).all() and (fa == fb).all()
