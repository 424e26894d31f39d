"""The app's model format: a TensorFlow.js weights manifest and one shard in public/models/<id>/.

write_weights turns a PyTorch model into TF.js layouts (HWIO kernels, fc0's rows in H,W,C order) with the
calibration baked into fc2, optionally uint8-quantised; load_exported rebuilds the PyTorch model from a
folder (with its model-card.json), so an export can be evaluated and checked exactly as the app loads it.
"""
import json
import os

import numpy as np
import torch

from . import CLASSES
from .architectures import HYBRIDS, build_model, card_architecture
from .data import REPO_ROOT
from .model import architecture_of

MODELS_DIR = os.path.join(REPO_ROOT, "public", "models")
SHARD = "group1-shard1of1.bin"
AMTEN_LAYERS = ["conv1", "conv2_1", "conv2_2", "conv3_1", "conv3_2"]
BACKBONE_CONV_LAYERS = ["conv4", "conv5", "conv6", "conv7"]
CONV_LAYERS = AMTEN_LAYERS + BACKBONE_CONV_LAYERS


def conv_layers(arch):
    return CONV_LAYERS if arch == "amtennet" else BACKBONE_CONV_LAYERS


def tfjs_tensors(model, temperature=1.0, logit_bias=None):
    """Ordered (name, float32 numpy array) in TF.js layouts; T and the logit bias baked into fc2."""
    sd = {k: v.detach().cpu().double() for k, v in model.state_dict().items()}
    out = []

    def add(name, t):
        out.append((name, t.contiguous().float().numpy()))

    if model.front is not None:  # a hybrid's front end: one convolution without bias, fixed or constrained
        add("front/kernel", sd["front.weight"].permute(2, 3, 1, 0))
    for layer in conv_layers(architecture_of(model)):
        add(f"{layer}/kernel", sd[f"{layer}.weight"].permute(2, 3, 1, 0))  # OIHW -> HWIO
        if layer != "conv1":  # conv1 has no bias (fixed 0)
            add(f"{layer}/bias", sd[f"{layer}.bias"])
        if layer in ("conv4", "conv5", "conv6"):
            bn = "bn" + layer[4:]
            add(f"{bn}/gamma", sd[f"{bn}.weight"])
            add(f"{bn}/beta", sd[f"{bn}.bias"])
            add(f"{bn}/moving_mean", sd[f"{bn}.running_mean"])
            add(f"{bn}/moving_variance", sd[f"{bn}.running_var"])
    # fc0 rows re-ordered from PyTorch's C,H,W flatten to TF.js's H,W,C flatten.
    w0 = sd["fc0.weight"].view(300, -1, 7, 7).permute(0, 2, 3, 1).reshape(300, -1).T
    add("fc0/kernel", w0)
    add("fc0/bias", sd["fc0.bias"])
    add("fc1/kernel", sd["fc1.weight"].T)
    add("fc1/bias", sd["fc1.bias"])
    add("fc2/kernel", sd["fc2.weight"].T / temperature)
    bias = torch.zeros_like(sd["fc2.bias"]) if logit_bias is None else torch.tensor(logit_bias, dtype=torch.float64)
    add("fc2/bias", sd["fc2.bias"] / temperature + bias)
    return out


# Tensors smaller than this stay float32 when quantising: the AMTEN module's kernels (Fmt is a
# small residual of 0..255 pixels, so their error is multiplied by 255), biases and batch norm.
QUANTIZE_MIN_SIZE = 4096


def quantize_uint8(a):
    """TF.js affine uint8 quantisation: value = q * scale + min (per tensor)."""
    lo, hi = float(a.min()), float(a.max())
    scale = (hi - lo) / 255 if hi > lo else 1.0
    q = np.clip(np.round((a.astype(np.float64) - lo) / scale), 0, 255).astype(np.uint8)
    return q, {"dtype": "uint8", "min": lo, "scale": scale}


def write_weights(model, out_dir, temperature=1.0, quantize=None, logit_bias=None):
    """quantize=None writes float32; 'uint8' stores the large kernels as uint8 (4x smaller)."""
    os.makedirs(out_dir, exist_ok=True)
    tensors = tfjs_tensors(model, temperature, logit_bias)
    entries, blobs = [], []
    for n, a in tensors:
        entry = {"name": n, "shape": list(a.shape), "dtype": "float32"}
        if quantize == "uint8" and a.size >= QUANTIZE_MIN_SIZE:
            q, entry["quantization"] = quantize_uint8(a)
            blobs.append(q.tobytes())
        else:
            blobs.append(a.astype("<f4").tobytes())
        entries.append(entry)
    manifest = [{"paths": [SHARD], "weights": entries}]
    with open(os.path.join(out_dir, SHARD), "wb") as f:
        for b in blobs:
            f.write(b)
    with open(os.path.join(out_dir, "weights_manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    return manifest


def load_exported(model_dir):
    """Rebuild the PyTorch model (eval mode, T already baked in) from an exported directory."""
    with open(os.path.join(model_dir, "weights_manifest.json")) as f:
        manifest = json.load(f)
    card_path = os.path.join(model_dir, "model-card.json")
    card = json.load(open(card_path)) if os.path.exists(card_path) else {"classes": CLASSES}
    tensors = {}
    for group in manifest:
        buf = b"".join(open(os.path.join(model_dir, p), "rb").read() for p in group["paths"])
        off = 0
        for w in group["weights"]:
            assert w["dtype"] == "float32"
            n = int(np.prod(w["shape"])) if w["shape"] else 1
            quant = w.get("quantization")
            if quant:
                assert quant["dtype"] == "uint8", f"unsupported quantisation {quant['dtype']}"
                q = np.frombuffer(buf, dtype=np.uint8, count=n, offset=off)
                # As TF.js dequantises: in double precision, then stored as float32.
                values = (q.astype(np.float64) * quant["scale"] + quant["min"]).astype(np.float32)
                off += n
            else:
                values = np.frombuffer(buf, dtype="<f4", count=n, offset=off)
                off += 4 * n
            tensors[w["name"]] = torch.from_numpy(values.reshape(w["shape"]).copy())
        assert off == len(buf), "shard size does not match manifest"
    num_classes = tensors["fc2/bias"].shape[0]
    if "front/kernel" in tensors:  # which front end only the card says
        arch = card_architecture(card) if "architecture" in card else None
        if arch not in HYBRIDS:
            raise ValueError(f"{model_dir}: the weights have a front end but the card says {card.get('architecture')!r}")
    else:
        arch = "amtennet" if "conv1/kernel" in tensors else "model-base"
        if "architecture" in card and card_architecture(card) != arch:
            raise ValueError(f"{model_dir}: the card says {card['architecture']} but the weights are {arch}")
    model = build_model(arch, num_classes)
    sd = model.state_dict()
    if arch in HYBRIDS:
        sd["front.weight"] = tensors["front/kernel"].permute(3, 2, 0, 1)
    for layer in conv_layers(arch):
        sd[f"{layer}.weight"] = tensors[f"{layer}/kernel"].permute(3, 2, 0, 1)
        if layer != "conv1":
            sd[f"{layer}.bias"] = tensors[f"{layer}/bias"]
    for i in (4, 5, 6):
        sd[f"bn{i}.weight"] = tensors[f"bn{i}/gamma"]
        sd[f"bn{i}.bias"] = tensors[f"bn{i}/beta"]
        sd[f"bn{i}.running_mean"] = tensors[f"bn{i}/moving_mean"]
        sd[f"bn{i}.running_var"] = tensors[f"bn{i}/moving_variance"]
    sd["fc0.weight"] = tensors["fc0/kernel"].T.reshape(300, 7, 7, 128).permute(0, 3, 1, 2).reshape(300, -1)
    for k in ("fc0", "fc1", "fc2"):
        if k != "fc0":
            sd[f"{k}.weight"] = tensors[f"{k}/kernel"].T
        sd[f"{k}.bias"] = tensors[f"{k}/bias"]
    model.load_state_dict({k: v.contiguous() for k, v in sd.items()})
    model.eval()
    return model, card


