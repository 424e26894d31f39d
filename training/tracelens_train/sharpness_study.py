"""Is sharpness what makes the model accuse real faces? (issue 23: camera photos come back "manipulated")

Fakes in the data sets are sharper than reals on average, and the unseen real photos the model accuses are sharp.
This asks the model directly, on val's real faces (never test): split them into quartiles of sharpness (the
variance of the 128 px face's Laplacian), read each quartile's P(manipulated) and share stated manipulated at the
model's own decision, then blur or sharpen the sharpest quartile and read again. If sharpness were the cue, blurring
would lower P(manipulated) and sharpening raise it; if the quartile's sources are the cue, neither moves it much.

  python -m tracelens_train.sharpness_study --model runs/faces-v2/amtennet-long-s0/calibrated.pt [--write RESULTS.md]

With --lofo-variant V (e.g. "" for the grid's seed 0) it also reads the grid's runs that left face-swap and
attribute-gan out: their scores for faces-v1's unseen fakes of those families (DFDC's swaps, StarGAN's edits) against
the same source's val reals and against val's other reals, with their sharpness.
"""
import argparse
import sys

import numpy as np
from PIL import Image, ImageFilter

from .checkpoints import load_checkpoint
from .data import build_cache, read_datasets
from .lofo import p_manipulated_of
from .metrics import auc
from .recipe import DATA_DIRS
from .runs import write_between_markers

CHANGES = {
    "blurred, Gaussian sigma 0.7 px": lambda im: im.filter(ImageFilter.GaussianBlur(0.7)),
    "blurred, Gaussian sigma 1.2 px": lambda im: im.filter(ImageFilter.GaussianBlur(1.2)),
    "sharpened, unsharp mask (radius 1.5, 120 %)": lambda im: im.filter(ImageFilter.UnsharpMask(1.5, 120, 0)),
}


def sharpness(face):
    """Variance of the 4-neighbour Laplacian of a uint8 H x W x 3 face's grey level."""
    g = face.astype(np.float32).mean(-1)
    lap = 4 * g[1:-1, 1:-1] - g[:-2, 1:-1] - g[2:, 1:-1] - g[1:-1, :-2] - g[1:-1, 2:]
    return float(lap.var())


def changed(faces, change):
    return np.stack([np.asarray(change(Image.fromarray(f))) for f in faces])


def study(model, temperature, high, rows, faces):
    fake = np.array([r["label"] != "real" for r in rows])
    sharp = np.array([sharpness(f) for f in faces])
    pm = p_manipulated_of(model, faces, temperature)
    lines = [f"Val's {int((~fake).sum())} real faces (of {len(rows)}); \"manipulated\" stated from P(manipulated) >= {high}. "
             f"Sharpness alone ranks val's fakes above its reals with AUC {auc(sharp, fake):.3f}.", "",
             "| real faces | faces | median sharpness | median P(manipulated) | stated manipulated |", "|---|---|---|---|---|"]
    edges = np.quantile(sharp[~fake], [0, 0.25, 0.5, 0.75, 1])
    quart = np.clip(np.searchsorted(edges, sharp, side="right") - 1, 0, 3)
    for q in range(4):
        m = ~fake & (quart == q)
        lines.append(f"| sharpness quartile {q + 1} | {int(m.sum())} | {np.median(sharp[m]):.0f} | {np.median(pm[m]):.3f} | "
                     f"{100 * (pm[m] >= high).mean():.1f} % |")
    top = np.where(~fake & (quart == 3))[0]
    for name, change in CHANGES.items():
        altered = changed(faces[top], change)
        p = p_manipulated_of(model, altered, temperature)
        s = np.array([sharpness(f) for f in altered])
        lines.append(f"| quartile 4, {name} | {len(top)} | {np.median(s):.0f} | {np.median(p):.3f} | "
                     f"{100 * (p >= high).mean():.1f} % |")
    by_source = {}
    for i in top:
        by_source[rows[i]["key"]] = by_source.get(rows[i]["key"], 0) + 1
    lines += ["", "Quartile 4's sources: " + ", ".join(f"{k} {v}" for k, v in sorted(by_source.items(), key=lambda kv: -kv[1]))
              + "."]
    return "\n".join(lines)


WITHIN = {"face-swap": "dfdc", "attribute-gan": "stargan-celeba"}


def within_source(variant, family, source, rows, faces):
    """A line on the grid's run without `family` (lofo.py, `variant`): `source`'s fakes of it against the same
    source's val reals (lofo.pooled_paired_auc) and against val's other reals."""
    from .lofo import pooled_paired_auc, scored_rows, scores_of
    sc = scores_of(family, variant)
    held_rows, val_rows = scored_rows(family, {"train": read_datasets(DATA_DIRS, "train"), "val": rows})
    fakes = [(r, p) for r, p in zip(held_rows, sc["held"]) if r["source"] == source and r["label"] != "real"]
    reals = [(r, p) for r, p in zip(val_rows, sc["val"]) if r["label"] == "real"]
    within = pooled_paired_auc(fakes, reals)[0]
    pm_fakes = np.array([p for _, p in fakes])
    pm_reals = np.array([p for _, p in reals])
    overall = auc(np.r_[pm_fakes, pm_reals], np.r_[np.ones(len(fakes), bool), np.zeros(len(reals), bool)])
    mine = np.array([r["source"] == source for r, _ in reals])
    index = {id(r): i for i, r in enumerate(rows)}
    sharp = np.array([sharpness(faces[index[id(r)]]) for r, _ in reals])
    return (f"The grid's run without {family} (variant {variant or 'seed 0'}): {source}'s {len(fakes)} unseen fakes "
            f"against {source}'s {int(mine.sum())} val reals AUC {within:.3f}, against all val reals {overall:.3f}; median "
            f"P(manipulated) {np.median(pm_fakes):.2f} (fakes), {np.median(pm_reals[mine]):.2f} ({source} reals), "
            f"{np.median(pm_reals[~mine]):.2f} (other reals); median sharpness {np.median(sharp[mine]):.0f} ({source} "
            f"reals), {np.median(sharp[~mine]):.0f} (other reals).")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="a calibrated checkpoint (calibrate.py --decision)")
    ap.add_argument("--lofo-variant", default=None, help='also the grid run without face-swap ("" = seed 0)')
    ap.add_argument("--write", default=None, help="a markdown file with <!-- sharpness:begin/end --> markers")
    a = ap.parse_args(argv)
    model, meta = load_checkpoint(a.model)
    rows = read_datasets(DATA_DIRS, "val")
    faces = build_cache(rows, None, tag="val")
    text = study(model, meta["temperature"], meta["decision"]["uncertain"][1], rows, faces)
    if a.lofo_variant is not None:
        text += "\n\n" + "\n\n".join(within_source(a.lofo_variant, f, src, rows, faces) for f, src in WITHIN.items())
    print(text)
    if a.write:
        write_between_markers(a.write, text, "<!-- sharpness:begin -->", "<!-- sharpness:end -->")
    return 0


if __name__ == "__main__":
    sys.exit(main())
