"""What Fmt really shows: conv1's filters, and how much of the picture is left in Fmt = conv1(I) - I.

A high-pass residual (the paper's "manipulation traces") is zero on flat regions: conv1's taps of an
output channel then sum to 1 over all input channels, and Fmt keeps little low-frequency energy.
If they do not, Fmt carries a scaled (tinted) copy of the picture, and the app must say so.

Per output channel c it prints:
  - tapSum: the sum of conv1[c]'s 27 weights (1 = no picture left; Fmt of a flat grey image g is
    (tapSum - 1) * g), and dcGain = tapSum - 1;
  - centreTap: conv1[c, c, 1, 1], its own channel's centre weight;
  - lowFrequencyShare: the share of Fmt's energy below 1/8 cycle per pixel (8x8 box average), over
    val images; the same share of the input picture is printed beside it for scale.
Also the share of Fmt's energy that a per-channel linear fit on the picture explains (pictureR2).

  python -m tracelens_train.fmt_report --model ../public/models/amtennet-faces-v1 --images 300
"""
import argparse
import json
import os

import torch
import torch.nn.functional as F

from .data import DEFAULT_DATA_DIR, load_image, read_manifest, stratified_subset
from .checkpoints import load_any

LOW_PASS = 8  # box size in pixels


def low_frequency_share(z):
    """Share of the energy of z (N x C x H x W) left after an LOW_PASS x LOW_PASS box average, per channel."""
    lp = F.interpolate(F.avg_pool2d(z, LOW_PASS), scale_factor=LOW_PASS, mode="nearest")
    return (lp.pow(2).sum(dim=(0, 2, 3)) / z.pow(2).sum(dim=(0, 2, 3)).clamp(min=1e-12)).tolist()


def picture_r2(fmt, x):
    """Per channel: the share of Fmt's variance explained by a least-squares fit a * I_c + b."""
    out = []
    for c in range(fmt.shape[1]):
        f, i = fmt[:, c].flatten().double(), x[:, c].flatten().double()
        f, i = f - f.mean(), i - i.mean()
        out.append(float((f @ i) ** 2 / ((i @ i) * (f @ f)).clamp(min=1e-12)))
    return out


def conv1_filters(model):
    w = model.conv1.weight.detach().double()
    return [{"channel": "RGB"[c], "tapSum": float(w[c].sum()), "dcGain": float(w[c].sum() - 1),
             "centreTap": float(w[c, c, 1, 1])} for c in range(w.shape[0])]


@torch.no_grad()
def fmt_report(model, images):
    x = torch.stack(images)
    fmt, _, _ = model.amten_maps(x)
    return {
        "filters": conv1_filters(model),
        "images": len(images),
        "lowPassBox": LOW_PASS,
        "lowFrequencyShare": dict(zip("RGB", low_frequency_share(fmt))),
        "pictureLowFrequencyShare": dict(zip("RGB", low_frequency_share(x))),
        "pictureR2": dict(zip("RGB", picture_r2(fmt, x))),
        "fmtRms": float(fmt.pow(2).mean().sqrt()),
        "pictureRms": float(x.pow(2).mean().sqrt()),
    }


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="model.pt checkpoint or exported model directory")
    ap.add_argument("--data", default=DEFAULT_DATA_DIR)
    ap.add_argument("--images", type=int, default=300, help="val images to measure on (stratified by class)")
    ap.add_argument("--out", default=None)
    args = ap.parse_args(argv)
    model, _ = load_any(args.model)
    if not model.amten:
        raise SystemExit(f"{args.model} has no AMTEN module (Model-base): there is no Fmt")
    rows = stratified_subset(read_manifest(args.data, "val"), max(1, args.images // 4))
    report = {"model": args.model, **fmt_report(model, [load_image(os.path.join(args.data, r["path"])) for r in rows])}
    s = json.dumps(report, indent=2)
    print(s)
    if args.out:
        with open(args.out, "w") as f:
            f.write(s + "\n")
    return report


if __name__ == "__main__":
    main()
