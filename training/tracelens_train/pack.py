"""Pack splits of faces-v1, resized to 128 px with the contract resize (rounded to uint8), into
ZIP_STORED parts under a size limit, for copying to a GPU machine. Each part holds lossless PNGs and
its own manifest.csv (the data set's columns). Train with ``train.py --packed DIR``.

  nice -n 10 /usr/bin/python3 -m tracelens_train.pack --splits train val --out cache/packed
"""
import argparse
import csv
import io
import os
import zipfile

import numpy as np
import torch
from PIL import Image

from .data import CLASS_INDEX, DEFAULT_DATA_DIR, load_image, read_manifest

FIELDS = ["path", "label", "source", "group", "detail", "split"]


def pack(data_dir, splits, out_dir, max_mib=60.0, log=print):
    os.makedirs(out_dir, exist_ok=True)
    rows = [r for r in read_manifest(data_dir) if r["split"] in splits]
    limit = int(max_mib * 1024 * 1024) - 4 * 1024 * 1024  # headroom for the manifest and zip directory
    part, size, zf, members, written = 0, 0, None, [], []

    def close():
        if zf is not None:
            buf = io.StringIO()
            w = csv.DictWriter(buf, fieldnames=FIELDS, extrasaction="ignore")
            w.writeheader()
            w.writerows(members)
            zf.writestr("manifest.csv", buf.getvalue())
            zf.close()

    for r in rows:
        if zf is None or size > limit:
            close()
            part += 1
            fn = os.path.join(out_dir, f"faces-v1-128-part{part:03d}.zip")
            zf, size, members = zipfile.ZipFile(fn, "w", compression=zipfile.ZIP_STORED), 0, []
            written.append(fn)
        x = load_image(os.path.join(data_dir, r["path"]))
        a = x.round().clamp(0, 255).to(torch.uint8).permute(1, 2, 0).numpy()
        b = io.BytesIO()
        Image.fromarray(a).save(b, format="PNG")
        name = os.path.splitext(r["path"])[0] + ".png"
        zf.writestr(name, b.getvalue())
        size += len(b.getvalue()) + 100
        members.append({**r, "path": name})
    close()
    log(f"packed {len(rows)} images into {len(written)} parts in {out_dir}")
    return written


def load_packed(packed_dir, split):
    """(rows, uint8 N x 128 x 128 x 3) of one split from packed parts."""
    rows, imgs = [], []
    for fn in sorted(f for f in os.listdir(packed_dir) if f.endswith(".zip")):
        with zipfile.ZipFile(os.path.join(packed_dir, fn)) as zf:
            for r in csv.DictReader(io.StringIO(zf.read("manifest.csv").decode())):
                if r["split"] != split:
                    continue
                with Image.open(io.BytesIO(zf.read(r["path"]))) as im:
                    imgs.append(np.asarray(im.convert("RGB"), dtype=np.uint8))
                rows.append(r)
    for r in rows:
        r["y"] = CLASS_INDEX[r["label"]]
    return rows, (np.stack(imgs) if imgs else np.zeros((0, 128, 128, 3), np.uint8))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_DATA_DIR)
    ap.add_argument("--splits", nargs="+", default=["train", "val"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--max-mib", type=float, default=60.0)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    pack(args.data, args.splits, args.out, args.max_mib)


if __name__ == "__main__":
    main()
