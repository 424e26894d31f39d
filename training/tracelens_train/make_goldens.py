"""Write the golden files for the TypeScript parity tests into src/model/__golden__/.

Re-run after every export:  /usr/bin/python3 -m tracelens_train.make_goldens
- resize.json: a deterministic random float HWC image and torch's antialiased bilinear resize of it.
- input_<k>.bin (uint8 HWC RGB 128x128), fmt_<k>.bin (float32 LE HWC 128x128x3) and the exported
  model's probabilities / logits (temperature already baked in) in golden.json.
- With --arch <baseline> (model-base, constrained-hybrid, srm-hybrid or mo-hybrid, from
  public/models/<baseline>-faces-v1): <baseline>-golden.json only, on the same input_<k>.bin (checked
  byte-equal, written if absent); no Fmt (these models have none) and resize.json is left alone.
- With --id <id> (from public/models/<id>, e.g. amtennet-faces-v2), or a --model-dir whose card has an id
  other than <arch>-faces-v1: <id>-golden.json (and for AMTENnet its Fmt in <id>-fmt_<k>.bin), on the same
  input_<k>.bin (checked byte-equal, written if absent); golden.json, fmt_<k>.bin and resize.json stay
  amtennet-faces-v1's. golden_file() is the naming rule; src/model/parity.test.ts finds goldens by it.

The inputs are generated here (a gradient, noise, a checkerboard and a synthetic face-like
pattern), never read from a data set: parity is about arithmetic, and the repository holds no
data-set pixels. They are made with integer-exact numpy arithmetic and numpy's legacy RandomState
(whose streams numpy keeps stable), so every run on every machine writes the same bytes.
"""
import argparse
import json
import os
import re

import numpy as np
import torch
import torch.nn.functional as F

from . import INPUT_SIZE
from .data import REPO_ROOT, resize_to_input
from .architectures import MODEL_IDS
from .model import architecture_of
from .tfjs_weights import MODELS_DIR, load_exported

DEFAULT_GOLDEN = os.path.join(REPO_ROOT, "src", "model", "__golden__")


def _num(v):
    return float(f"{v:.7g}")


def resize_golden(seed=1234, h=37, w=29, sizes=((16, 16), (64, 50))):
    rng = np.random.RandomState(seed)
    img = (np.round(rng.uniform(0, 255, size=(h, w, 3)) * 1000) / 1000).astype(np.float32)
    x = torch.from_numpy(img).permute(2, 0, 1).unsqueeze(0)
    out = {
        "description": "torch.nn.functional.interpolate(x, size=(outH,outW), mode='bilinear', "
                       "align_corners=False, antialias=True) on a float32 NCHW tensor; arrays are HWC flat",
        "torch": torch.__version__,
        "input": {"shape": [h, w, 3], "data": [float(f"{v:.3f}") for v in img.reshape(-1).tolist()]},
        "outputs": [],
    }
    for oh, ow in sizes:
        y = F.interpolate(x, size=(oh, ow), mode="bilinear", align_corners=False, antialias=True)
        y = y[0].permute(1, 2, 0).reshape(-1).tolist()
        out["outputs"].append({"shape": [oh, ow, 3], "data": [_num(v) for v in y]})
    return out


def _grid(size):
    """Row and column indices, int64, each size x size."""
    return np.mgrid[0:size, 0:size].astype(np.int64)


def gradient(size=INPUT_SIZE):
    """Red rises left to right, green top to bottom, blue along the diagonal: smooth everywhere."""
    y, x = _grid(size)
    top = size - 1
    return np.stack([x * 255 // top, y * 255 // top, (x + y) * 255 // (2 * top)], axis=-1)


def noise(size=INPUT_SIZE, seed=20240611):
    """Independent uniform noise in every pixel and channel: the whole 0..255 range, no structure."""
    return np.random.RandomState(seed).randint(0, 256, size=(size, size, 3))


def checkerboard(size=INPUT_SIZE):
    """8 px squares of two saturated colours, with a 1 px checker in the lower right quarter:
    hard edges and the highest frequency an image can hold."""
    y, x = _grid(size)
    coarse = ((y // 8 + x // 8) % 2).astype(bool)
    fine = ((y + x) % 2).astype(bool) & (y >= size // 2) & (x >= size // 2)
    on = coarse ^ fine
    a, b = np.array([230, 40, 60]), np.array([20, 200, 240])
    return np.where(on[..., None], a, b)


def _inside(y, x, cy, cx, ry, rx):
    """Whether each pixel lies inside the ellipse centred (cy, cx) with radii (ry, rx): exact integers."""
    return (y - cy) ** 2 * rx * rx + (x - cx) ** 2 * ry * ry <= ry * ry * rx * rx


def face_pattern(size=INPUT_SIZE, seed=7):
    """A synthetic face-like picture drawn from ellipses: hair, a skin-coloured face with cheeks,
    eyes with irises, brows, a nose and a mouth, on a graded background, with mild seeded noise.
    Nothing of any real face: a stand-in with a face's layout and colours."""
    y, x = _grid(size)

    def px(v):  # the shapes are laid out for 128 px
        return int(round(v * size / 128))

    img = np.stack([60 + y // 4, 70 + x // 5, 90 + (y + x) // 6], axis=-1)  # background
    layers = [
        (_inside(y, x, px(52), px(64), px(50), px(44)), [70, 45, 30]),  # hair
        (_inside(y, x, px(68), px(64), px(44), px(34)), [224, 180, 150]),  # face
        (_inside(y, x, px(78), px(44), px(7), px(9)), [230, 160, 150]),  # cheeks
        (_inside(y, x, px(78), px(84), px(7), px(9)), [230, 160, 150]),
        (_inside(y, x, px(56), px(50), px(5), px(9)), [245, 245, 240]),  # eye whites
        (_inside(y, x, px(56), px(78), px(5), px(9)), [245, 245, 240]),
        (_inside(y, x, px(56), px(50), px(4), px(4)), [60, 90, 120]),  # irises
        (_inside(y, x, px(56), px(78), px(4), px(4)), [60, 90, 120]),
        (_inside(y, x, px(46), px(50), px(2), px(10)), [80, 55, 40]),  # brows
        (_inside(y, x, px(46), px(78), px(2), px(10)), [80, 55, 40]),
        (_inside(y, x, px(72), px(64), px(10), px(4)), [205, 160, 132]),  # nose
        (_inside(y, x, px(90), px(64), px(5), px(14)), [170, 70, 80]),  # mouth
    ]
    for mask, colour in layers:
        img = np.where(mask[..., None], np.array(colour), img)
    img = img + np.random.RandomState(seed).randint(-6, 7, size=img.shape)
    return np.clip(img, 0, 255)


#: The generated inputs, in case order: name, how it was made, function.
INPUTS = [
    ("gradient", "smooth RGB ramps (red by column, green by row, blue by diagonal)", gradient),
    ("noise", "uniform random uint8 noise (numpy RandomState 20240611)", noise),
    ("checkerboard", "8 px two-colour checkerboard with a 1 px checker in the lower right quarter", checkerboard),
    ("face-pattern", "a synthetic face-like drawing of ellipses with seeded noise (no real face)", face_pattern),
]


def generated_inputs(size=INPUT_SIZE):
    """[(name, description, uint8 HWC RGB array)], the same bytes on every run."""
    out = []
    for name, description, make in INPUTS:
        a = make(size)
        if a.shape != (size, size, 3) or a.min() < 0 or a.max() > 255:
            raise AssertionError(f"{name}: not a {size} x {size} RGB image in 0..255")
        out.append((name, description, np.ascontiguousarray(a, dtype=np.uint8)))
    return out


def _first_name(model_id, arch):
    """Whether a model keeps the names of the first goldens: <arch>-faces-v1 (or a card without an id)."""
    return model_id is None or model_id == f"{arch}-faces-v1"


def golden_file(model_id, arch):
    """The golden file of a model folder: golden.json for amtennet-faces-v1 and <arch>-golden.json for a
    baseline's <arch>-faces-v1 (the names the first goldens had), <id>-golden.json for any other id."""
    if _first_name(model_id, arch):
        return "golden.json" if arch == "amtennet" else f"{arch}-golden.json"
    return f"{model_id}-golden.json"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--arch", choices=list(MODEL_IDS), default=None,
                    help="asserts the model's architecture (default: amtennet, or with --id the model's own)")
    ap.add_argument("--id", default=None,
                    help="a model folder's id (its card's): reads public/models/<id>, writes <id>-golden.json")
    ap.add_argument("--model-dir", default=None, help="default: public/models/<--id>, or <id of --arch>")
    ap.add_argument("--out", default=DEFAULT_GOLDEN)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    arch = args.arch or ("amtennet" if args.id is None else None)
    model_dir = args.model_dir or os.path.join(MODELS_DIR, args.id or MODEL_IDS[arch])
    model, card = load_exported(model_dir)
    if arch is not None and architecture_of(model) != arch:
        raise SystemExit(f"{model_dir} holds {architecture_of(model)}, not {arch}")
    arch = architecture_of(model)
    if args.id is not None and card.get("id") != args.id:
        raise SystemExit(f"{model_dir}'s card has id {card.get('id')!r}, not {args.id!r}")
    if card.get("id") is not None and not re.fullmatch(r"[a-z0-9][a-z0-9._-]*", card["id"], re.I):
        raise SystemExit(f"{model_dir}'s card id {card['id']!r} is not a model folder name")
    golden_name = golden_file(card.get("id"), arch)
    default_files = _first_name(card.get("id"), arch)
    with_amten = arch == "amtennet"
    prefix = "" if default_files else f"{card['id']}-"  # of the Fmt files

    if with_amten and default_files:
        with open(os.path.join(args.out, "resize.json"), "w") as f:
            json.dump(resize_golden(), f, separators=(",", ":"))

    entries = []
    for k, (name, description, u8) in enumerate(generated_inputs(), start=1):
        x = resize_to_input(torch.from_numpy(u8.copy()).permute(2, 0, 1).float()).unsqueeze(0)  # identity at 128 px
        assert torch.equal(x[0], torch.from_numpy(u8.copy()).permute(2, 0, 1).float())
        with torch.no_grad():
            logits, maps = model(x, return_maps=True)
        probs = torch.softmax(logits, 1)[0]
        inp = f"input_{k}.bin"
        inp_path = os.path.join(args.out, inp)
        if (with_amten and default_files) or not os.path.exists(inp_path):
            with open(inp_path, "wb") as f:
                f.write(u8.tobytes())
        elif open(inp_path, "rb").read() != u8.tobytes():
            raise SystemExit(f"{inp_path} is not the generated {name!r} input: re-run make_goldens for amtennet first")
        entry = {"input": inp, "inputFormat": "uint8 HWC RGB 128x128x3"}
        if with_amten:
            fmt = maps["fmt"][0].permute(1, 2, 0).contiguous().numpy().astype("<f4")
            fmt_fn = f"{prefix}fmt_{k}.bin"
            with open(os.path.join(args.out, fmt_fn), "wb") as f:
                f.write(fmt.tobytes())
            entry.update({"fmt": fmt_fn, "fmtFormat": "float32 little-endian HWC 128x128x3"})
        entries.append({
            **entry,
            "name": name, "description": description,
            "probabilities": [float(v) for v in probs.tolist()],
            "logits": [float(v) for v in logits[0].tolist()],
            "predicted": card["classes"][int(probs.argmax())],
        })
    index = {"modelId": card.get("id"), "modelVersion": card.get("version"), "classes": card["classes"],
             "temperatureBakedIn": card.get("temperature"),
             "note": "PyTorch eval-mode outputs of the exported weights (temperature already in fc2) "
                     "on generated inputs (make_goldens.INPUTS)",
             "resize": "resize.json", "cases": entries}
    if golden_name != "golden.json":  # amtennet-faces-v1's golden.json stays exactly as before
        index = {"modelId": index["modelId"], "modelVersion": index["modelVersion"], "architecture": arch,
                 **{k: v for k, v in index.items() if k not in ("modelId", "modelVersion", "resize")}}
    with open(os.path.join(args.out, golden_name), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")
    print(f"wrote {golden_name} for {card.get('id')} {card.get('version')} to {args.out}")


if __name__ == "__main__":
    main()
