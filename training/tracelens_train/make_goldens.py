"""Write the golden files for the TypeScript parity tests into src/model/__golden__/.

Re-run after every export:  /usr/bin/python3 -m tracelens_train.make_goldens
- resize.json: a deterministic random float HWC image and torch's antialiased bilinear resize of it.
- input_<k>.bin (uint8 HWC RGB 128x128), fmt_<k>.bin (float32 LE HWC 128x128x3) and the exported
  model's probabilities / logits (temperature already baked in) in golden.json.
- With --arch model-base (the baseline without the AMTEN module, public/models/model-base-faces-v1):
  model-base-golden.json only, on the same input_<k>.bin (checked byte-equal, written if absent);
  no Fmt (the model has none) and resize.json is left alone.
"""
import argparse
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from . import INPUT_SIZE
from .data import DEFAULT_DATA_DIR, REPO_ROOT, pil_to_tensor, read_manifest, resize_to_input
from .export import MODEL_IDS, MODELS_DIR, load_exported
from .model import architecture_of

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


def pick_inputs(data_dir, split="test"):
    """Three 128-px StarGAN test crops: one real and two different attribute edits."""
    rows = sorted((r for r in read_manifest(data_dir, split) if r["source"] == "stargan-celeba"),
                  key=lambda r: r["path"])
    real = next(r for r in rows if r["label"] == "real")
    attr = [r for r in rows if r["label"] == "attribute"]
    a1 = next(r for r in attr if r["detail"] == "blond_hair")
    a2 = next(r for r in attr if r["detail"] == "gender" and r["group"] != a1["group"])
    return [real, a1, a2]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--arch", choices=list(MODEL_IDS), default="amtennet")
    ap.add_argument("--model-dir", default=None, help="default: public/models/<id of --arch>")
    ap.add_argument("--data", default=DEFAULT_DATA_DIR)
    ap.add_argument("--out", default=DEFAULT_GOLDEN)
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    os.makedirs(args.out, exist_ok=True)
    model_dir = args.model_dir or os.path.join(MODELS_DIR, MODEL_IDS[args.arch])
    model, card = load_exported(model_dir)
    if architecture_of(model) != args.arch:
        raise SystemExit(f"{model_dir} holds {architecture_of(model)}, not {args.arch}")
    with_amten = args.arch == "amtennet"

    if with_amten:
        with open(os.path.join(args.out, "resize.json"), "w") as f:
            json.dump(resize_golden(), f, separators=(",", ":"))

    entries = []
    for k, r in enumerate(pick_inputs(args.data), start=1):
        with Image.open(os.path.join(args.data, r["path"])) as im:
            img = im.convert("RGB")
        if img.size != (INPUT_SIZE, INPUT_SIZE):
            raise ValueError(f"{r['path']} is not {INPUT_SIZE} px")
        u8 = np.asarray(img, dtype=np.uint8)
        x = resize_to_input(pil_to_tensor(img)).unsqueeze(0)  # identity at 128 px
        assert torch.equal(x[0], torch.from_numpy(u8.copy()).permute(2, 0, 1).float())
        with torch.no_grad():
            logits, maps = model(x, return_maps=True)
        probs = torch.softmax(logits, 1)[0]
        inp = f"input_{k}.bin"
        inp_path = os.path.join(args.out, inp)
        if with_amten or not os.path.exists(inp_path):
            with open(inp_path, "wb") as f:
                f.write(u8.tobytes())
        elif open(inp_path, "rb").read() != u8.tobytes():
            raise SystemExit(f"{inp_path} is not {r['path']}: re-run make_goldens for amtennet first")
        entry = {"input": inp, "inputFormat": "uint8 HWC RGB 128x128x3"}
        if with_amten:
            fmt = maps["fmt"][0].permute(1, 2, 0).contiguous().numpy().astype("<f4")
            fmt_fn = f"fmt_{k}.bin"
            with open(os.path.join(args.out, fmt_fn), "wb") as f:
                f.write(fmt.tobytes())
            entry.update({"fmt": fmt_fn, "fmtFormat": "float32 little-endian HWC 128x128x3"})
        entries.append({
            **entry,
            "source": r["path"], "label": r["label"], "detail": r["detail"],
            "probabilities": [float(v) for v in probs.tolist()],
            "logits": [float(v) for v in logits[0].tolist()],
            "predicted": card["classes"][int(probs.argmax())],
        })
    index = {"modelId": card.get("id"), "modelVersion": card.get("version"), "classes": card["classes"],
             "temperatureBakedIn": card.get("temperature"),
             "note": "PyTorch eval-mode outputs of the exported weights (temperature already in fc2)",
             "resize": "resize.json", "cases": entries}
    if not with_amten:  # the amtennet golden.json stays exactly as before
        index = {"modelId": index["modelId"], "modelVersion": index["modelVersion"], "architecture": args.arch,
                 **{k: v for k, v in index.items() if k not in ("modelId", "modelVersion", "resize")}}
    name = "golden.json" if with_amten else f"{args.arch}-golden.json"
    with open(os.path.join(args.out, name), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")
    print(f"wrote goldens for {card.get('id')} {card.get('version')} to {args.out}")


if __name__ == "__main__":
    main()
