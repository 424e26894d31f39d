"""sharpness_study.py: the sharpness measure ranks a blurred face below the face, and a sharpened one above."""
import numpy as np

from tracelens_train import sharpness_study


def test_blurring_lowers_and_sharpening_raises_the_sharpness():
    rng = np.random.default_rng(0)
    face = np.clip(rng.normal(128, 40, (128, 128, 3)), 0, 255).astype(np.uint8)
    s = sharpness_study.sharpness(face)
    changes = list(sharpness_study.CHANGES.values())
    blurred = [sharpness_study.sharpness(sharpness_study.changed(face[None], c)[0]) for c in changes[:2]]
    sharpened = sharpness_study.sharpness(sharpness_study.changed(face[None], changes[2])[0])
    assert s > blurred[0] > blurred[1] and sharpened > s
    assert sharpness_study.sharpness(np.full((128, 128, 3), 90, np.uint8)) == 0
