"""The face at its own resolution (issue 23, item 4): 128 px patches of the stored face instead of the whole face
shrunk to 128 px, so that traces made at the face's own scale (blend boundaries, up-sampling grids, noise) are not
averaged away by the resize.

Training draws a random 128 px patch of the stored face (`PatchAugment`, before the usual augmentation); scoring
averages the logits of fixed patches (the centre and the four corners, `boxes`). A stored face whose longer side
exceeds NATIVE_MAX is first shrunk to it, as the app would shrink a large detected face, and one whose shorter side
is under 128 px is enlarged to it. The data sets store faces at 128-256 px (faces-v1's DFDC frames 224, StyleGAN3
256, CIPLAB 160, StarGAN 128; faces-v2 at most 176), so for most of them a patch is most of the face.
"""
import numpy as np
import torch
from PIL import Image

from .data import INPUT_SIZE, image_path

NATIVE_MAX = 256


def native_face(a):
    """uint8 H x W x 3 at the size the patches are cut from: longer side at most NATIVE_MAX, shorter at least 128."""
    h, w = a.shape[:2]
    f = min(1.0, NATIVE_MAX / max(h, w))
    f = max(f, INPUT_SIZE / min(h, w))
    if f == 1.0:
        return a
    size = (max(INPUT_SIZE, round(w * f)), max(INPUT_SIZE, round(h * f)))
    return np.asarray(Image.fromarray(a).resize(size, Image.BILINEAR, reducing_gap=None), dtype=np.uint8)


def load_native(rows, log=print):
    """Object array of each row's stored face (native_face), in the rows' order."""
    out = np.empty(len(rows), dtype=object)
    for i, r in enumerate(rows):
        with Image.open(image_path(r)) as im:
            out[i] = native_face(np.asarray(im.convert("RGB"), dtype=np.uint8))
    log(f"faces at their own resolution: {len(rows)}")
    return out


def boxes(h, w, s=INPUT_SIZE):
    """The fixed patches scored for a face of h x w: the centre and the four corners, without repeats (one patch
    for a 128 px face)."""
    out = [((w - s) // 2, (h - s) // 2), (0, 0), (w - s, 0), (0, h - s), (w - s, h - s)]
    return list(dict.fromkeys(out))


def crop(a, x0, y0, s=INPUT_SIZE):
    return a[y0:y0 + s, x0:x0 + s]


class PatchAugment:
    """A random 128 px patch of the face, then the wrapped augmentation. Shares the wrapped one's random source (the
    loader's workers and checkpoints set and save `rng`), so a real face and its twin, drawn with the same state, get
    the same patch."""

    def __init__(self, inner):
        self.inner = inner

    @property
    def rng(self):
        return self.inner.rng

    @rng.setter
    def rng(self, value):
        self.inner.rng = value

    def __call__(self, img):
        w, h = img.size
        x0, y0 = self.rng.randint(0, w - INPUT_SIZE), self.rng.randint(0, h - INPUT_SIZE)
        return self.inner(img.crop((x0, y0, x0 + INPUT_SIZE, y0 + INPUT_SIZE)))


class PatchDataset(torch.utils.data.Dataset):
    """Every fixed patch of every face: (float 3 x 128 x 128, label); `owners` says whose patch each item is, for
    predict_logits to average."""

    def __init__(self, arrays, labels):
        self.arrays, self.labels = arrays, list(labels)
        self.items = [(i, b) for i, a in enumerate(arrays) for b in boxes(*a.shape[:2])]
        self.owners = torch.tensor([i for i, _ in self.items], dtype=torch.long)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, k):
        i, (x0, y0) = self.items[k]
        a = np.array(crop(self.arrays[i], x0, y0))  # a copy: torch wants a writable array
        return torch.from_numpy(a).permute(2, 0, 1).float(), self.labels[i]
