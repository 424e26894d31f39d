"""Manipulations made from real faces other than the self-blend (sbi.py), to widen the kinds a run is shown.

The leave-one-family-out grid found that a run tells a kind of manipulation from real faces only when it was shown
that kind (RESULTS.md "Against the same source's reals"). These make three more kinds from any real face with
landmarks, so that a face's source never tells real from fake:

- `cross`: another person's face, aligned on the landmarks and colour-matched, blended into this one inside the same
  soft, deformed masks as the self-blend (Face X-ray's blended images, Li et al. 2020): a swap, or with the
  `components` mask a splice of face parts;
- `retouch`: the skin (face without eyes, brows and mouth) smoothed and evened, as beauty filters do;
- `warp`: one part (eyes, nose or mouth) enlarged, shrunk or moved by a smooth local warp, as liquify tools and
  expression editors do; only the warped region is resampled.

Each returns (real, manipulated, label name) at the stored resolution; the caller resizes both to the network's
input, as for the self-blend. Landmarks are dlib's 68 points in the image's pixels.
"""
import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFilter

from .sbi import MASK_KINDS, _forehead, _hull, elastic, face_mask, soft_mask

KINDS = ("sbi", "cross", "retouch", "warp")
# A part's points, for `warp` and for the holes of `retouch`'s skin mask.
PARTS = {"left-eye": slice(36, 42), "right-eye": slice(42, 48), "nose": slice(27, 36), "mouth": slice(48, 68),
         "left-brow": slice(17, 22), "right-brow": slice(22, 27)}
# Face-X-ray-like labels: a whole-face blend reads as a swap, a blend of parts as a splice; a retouch as
# faces-v2's retouching (mostly labelled splice), a warp of a part as an attribute or expression edit.
LABELS = {"cross": "identity", "cross-components": "splice", "retouch": "splice", "warp": "attribute"}


def similarity(src, dst):
    """The 2 x 3 similarity transform (scale, rotation, shift) that best maps points src onto dst (least squares)."""
    ms, md = src.mean(0), dst.mean(0)
    s, d = src - ms, dst - md
    denom = (s ** 2).sum()
    a = (s[:, 0] * d[:, 0] + s[:, 1] * d[:, 1]).sum() / denom
    b = (s[:, 0] * d[:, 1] - s[:, 1] * d[:, 0]).sum() / denom
    rot = np.array([[a, -b], [b, a]], dtype=np.float64)
    return np.concatenate([rot, (md - rot @ ms)[:, None]], 1)


def warp_affine(img, m, size):
    """img (uint8 H x W x 3) moved by the 2 x 3 transform m onto a canvas of size (w, h), edges replicated."""
    full = np.vstack([m, [0, 0, 1]])
    inv = np.linalg.inv(full)  # PIL maps each output pixel to an input one
    out = Image.fromarray(img).transform(size, Image.AFFINE, tuple(inv[:2].ravel()), resample=Image.BILINEAR)
    return np.asarray(out, dtype=np.uint8)


def colour_match(src, dst, mask):
    """src with each channel's mean and spread inside the mask moved to dst's (Reinhard's transfer, in RGB)."""
    w = mask[..., None] > 0.5
    if w.sum() < 16:
        return src
    s, d = src.astype(np.float32), dst.astype(np.float32)
    sm, dm = s[w[..., 0]], d[w[..., 0]]
    out = (s - sm.mean(0)) / (sm.std(0) + 1e-3) * (dm.std(0) + 1e-3) + dm.mean(0)
    return np.clip(out, 0, 255).astype(np.uint8)


def _blend(source, target, mask):
    m = mask[..., None]
    return np.clip(np.round(source.astype(np.float32) * m + target.astype(np.float32) * (1 - m)), 0, 255).astype(np.uint8)


def _soft(lm, size, kind, rng):
    mask = elastic(face_mask(lm, size, kind, rng), rng)
    return soft_mask(mask, rng, scale=max(size) / 256)


def cross_blend(img, lm, donor, donor_lm, rng):
    """(img, img with the donor's face blended in, label name): the donor aligned on the landmarks, colour-matched
    inside the mask, blended in a self-blend mask (its kind drawn as sbi.py draws it)."""
    h, w = img.shape[:2]
    kind = rng.choice(MASK_KINDS)
    mask = _soft(lm, (w, h), kind, rng)
    aligned = warp_affine(donor, similarity(donor_lm.astype(np.float64), lm.astype(np.float64)), (w, h))
    aligned = colour_match(aligned, img, mask)
    label = LABELS["cross-components"] if kind == "components" else LABELS["cross"]
    return img, _blend(aligned, img, mask), label


def skin_mask(lm, size):
    """The face's hull with a lifted forehead, less the eyes, brows and mouth (float H x W, 0/1)."""
    w, h = size
    m = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(m)
    d.polygon(_hull(np.concatenate([lm, _forehead(lm, 0.2)])), fill=255)
    for part in ("left-eye", "right-eye", "mouth", "left-brow", "right-brow"):
        pts = lm[PARTS[part]]
        c = pts.mean(0)
        d.polygon(_hull(c + (pts - c) * 1.3), fill=0)
    return np.asarray(m, dtype=np.float32) / 255.0


def retouch(img, lm, rng):
    """(img, img with smoothed and evened skin, label name): a blur or median filter of the skin, a little
    brightening, blended at 50-100 % inside a feathered skin mask."""
    h, w = img.shape[:2]
    scale = max(h, w) / 256
    im = Image.fromarray(img)
    if rng.random() < 0.5:
        smooth = im.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 3.0) * scale))
    else:
        smooth = im.filter(ImageFilter.MedianFilter(max(3, int(round(rng.choice((3, 5, 7)) * scale)) | 1)))
    a = np.asarray(smooth, dtype=np.float32) * (1 + rng.uniform(0, 0.08)) + rng.uniform(0, 8)
    mask = np.asarray(Image.fromarray((skin_mask(lm, (w, h)) * 255).astype(np.uint8)).filter(
        ImageFilter.GaussianBlur(rng.uniform(2, 5) * scale)), dtype=np.float32) / 255.0
    return img, _blend(np.clip(a, 0, 255), img, mask * rng.uniform(0.5, 1.0)), LABELS["retouch"]


def local_warp(img, lm, rng):
    """(img, img with one part warped, label name): inside a disc around the part, pixels move towards or away from
    its centre (a bulge or pinch, up to 25 %) and along a small shift, with a smooth fall-off to nothing at the rim.
    Outside the disc the image is left as it was, pixel for pixel."""
    h, w = img.shape[:2]
    part = rng.choice(("left-eye", "right-eye", "nose", "mouth"))
    pts = lm[PARTS[part]].astype(np.float64)
    c = pts.mean(0)
    radius = max(4.0, 1.6 * np.abs(pts - c).max())
    amount = rng.choice((-1, 1)) * rng.uniform(0.1, 0.25)
    shift = np.array([rng.uniform(-0.08, 0.08), rng.uniform(-0.12, 0.08)]) * radius
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    dx, dy = xs - c[0], ys - c[1]
    r = np.sqrt(dx ** 2 + dy ** 2) / radius
    fall = np.where(r < 1, (1 - r ** 2) ** 2, 0.0)
    # each output pixel samples the input nearer the centre (bulge) or farther (pinch), and against the shift
    sx = xs - amount * fall * dx - fall * shift[0]
    sy = ys - amount * fall * dy - fall * shift[1]
    inside = fall > 0
    x = torch.from_numpy(np.array(img, dtype=np.float32)).permute(2, 0, 1)[None]
    grid = torch.from_numpy(np.stack([sx / max(w - 1, 1) * 2 - 1, sy / max(h - 1, 1) * 2 - 1], -1)[None]).float()
    out = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=True)[0].permute(1, 2, 0).numpy()
    res = img.copy()
    res[inside] = np.clip(np.round(out[inside]), 0, 255).astype(np.uint8)
    return img, res, LABELS["warp"]
