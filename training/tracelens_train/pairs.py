"""Training items that pair a real face with a manipulated copy of it: its self-blended twin (sbi.py), or (with
`originals`) a drawn fake with a real face of its own group and source, its original.

A drawn real face that has landmarks gets, with probability `share`, a self-blended copy (or, with `kinds`, one of
synth.py's manipulations of it); both go into the same batch with the same later augmentation (the same random
draws), so the only difference between them is the manipulation. Both are made from the stored image and resized
to the network's input by the app's resize contract (or kept at their own size for patches, patches.py); every
other face comes from the 128 px cache.
A drawn fake that has originals brings one of them, from the cache, with the same augmentation. A pair is always
(real, fake) in that order; flatten_pairs says where the pairs lie in the batch, for train_step's ranking loss.
"""
import os

import numpy as np
import torch
from PIL import Image

from . import CLASSES
from .data import image_path, resize_to_input
from .sbi import load_landmarks, self_blend
from .synth import cross_blend, local_warp, retouch

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


def originals_of(rows):
    """{fake row index: [real row indices of the same data set, source and group]}: the unedited faces a
    manipulated face was made from (DFDC's swaps and their source video, StarGAN's edits and the CelebA face,
    faces-v2's editors and their inputs)."""
    reals = {}
    for i, r in enumerate(rows):
        if r["label"] == "real" and r.get("group"):
            reals.setdefault((r.get("dataset"), r["source"], r["group"]), []).append(i)
    return {i: reals[k] for i, r in enumerate(rows) if r["label"] != "real"
            for k in [(r.get("dataset"), r["source"], r.get("group"))] if k in reals}


def to_input(a):
    """uint8 H x W x 3 -> uint8 128 x 128 x 3 by the resize contract (rounded, as the cache is)."""
    x = torch.from_numpy(np.array(a, dtype=np.uint8)).permute(2, 0, 1).float()
    return resize_to_input(x).round().clamp(0, 255).to(torch.uint8).permute(1, 2, 0).numpy()


class PairedDataset(torch.utils.data.Dataset):
    """Like CachedDataset, but an item is a list of (image, label): one face, or a real face and its
    self-blended twin. With `sources`, (image, label, source index): the twin keeps its real face's source."""

    def __init__(self, array, labels, augment, pool, share, sources=None, originals=None, kinds=("sbi",),
                 resize=None):
        self.array, self.labels, self.augment, self.pool, self.share = array, list(labels), augment, pool, share
        self.resize = resize or to_input  # stored face -> what `array` holds (patches.native_face keeps the size)
        self.sources, self.originals, self.kinds = sources, originals or {}, tuple(kinds)
        self.donors = sorted(pool)  # faces another face can be blended from (kind "cross")

    def _item(self, x, label, i):
        return (x, label) if self.sources is None else (x, label, self.sources[i])

    def __len__(self):
        return len(self.labels)

    def _augment(self, a):
        a = np.asarray(self.augment(Image.fromarray(a)), dtype=np.uint8)
        return torch.from_numpy(np.array(a, dtype=np.uint8)).permute(2, 0, 1).float()

    def __getitem__(self, i):
        rng = self.augment.rng
        if i in self.originals:
            j = rng.choice(self.originals[i])
            state = rng.getstate()  # the original gets exactly the fake's augmentation
            real = self._augment(self.array[j])
            rng.setstate(state)
            return [self._item(real, self.labels[j], j), self._item(self._augment(self.array[i]), self.labels[i], i)]
        if i not in self.pool or rng.random() >= self.share:
            return [self._item(self._augment(self.array[i]), self.labels[i], i)]
        target, twin, label = self._twin(i, rng)
        state = rng.getstate()  # the twin gets exactly the real face's augmentation
        real = self._augment(self.resize(target))
        rng.setstate(state)
        fake = self._augment(self.resize(twin))
        return [self._item(real, self.labels[i], i), self._item(fake, label, i)]

    def _twin(self, i, rng):
        """(real face as it went in, its manipulated twin, the twin's label) for pool face i; the kind is drawn
        among self.kinds (no draw when there is one, so a self-blend-only run draws as it always did)."""
        img, lm = self.pool[i]
        kind = self.kinds[0] if len(self.kinds) == 1 else rng.choice(self.kinds)
        if kind == "sbi":
            target, blended, mask_kind = self_blend(img, lm, rng)
            return target, blended, SBI_LABEL.get(mask_kind, SBI_DEFAULT_LABEL)
        if kind == "cross":
            j = rng.choice(self.donors)
            if j == i and len(self.donors) > 1:
                j = self.donors[(self.donors.index(i) + 1) % len(self.donors)]
            target, twin, name = cross_blend(img, lm, *self.pool[j], rng)
        else:
            target, twin, name = {"retouch": retouch, "warp": local_warp}[kind](img, lm, rng)
        return target, twin, CLASSES.index(name)


def flatten_pairs(items):
    """collate_fn: a batch of item lists -> (N x 3 x 128 x 128, N labels[, N sources], P x 2 pairs); N varies with the
    pairs drawn; each pair row holds the batch positions of its real and its fake face."""
    flat = [p for item in items for p in item]
    pairs, at = [], 0
    for item in items:
        if len(item) == 2:
            pairs.append((at, at + 1))
        at += len(item)
    return ((torch.stack([p[0] for p in flat]),) + tuple(torch.tensor([p[k] for p in flat]) for k in range(1, len(flat[0])))
            + (torch.tensor(pairs, dtype=torch.long).reshape(-1, 2),))
