"""The face at its own resolution (patches.py): sizes, patches, averaged scoring, and a run trained on patches."""
import random

import numpy as np
import torch

from tracelens_train import train
from tracelens_train.data import Augment
from tracelens_train.lofo import p_manipulated_of
from tracelens_train.pairs import PairedDataset
from tracelens_train.patches import PatchAugment, PatchDataset, boxes, crop, native_face
from tracelens_train.prediction import predict_logits

from test_resume import _weights
from test_sbi import face_image, template_landmark_file, template_landmarks


def test_native_face_keeps_the_data_sets_sizes_and_bounds_the_rest():
    for size in (128, 160, 176, 224, 256):
        a = np.zeros((size, size, 3), np.uint8)
        assert native_face(a) is a
    assert native_face(np.zeros((600, 400, 3), np.uint8)).shape == (256, 171, 3)
    assert native_face(np.zeros((100, 150, 3), np.uint8)).shape == (128, 192, 3)


def test_boxes_are_the_centre_and_corners_without_repeats():
    assert boxes(128, 128) == [(0, 0)]
    b = boxes(224, 224)
    assert b == [(48, 48), (0, 0), (96, 0), (0, 96), (96, 96)]
    covered = np.zeros((224, 224), bool)
    for x0, y0 in b:
        covered[y0:y0 + 128, x0:x0 + 128] = True
    assert covered.all()


def test_a_face_and_its_twin_get_the_same_patch():
    img, lm = face_image(224, 1), template_landmarks(224)
    aug = PatchAugment(Augment.robust(rng=random.Random(4)))
    ds = PairedDataset(_objects([img]), [0], aug, {0: (img, lm)}, share=1.0, resize=native_face)
    seen = set()
    for _ in range(6):
        (real, _), (fake, _) = ds[0]
        assert real.shape == fake.shape == (3, 128, 128)
        # outside the blend the two agree pixel for pixel (a patch shifted by one pixel would not)
        assert ((real - fake).abs().mean(0) < 2).float().mean() > 0.2
        seen.add(float(real.mean()))
    assert len(seen) > 1  # the patch moves from draw to draw
    aug.rng = random.Random(9)
    assert aug.inner.rng is aug.rng


def _objects(arrays):
    out = np.empty(len(arrays), dtype=object)
    out[:] = arrays
    return out


class MeanColour(torch.nn.Module):
    """Logits that are each channel's mean: averaging over patches is then checkable by hand."""

    def forward(self, x):
        return torch.cat([x.mean((2, 3)), torch.zeros(len(x), 1)], 1)


def test_scores_average_the_logits_of_a_faces_patches():
    faces = _objects([face_image(224, 2), face_image(128, 3), face_image(160, 4)])
    ds = PatchDataset(faces, [1, 0, 2])
    assert len(ds) == 5 + 1 + 5
    logits, ys = predict_logits(MeanColour(), torch.utils.data.DataLoader(ds, batch_size=4), "cpu")
    assert ys.tolist() == [1, 0, 2] and logits.shape == (3, 4)
    for i, a in enumerate(faces):
        want = np.mean([crop(a, x0, y0).reshape(-1, 3).mean(0) for x0, y0 in boxes(*a.shape[:2])], 0)
        assert np.allclose(logits[i, :3].numpy(), want, atol=1e-3)
    # the grid scores an object array of stored faces the same way
    p = p_manipulated_of(MeanColour(), faces, 1.0)
    probs = torch.softmax(logits.double(), 1)
    assert np.allclose(p, 1 - probs[:, 0].numpy(), atol=1e-6)


def test_a_run_on_patches_with_every_twin_kind_trains_and_resumes_identically(tiny_data, tmp_path):
    lm = template_landmark_file(tiny_data, tmp_path)

    def args(name, *extra):
        return ["--data", tiny_data, "--out", str(tmp_path / name), "--epochs", "2", "--batch-size", "4",
                "--cache-dir", str(tmp_path / "cache"), "--threads", "1", "--warmup-steps", "2", "--seed", "3",
                "--sampling", "source-sqrt", "--augment", "robust", "--binary-weight", "1", "--select-by",
                "family-auc", "--sbi-landmarks", str(lm), "--sbi-share", "1", "--samples-per-epoch", "12",
                "--input", "native", "--twin-kinds", "sbi", "cross", "retouch", "warp", *extra]

    whole = train.main(args("whole"))
    assert "patches of the face at its stored resolution" in whole["recipe"]
    assert "sbi/cross/retouch/warp twins" in whole["recipe"]
    assert train.main(args("cut", "--stop-after-epoch", "1")) is None
    train.main(["--resume", str(tmp_path / "cut"), "--threads", "1"])
    a, b = _weights(tmp_path / "whole" / "model.pt"), _weights(tmp_path / "cut" / "model.pt")
    assert a.keys() == b.keys() and all(torch.allclose(a[k].float(), b[k].float(), rtol=1e-5, atol=1e-6) for k in a)
