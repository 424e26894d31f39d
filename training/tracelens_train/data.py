"""Labelled faces (faces-v1, faces-v2): manifests, image loading (the browser contract), caching,
augmentation, and the source-balanced sampler."""
import csv
import hashlib
import io
import os
import random
from collections import Counter, defaultdict

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, ImageEnhance, ImageFilter

from . import CLASSES, INPUT_SIZE

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATASETS_DIR = os.path.normpath(os.path.join(REPO_ROOT, "..", "shared", "datasets"))
DEFAULT_DATA_DIR = os.path.join(DATASETS_DIR, "faces-v1")
# faces-v1 has no family column: its sources in faces-v2's families (issue 23). Its DFDC and CelebA
# reals are the people and photos its fakes were made from, as faces-v2's `real-paired` are.
V1_FAMILIES = {("dfdc", "identity"): "face-swap", ("stargan-celeba", "attribute"): "attribute-gan",
               ("ciplab", "splice"): "part-edit", ("stylegan3", "identity"): "gan-face",
               ("dfdc", "real"): "real-paired", ("stargan-celeba", "real"): "real-paired",
               ("ciplab", "real"): "real-photo"}
DEFAULT_CACHE_DIR = os.path.join(REPO_ROOT, "training", "cache")
CLASS_INDEX = {c: i for i, c in enumerate(CLASSES)}


def read_manifest(data_dir=DEFAULT_DATA_DIR, split=None):
    """Rows of manifest.csv (dicts: path,label,source,group,detail,split), optionally one split."""
    with open(os.path.join(data_dir, "manifest.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r["label"] not in CLASS_INDEX:
            raise ValueError(f"unknown label {r['label']!r} in manifest")
        r["y"] = CLASS_INDEX[r["label"]]
    if split is not None:
        rows = [r for r in rows if r["split"] == split]
    return rows


def read_datasets(data_dirs, split=None):
    """Rows of several data sets together. Each row also gets `data_dir`, `dataset` (the folder's
    name), `family` (faces-v2's column; faces-v1's sources mapped by V1_FAMILIES) and `key`, the
    source as the sampler counts it (`dataset/source/label`: faces-v2 sources hold reals and fakes)."""
    out = []
    for d in data_dirs:
        d = os.path.abspath(d)  # one spelling of each folder, so that its cache is found whatever the caller wrote
        name = os.path.basename(os.path.normpath(d))
        for r in read_manifest(d, split):
            r["data_dir"], r["dataset"] = d, name
            if not r.get("family"):
                r["family"] = V1_FAMILIES.get((r["source"], r["label"]), "real-photo" if r["label"] == "real" else "other")
            r["key"] = f"{name}/{r['source']}/{r['label']}"
            out.append(r)
    return out


def image_path(row, data_dir=None):
    return os.path.join(row.get("data_dir") or data_dir, row["path"])


def source_balanced_weights(rows, real_share=0.5):
    """Sampling weight of each row: `real` gets real_share of the draws and the manipulated classes
    share the rest equally; inside a class, a source gets a share proportional to the square root of
    its size (issue 23: equal shares would make its many tiny sources memorised, shares by size let
    one source stand for its class again). Sum = 1."""
    by_class = defaultdict(Counter)
    for r in rows:
        by_class[r["label"]][r["key"]] += 1
    fakes = [c for c in by_class if c != "real"]
    class_share = {c: (real_share if c == "real" else (1 - real_share) / max(1, len(fakes))) for c in by_class}
    if "real" not in by_class or not fakes:  # a single side present: classes equally
        class_share = {c: 1 / len(by_class) for c in by_class}
    w = []
    for r in rows:
        counts = by_class[r["label"]]
        root_total = sum(np.sqrt(n) for n in counts.values())
        w.append(class_share[r["label"]] * np.sqrt(counts[r["key"]]) / root_total / counts[r["key"]])
    w = np.asarray(w, dtype=np.float64)
    return w / w.sum()


def resize_to_input(x, size=INPUT_SIZE):
    """THE resize contract with the browser: float 0..255 tensor (N,C,H,W or C,H,W) -> size x size,
    bilinear, align_corners=False, antialias=True, no rounding."""
    squeeze = x.dim() == 3
    if squeeze:
        x = x.unsqueeze(0)
    x = F.interpolate(x, size=(size, size), mode="bilinear", align_corners=False, antialias=True)
    return x[0] if squeeze else x


def pil_to_tensor(img):
    """PIL image -> float 3 x H x W tensor, RGB, 0..255."""
    a = np.asarray(img.convert("RGB"), dtype=np.uint8)
    return torch.from_numpy(a.copy()).permute(2, 0, 1).float()


def jpeg_recompress(img, quality):
    buf = io.BytesIO()
    img.convert("RGB").save(buf, format="JPEG", quality=int(quality))
    buf.seek(0)
    return Image.open(buf).convert("RGB")


def load_image(path, jpeg_quality=None):
    """Load as the app does: PIL -> RGB -> float 0..255 -> contract resize to 128. 3x128x128 float."""
    with Image.open(path) as im:
        img = im.convert("RGB")
    if jpeg_quality is not None:
        img = jpeg_recompress(img, jpeg_quality)
    return resize_to_input(pil_to_tensor(img))


def stratified_subset(rows, limit_per_class, seed=0):
    """At most limit_per_class rows per class, spread as evenly as possible over that class's
    sources (water-filling), so small sources (e.g. CIPLAB reals, which share a source with the
    splices) are not drowned by big ones. limit_per_class None/0 keeps everything."""
    if not limit_per_class:
        return list(rows)
    rng = random.Random(seed)
    by = defaultdict(lambda: defaultdict(list))
    for r in rows:
        by[r["label"]][r["source"]].append(r)
    out = []
    for label in CLASSES:
        sources = by.get(label, {})
        if not sources:
            continue
        quota = {s: 0 for s in sources}
        left = limit_per_class
        open_ = sorted(sources, key=lambda s: len(sources[s]))
        while left > 0 and open_:
            share = max(1, left // len(open_))
            nxt = []
            for s in open_:
                take = min(share, len(sources[s]) - quota[s], left)
                quota[s] += take
                left -= take
                if quota[s] < len(sources[s]):
                    nxt.append(s)
                if left == 0:
                    break
            open_ = nxt
        for s in sorted(sources):
            items = sorted(sources[s], key=lambda r: r["path"])
            rng.shuffle(items)
            out.extend(items[: quota[s]])
    return out


def build_cache(rows, data_dir, cache_dir=DEFAULT_CACHE_DIR, tag="cache", log=print):
    """Load every row once with the contract resize and keep it as uint8 N x 128 x 128 x 3
    (rounded; used for training and checkpoint selection only, evaluate.py reads the originals)."""
    key = hashlib.sha1(("\n".join(image_path(r, data_dir) for r in rows) + f"|{INPUT_SIZE}").encode()).hexdigest()[:12]
    os.makedirs(cache_dir, exist_ok=True)
    fn = os.path.join(cache_dir, f"{tag}-{len(rows)}-{key}.npy")
    if os.path.exists(fn):
        return np.load(fn)
    log(f"caching {len(rows)} images -> {fn}")
    arr = np.empty((len(rows), INPUT_SIZE, INPUT_SIZE, 3), dtype=np.uint8)
    for i, r in enumerate(rows):
        x = load_image(image_path(r, data_dir))
        arr[i] = x.round().clamp(0, 255).to(torch.uint8).permute(1, 2, 0).numpy()
    np.save(fn + ".tmp.npy", arr)
    os.replace(fn + ".tmp.npy", fn)
    return arr


# Augment.robust's settings, which Augment.photometric builds on.
ROBUST = dict(p_rescale=0.4, scale=(0.4, 0.9), p_jpeg=0.5, quality=(30, 100), p_blur=0.3)


class Augment:
    """Training augmentation on a 128x128 uint8 RGB image, all through PIL:
    small random crop (shift/zoom), random down-then-up resize, random JPEG re-compression,
    horizontal flip. Format cues (resolution, JPEG history) are what this is meant to blur."""

    def __init__(self, p_crop=0.7, crop_min=108, p_rescale=0.4, scale=(0.45, 0.9),
                 p_jpeg=0.6, quality=(50, 100), p_flip=0.5, p_blur=0.0, blur_sigma=(0.0, 3.0),
                 p_colour=0.0, p_grey=0.0, p_sharpen=0.0, p_noise=0.0, noise_sigma=(1.0, 6.0), rng=None):
        self.p_crop, self.crop_min = p_crop, crop_min
        self.p_colour, self.p_grey, self.p_sharpen = p_colour, p_grey, p_sharpen
        self.p_noise, self.noise_sigma = p_noise, noise_sigma
        self.p_rescale, self.scale = p_rescale, scale
        self.p_jpeg, self.quality = p_jpeg, quality
        self.p_flip = p_flip
        self.p_blur, self.blur_sigma = p_blur, blur_sigma
        self.rng = rng or random.Random()

    @classmethod
    def robust(cls, rng=None):
        """Issue 23's recipe (after Wang et al. 2020): Gaussian blur sigma 0-3 and JPEG quality 30-100
        on a share of the images, and down-and-up-scaling, alike for every class, so that sharpness,
        compression and size stop being clues to the label."""
        return cls(**ROBUST, rng=rng)

    @classmethod
    def robust_grey(cls, rng=None):
        """`robust` plus neutral grey on 10 % of the draws of every class (a face and its self-blended twin alike):
        in the data sets nearly every black-and-white face is generated, and 2.1.0 learned "grey = generated"
        (RESULTS.md, "Black-and-white faces")."""
        return cls(**ROBUST, p_grey=0.1, rng=rng)

    @classmethod
    def photometric(cls, rng=None):
        """`robust` plus what a camera and ordinary photo editing do to any photo: brightness, contrast and
        saturation changes, grey scale, sharpening and sensor noise, alike for every class. The data sets'
        sources differ in colour, tone and sharpness (the CelebA look, sharp studio portraits), and unseen camera
        photos were read as manipulated; this takes those global looks away as clues, leaving local traces."""
        return cls(**ROBUST, p_colour=0.5, p_grey=0.05, p_sharpen=0.2, p_noise=0.2, rng=rng)

    def __call__(self, img):
        r = self.rng
        s = INPUT_SIZE
        if r.random() < self.p_crop:
            c = r.randint(self.crop_min, s)
            x0, y0 = r.randint(0, s - c), r.randint(0, s - c)
            img = img.crop((x0, y0, x0 + c, y0 + c)).resize((s, s), Image.BILINEAR)
        if r.random() < self.p_rescale:
            k = max(16, int(round(s * r.uniform(*self.scale))))
            img = img.resize((k, k), Image.BILINEAR).resize((s, s), Image.BILINEAR)
        if self.p_colour and r.random() < self.p_colour:
            img = ImageEnhance.Brightness(img).enhance(r.uniform(0.8, 1.2))
            img = ImageEnhance.Contrast(img).enhance(r.uniform(0.8, 1.2))
            img = ImageEnhance.Color(img).enhance(r.uniform(0.7, 1.3))
        if self.p_grey and r.random() < self.p_grey:
            img = img.convert("L").convert("RGB")
        if self.p_sharpen and r.random() < self.p_sharpen:
            img = img.filter(ImageFilter.UnsharpMask(radius=r.uniform(0.5, 2.0), percent=r.randint(50, 150), threshold=0))
        if self.p_noise and r.random() < self.p_noise:
            noise = np.random.default_rng(r.getrandbits(32)).normal(0.0, r.uniform(*self.noise_sigma), (s, s, 3))
            img = Image.fromarray(np.clip(np.asarray(img, dtype=np.float32) + noise, 0, 255).round().astype(np.uint8))
        if self.p_blur and r.random() < self.p_blur:
            img = img.filter(ImageFilter.GaussianBlur(r.uniform(*self.blur_sigma)))
        if r.random() < self.p_jpeg:
            img = jpeg_recompress(img, r.randint(*self.quality))
        if r.random() < self.p_flip:
            img = img.transpose(Image.FLIP_LEFT_RIGHT)
        return img


class CachedDataset(torch.utils.data.Dataset):
    """Images from a uint8 N x 128 x 128 x 3 array; returns (float 3x128x128 0..255, class index), and the
    row's source index third when `sources` is given (the source critic's target)."""

    def __init__(self, array, labels, augment=None, sources=None):
        self.array, self.labels, self.augment, self.sources = array, list(labels), augment, sources

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        a = self.array[i]
        if self.augment is not None:
            a = np.asarray(self.augment(Image.fromarray(a)), dtype=np.uint8)
        x = torch.from_numpy(np.array(a, dtype=np.uint8)).permute(2, 0, 1).float()
        return (x, self.labels[i]) if self.sources is None else (x, self.labels[i], self.sources[i])


class FileDataset(torch.utils.data.Dataset):
    """Images read from the data dir with the exact app pipeline (optionally JPEG re-compressed)."""

    def __init__(self, rows, data_dir, jpeg_quality=None):
        self.rows, self.data_dir, self.jpeg_quality = rows, data_dir, jpeg_quality

    def __len__(self):
        return len(self.rows)

    def __getitem__(self, i):
        r = self.rows[i]
        return load_image(image_path(r, self.data_dir), self.jpeg_quality), r["y"]


def balanced_sampler(labels, num_samples=None, seed=0):
    """WeightedRandomSampler that draws every class equally often."""
    counts = Counter(labels)
    w = torch.tensor([1.0 / counts[y] for y in labels], dtype=torch.double)
    g = torch.Generator()
    g.manual_seed(seed)
    return torch.utils.data.WeightedRandomSampler(w, num_samples or len(labels), replacement=True, generator=g)
