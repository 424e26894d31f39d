"""Self-blended images (Shiohara & Yamasaki, CVPR 2022): a fake made from every real face.

A real face is blended with a slightly altered copy of itself inside a face-shaped mask, so the only
thing that tells the blend from the real face is the blending trace (boundary, colour and sharpness
mismatch), never the source of the photo. Blending happens at the image's stored resolution; the
caller then resizes to the network's input, as for every other face.

Landmarks are the 68 points of dlib's order (jaw 0-16, brows 17-26, nose 27-35, eyes 36-47,
mouth 48-67), computed once per data set by `npm run landmarks` (face-api's 68-point model).
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw, ImageFilter

# Mask shapes, after the authors' four hull types. `components` (eyes, brows, nose and mouth, not
# the whole face) blends face parts, the others the whole face: the first is labelled like a
# splice, the others like a swap.
MASK_KINDS = ("hull", "forehead-hull", "jaw-hull", "components")
R_CHOICES = (0.25, 0.5, 0.75, 1.0, 1.0, 1.0)


def load_landmarks(files):
    """{(dataset name, manifest path): 68 x 2 float array} from the JSON files of `npm run landmarks`
    (faces without landmarks are left out)."""
    out = {}
    for fn in files:
        with open(fn) as f:
            doc = json.load(f)
        name = os.path.basename(os.path.normpath(doc["data"]))
        for path, pts in doc["points"].items():
            if pts is not None and len(pts) == 68:
                out[(name, path)] = np.asarray(pts, dtype=np.float32)
    return out


def _forehead(lm, lift):
    """Brow points (17-26) moved up by `lift` times the brow-to-chin height, for a hull that covers the forehead."""
    brows = lm[17:27].copy()
    height = lm[8, 1] - brows[:, 1].mean()
    brows[:, 1] -= lift * max(height, 1.0)
    return brows


def _hull(points):
    """Convex hull (Andrew's monotone chain) as a list of (x, y) tuples."""
    pts = sorted(set(map(tuple, np.round(points, 2).tolist())))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def face_mask(lm, size, kind, rng):
    """Binary mask (float H x W, 0/1) of the chosen shape."""
    w, h = size
    m = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(m)
    if kind == "components":
        parts = [np.concatenate([lm[17:22], lm[36:42]]), np.concatenate([lm[22:27], lm[42:48]]),
                 lm[27:36], lm[48:68]]
        for p in parts:
            d.polygon(_hull(p), fill=255)
        # parts joined, as the authors' union of part hulls covers the face's middle
        d.polygon(_hull(np.concatenate([lm[31:36], lm[48:55], lm[39:40], lm[42:43]])), fill=255)
    elif kind == "jaw-hull":
        d.polygon(_hull(np.concatenate([lm[0:17], lm[17:27]])), fill=255)
    elif kind == "forehead-hull":
        d.polygon(_hull(np.concatenate([lm, _forehead(lm, rng.uniform(0.15, 0.35))])), fill=255)
    else:
        d.polygon(_hull(lm), fill=255)
    return np.asarray(m, dtype=np.float32) / 255.0


def elastic(mask, rng, amplitude=0.04, grid=4):
    """Smooth random deformation of the mask: a grid x grid field of offsets (fraction of the side),
    upsampled bicubically."""
    h, w = mask.shape
    g = torch.Generator().manual_seed(rng.randrange(2**31))
    field = (torch.rand(1, 2, grid, grid, generator=g) * 2 - 1) * amplitude * 2
    field = F.interpolate(field, size=(h, w), mode="bicubic", align_corners=True)[0].permute(1, 2, 0)
    ys, xs = torch.meshgrid(torch.linspace(-1, 1, h), torch.linspace(-1, 1, w), indexing="ij")
    base = torch.stack([xs, ys], -1)
    out = F.grid_sample(torch.from_numpy(mask)[None, None], (base + field)[None], mode="bilinear",
                        padding_mode="zeros", align_corners=True)
    return out[0, 0].numpy()


def _blur(mask, k):
    """Gaussian blur with cv2's sigma for an odd kernel size k."""
    sigma = 0.3 * ((k - 1) * 0.5 - 1) + 0.8
    img = Image.fromarray(np.clip(mask * 255, 0, 255).astype(np.uint8))
    return np.asarray(img.filter(ImageFilter.GaussianBlur(sigma)), dtype=np.float32) / 255.0


def soft_mask(mask, rng, scale):
    """Blur with a random kernel (5-25, scaled to the image), erode by keeping only what stayed
    fully inside, blur again, and multiply by r."""
    k1 = max(3, int(round(rng.choice(range(5, 27, 2)) * scale)) | 1)
    blurred = _blur(mask, k1)
    blurred[blurred < 1.0] = 0.0
    if blurred.max() == 0:  # a thin mask vanishes when eroded: keep the undeformed shape
        blurred = mask
    k2 = max(3, int(round(rng.choice(range(5, 27, 2)) * scale)) | 1)
    soft = _blur(blurred, k2)
    if soft.max() > 0:
        soft = soft / soft.max()
    return soft * rng.choice(R_CHOICES)


def alter(img, rng):
    """The copy's changes: colour shift (RGB +-20, brightness and contrast +-0.1), then either a x2/x4
    nearest-neighbour down-scale up-scaled again or a sharpen."""
    a = img.astype(np.float32)
    a = a + np.array([rng.uniform(-20, 20) for _ in range(3)], dtype=np.float32)
    contrast, brightness = 1 + rng.uniform(-0.1, 0.1), rng.uniform(-0.1, 0.1) * 255
    a = (a - a.mean()) * contrast + a.mean() + brightness
    im = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    w, h = im.size
    if rng.random() < 0.5:
        f = rng.choice((2, 4))
        im = im.resize((max(1, w // f), max(1, h // f)), Image.NEAREST).resize((w, h), Image.BILINEAR)
    else:
        im = im.filter(ImageFilter.UnsharpMask(radius=rng.uniform(1, 2), percent=int(rng.uniform(50, 150)), threshold=0))
    return np.asarray(im, dtype=np.uint8)


def small_affine(img, rng):
    """Translate +-3 % in x, +-1.5 % in y, scale 0.95-1.05 about the centre (edges replicated)."""
    h, w = img.shape[:2]
    s = rng.uniform(0.95, 1.05)
    tx, ty = rng.uniform(-0.03, 0.03) * w, rng.uniform(-0.015, 0.015) * h
    cx, cy = w / 2, h / 2
    # PIL maps output (x, y) to input (a x + b y + c, d x + e y + f)
    coeffs = (1 / s, 0, cx - (cx + tx) / s, 0, 1 / s, cy - (cy + ty) / s)
    im = Image.fromarray(img).transform((w, h), Image.AFFINE, coeffs, resample=Image.BILINEAR)
    return np.asarray(im, dtype=np.uint8)


def self_blend(img, lm, rng):
    """(real, blended, mask kind) from a real face (uint8 H x W x 3) and its 68 landmarks. One copy
    is altered (which one at random), the source copy moved slightly, and the source blended into
    the target inside a soft, deformed face mask. `real` is the target as it went into the blend (as
    in the authors' code: when the target was the altered copy, the pair's real face is that copy),
    so real and blend differ only inside the mask."""
    h, w = img.shape[:2]
    kind = rng.choice(MASK_KINDS)
    mask = face_mask(lm, (w, h), kind, rng)
    mask = elastic(mask, rng)
    mask = soft_mask(mask, rng, scale=max(h, w) / 256)
    source, target = img, img
    if rng.random() < 0.5:
        source = alter(img, rng)
    else:
        target = alter(img, rng)
    source = small_affine(source, rng)
    m = mask[..., None]
    out = source.astype(np.float32) * m + target.astype(np.float32) * (1 - m)
    return target, np.clip(np.round(out), 0, 255).astype(np.uint8), kind
