import csv
import os
import sys

import numpy as np
import pytest
import torch
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
torch.set_num_threads(1)

from tracelens_train import CLASSES  # noqa: E402


@pytest.fixture(scope="session")
def tiny_data(tmp_path_factory):
    """A synthetic faces-v1-like data dir: a few generated images of each class, every split,
    in the data set's formats (128/160/224 JPEG, 256 PNG)."""
    root = tmp_path_factory.mktemp("faces")
    rng = np.random.RandomState(0)
    formats = [(128, "jpg", "stargan-celeba"), (160, "jpg", "ciplab"), (224, "jpg", "dfdc"), (256, "png", "stylegan3")]
    rows = []
    for split, per in (("train", 3), ("val", 2), ("test", 2)):
        for ci, label in enumerate(CLASSES):
            for k in range(per):
                size, ext, source = formats[(ci + k) % len(formats)]
                a = rng.randint(0, 256, size=(size, size, 3)).astype(np.uint8)
                a[..., ci % 3] = (a[..., ci % 3] // 4 + 60 * ci).clip(0, 255)  # a class-dependent cue
                rel = f"{split}/{label}/img_{k}.{ext}"
                os.makedirs(root / split / label, exist_ok=True)
                Image.fromarray(a).save(root / rel)
                rows.append({"path": rel, "label": label, "source": source, "group": f"g{split}{ci}{k}",
                             "detail": "", "split": split})
    with open(root / "manifest.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["path", "label", "source", "group", "detail", "split"])
        w.writeheader()
        w.writerows(rows)
    return str(root)
