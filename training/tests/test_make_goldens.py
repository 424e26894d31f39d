"""The parity goldens' inputs are generated, the same bytes every run, and read no data set."""
import hashlib

import numpy as np

from tracelens_train import make_goldens


def test_generated_inputs_are_deterministic_distinct_images():
    first = make_goldens.generated_inputs()
    second = make_goldens.generated_inputs()
    assert [n for n, _, _ in first] == ["gradient", "noise", "checkerboard", "face-pattern"]
    for (name, _, a), (_, _, b) in zip(first, second):
        assert a.dtype == np.uint8 and a.shape == (128, 128, 3), name
        assert a.tobytes() == b.tobytes(), name
    digests = {hashlib.sha256(a.tobytes()).hexdigest() for _, _, a in first}
    assert len(digests) == len(first)


def test_inputs_cover_smooth_random_edged_and_face_like_content():
    inputs = {n: a.astype(np.int64) for n, _, a in make_goldens.generated_inputs()}

    def step(a):  # mean change from one pixel to the next along a row
        return np.abs(np.diff(a, axis=1)).mean()

    assert step(inputs["gradient"]) < 3
    assert step(inputs["noise"]) > 60 and inputs["noise"].min() == 0 and inputs["noise"].max() == 255
    assert step(inputs["checkerboard"]) > step(inputs["gradient"]) * 10
    face = inputs["face-pattern"]
    # skin in the middle, darker hair above it, and two eyes: bright whites left and right of centre
    assert face[68, 64, 0] > face[68, 64, 2] + 40
    assert face[12, 64].sum() < face[68, 64].sum()
    assert face[56, 44].sum() > 650 and face[56, 84].sum() > 650
