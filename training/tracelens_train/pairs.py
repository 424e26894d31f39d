"""Training items that pair a real face with its self-blended twin (sbi.py).

A drawn real face that has landmarks gets, with probability `share`, a self-blended copy; both go
into the same batch with the same later augmentation (the same random draws), so the only
difference between them is the blend. Both are made from the stored image and resized to the
network's input by the app's resize contract; every other face comes from the 128 px cache.
"""
import os

import numpy as np
import torch
from PIL import Image

from . import CLASSES
from .data import image_path, resize_to_input
from .sbi import load_landmarks, self_blend

SBI_LABEL = {"components": CLASSES.index("splice")}  # other mask kinds blend the whole face: like a swap
SBI_DEFAULT_LABEL = CLASSES.index("identity")


def load_sbi_pool(rows, landmark_files, log=print):
    """{row index: (stored uint8 image, 68 landmarks)} for the real rows that have landmarks."""
    marks = load_landmarks(landmark_files)
    pool = {}
    for i, r in enumerate(rows):
        if r["label"] != "real":
            continue
        lm = marks.get((r.get("dataset") or os.path.basename(os.path.normpath(r["data_dir"])), r["path"]))
        if lm is None:
            continue
        with Image.open(image_path(r)) as im:
            pool[i] = (np.asarray(im.convert("RGB"), dtype=np.uint8), lm)
    reals = sum(r["label"] == "real" for r in rows)
    log(f"self-blending: {len(pool)} of {reals} real training faces have landmarks")
    return pool


def to_input(a):
    """uint8 H x W x 3 -> uint8 128 x 128 x 3 by the resize contract (rounded, as the cache is)."""
    x = torch.from_numpy(np.array(a, dtype=np.uint8)).permute(2, 0, 1).float()
    return resize_to_input(x).round().clamp(0, 255).to(torch.uint8).permute(1, 2, 0).numpy()


class PairedDataset(torch.utils.data.Dataset):
    """Like CachedDataset, but an item is a list of (image, label): one face, or a real face and its
    self-blended twin. With `sources`, (image, label, source index): the twin keeps its real face's source."""

    def __init__(self, array, labels, augment, pool, share, sources=None):
        self.array, self.labels, self.augment, self.pool, self.share = array, list(labels), augment, pool, share
        self.sources = sources

    def _item(self, x, label, i):
        return (x, label) if self.sources is None else (x, label, self.sources[i])

    def __len__(self):
        return len(self.labels)

    def _augment(self, a):
        a = np.asarray(self.augment(Image.fromarray(a)), dtype=np.uint8)
        return torch.from_numpy(np.array(a, dtype=np.uint8)).permute(2, 0, 1).float()

    def __getitem__(self, i):
        rng = self.augment.rng
        if i not in self.pool or rng.random() >= self.share:
            return [self._item(self._augment(self.array[i]), self.labels[i], i)]
        img, lm = self.pool[i]
        target, blended, kind = self_blend(img, lm, rng)
        state = rng.getstate()  # the twin gets exactly the real face's augmentation
        real = self._augment(to_input(target))
        rng.setstate(state)
        fake = self._augment(to_input(blended))
        return [self._item(real, self.labels[i], i), self._item(fake, SBI_LABEL.get(kind, SBI_DEFAULT_LABEL), i)]


def flatten_pairs(items):
    """collate_fn: a batch of item lists -> (N x 3 x 128 x 128, N labels[, N sources]); N varies with the pairs
    drawn."""
    flat = [p for item in items for p in item]
    return (torch.stack([p[0] for p in flat]),) + tuple(torch.tensor([p[k] for p in flat]) for k in range(1, len(flat[0])))
