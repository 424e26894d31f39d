"""Export a trained checkpoint to the TraceLens app format (TensorFlow.js weights manifest).

Writes <out>/weights_manifest.json, <out>/group1-shard1of1.bin and <out>/model-card.json.
The architecture (AMTENnet, or the paper's Model-base = AMTENnet without the AMTEN module) comes from
the checkpoint; the default <out> is public/models/<id>/ with id amtennet-faces-v1 or
model-base-faces-v1, and the card's "architecture" is "amtennet" or "model-base".
The calibration fitted on val (calibrate.py: a temperature T and, optionally, a per-class logit
bias b) is baked into fc2 (weight / T, bias / T + b), so the app's softmax is already calibrated;
T, b and the uncertain band chosen on val are recorded in the card.

  /usr/bin/python3 -m tracelens_train.export --checkpoint runs/cpu-v1/model.pt \
      --metrics runs/cpu-v1/test_metrics.json --version 0.2.0
"""
import argparse
import json
import os

import numpy as np
import torch

from . import CLASSES, INPUT_SIZE, MODEL_ID
from .data import DEFAULT_DATA_DIR, REPO_ROOT, load_image, read_manifest, stratified_subset
from .model import BACKBONE_ARCHITECTURES, architecture_of, build_model

# App model id per architecture (the folder under public/models/ and the card's "id"). Meso-4 and
# MesoInception-4 have no app format: they are trained and evaluated in Python only.
MODEL_IDS = {"amtennet": MODEL_ID, "model-base": "model-base-faces-v1",
             "constrained-hybrid": "constrained-hybrid-faces-v1", "srm-hybrid": "srm-hybrid-faces-v1",
             "mo-hybrid": "mo-hybrid-faces-v1"}
ARCHITECTURES = BACKBONE_ARCHITECTURES  # the ones this module can export
HYBRIDS = ("constrained-hybrid", "srm-hybrid", "mo-hybrid")
MODELS_DIR = os.path.join(REPO_ROOT, "public", "models")
DEFAULT_OUT = os.path.join(MODELS_DIR, MODEL_ID)
SHARD = "group1-shard1of1.bin"
AMTEN_LAYERS = ["conv1", "conv2_1", "conv2_2", "conv3_1", "conv3_2"]
BACKBONE_CONV_LAYERS = ["conv4", "conv5", "conv6", "conv7"]
CONV_LAYERS = AMTEN_LAYERS + BACKBONE_CONV_LAYERS


def conv_layers(arch):
    return CONV_LAYERS if arch == "amtennet" else BACKBONE_CONV_LAYERS


def card_architecture(card):
    """The card's architecture id; cards written before Model-base existed say "AMTENnet" or nothing."""
    a = str(card.get("architecture", "amtennet")).lower()
    if a not in ARCHITECTURES:
        raise ValueError(f"model card architecture {card.get('architecture')!r} is not one of {', '.join(ARCHITECTURES)}")
    return a


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
    w0 = sd["fc0.weight"].view(300, 128, 7, 7).permute(0, 2, 3, 1).reshape(300, -1).T
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


# What each baseline is, at the start of its card's training note.
BASELINE_NOTES = {
    "model-base": ("Baseline for comparison only: the paper's Model-base, i.e. AMTENnet without the AMTEN "
                   "module (conv4 takes the RGB image directly; no Fmt map). "),
    "constrained-hybrid": ("Baseline for comparison only: AMTENnet with AMTEN replaced by Bayar & Stamm's 5x5 "
                           "constrained convolution (MISLnet's first layer; no Fmt map). "),
    "srm-hybrid": ("Baseline for comparison only: AMTENnet with AMTEN replaced by the three fixed SRM high-pass "
                   "filters of Zhou et al. (no Fmt map). "),
    "mo-hybrid": ("Baseline for comparison only: AMTENnet with AMTEN replaced by Mo et al.'s fixed high-pass "
                  "residual (no Fmt map). "),
}


def fmt_summary(report):
    """The card's "fmt": what the app's legend needs to say what Fmt shows for this model (fmt_report.py)."""
    mean = lambda d: float(np.mean(list(d.values())))  # noqa: E731
    return {
        "tapSums": [f["tapSum"] for f in report["filters"]],
        "centreTaps": [f["centreTap"] for f in report["filters"]],
        "pictureShare": mean(report["pictureR2"]),
        "lowFrequencyShare": mean(report["lowFrequencyShare"]),
        "pictureLowFrequencyShare": mean(report["pictureLowFrequencyShare"]),
        "measuredOnValImages": report["images"],
    }


def model_card(meta, metrics, version, note=None, fmt_report=None, model_id=None):
    from .train import checkpoint_architecture

    arch = checkpoint_architecture(meta)
    keys = ["n", "accuracy", "balancedAccuracy", "binaryAccuracy", "perClassRecall"]
    m = {"split": metrics.get("split", "test"), **{k: metrics[k] for k in keys}}
    for k in ("realFalseAlarmRate", "ece", "eceBins"):
        if k in metrics:
            m[k] = metrics[k]
    if "binaryAccuracyBySource" in metrics:
        m["binaryAccuracyBySource"] = metrics["binaryAccuracyBySource"]
    if "confusion" in metrics:
        m["confusion"] = metrics["confusion"]
    # real vs manipulated (evaluate.manipulation_metrics): the AUC of P(manipulated), and what the card's
    # decision stated on these faces; the app's accuracy line reads them when present
    for k in ("aucPManipulated", "aucByFamily", "decision"):
        if metrics.get(k) is not None:
            m[k] = metrics[k]
    card = {
        "id": model_id or MODEL_IDS[arch],
        "version": version,
        "architecture": arch,
        "classes": list(meta["classes"]),
        "inputSize": INPUT_SIZE,
        "preprocessing": {"channelOrder": "RGB", "range": [0, 255], "resize": "bilinear-antialias", "layout": "NHWC"},
        "temperature": meta["temperature"],
        "trainingData": {
            "dataset": " + ".join(meta.get("data") or ["faces-v1"]),
            "split": "train",
            "images": meta["trainImages"],
            "note": BASELINE_NOTES.get(arch, "") + (note or (
                f"All {meta['trainImages']} faces-v1 training images"
                if not meta["limitPerClass"] else
                f"A source-stratified subset of {meta['trainImages']} faces-v1 training images (at most "
                f"{meta['limitPerClass']} per class)") + f"; checkpoint and calibration chosen on "
                f"{meta['valImages']} val images; test read once, for these metrics."),
        },
        "training": {
            "recipe": meta["recipe"],
            "epochs": meta["epochsRun"],
            "bestEpoch": meta["bestEpoch"],
            "hardware": meta["hardware"],
            "minutes": meta["minutes"],
            "command": meta["command"],
        },
        "metrics": m,
        "licence": ("Model weights for research / non-commercial use only: trained on faces-v1, whose "
                    "sources (DFDC, CelebA/StarGAN, Yonsei CIPLAB, NVIDIA StyleGAN3/FFHQ) are research / "
                    "non-commercial." + ("" if (meta.get("data") or ["faces-v1"]) == ["faces-v1"] else
                                         " Also on faces-v2, whose 43 sources are mostly research-only or "
                                         "non-commercial (its README lists each source's licence).")),
    }
    if meta.get("logitBias") is not None:
        card["logitBias"] = meta["logitBias"]
    if meta.get("calibration"):
        card["calibration"] = meta["calibration"]
    if meta.get("uncertainBand"):
        card["uncertainBand"] = meta["uncertainBand"]
    if meta.get("decision"):
        card["decision"] = meta["decision"]
    if fmt_report is not None:
        card["fmt"] = fmt_summary(fmt_report)
    return card


def round_trip_inputs(data_dir=DEFAULT_DATA_DIR):
    """What the parity check feeds both models: 16 val faces of each class when the data set is there (uint8
    kernels are judged on the pictures they will see: on uniform noise, far from any face, a well-exported
    AMTENnet moved its logits by 4.5 % of their range), else two noise images (enough to catch a wrong layout
    or order, which moves logits by their whole range)."""
    try:
        rows = stratified_subset(read_manifest(data_dir, split="val"), 16)
        return torch.stack([load_image(os.path.join(data_dir, r["path"])) for r in rows]), f"{len(rows)} val faces"
    except FileNotFoundError:
        return torch.rand(2, 3, INPUT_SIZE, INPUT_SIZE) * 255, "2 noise images (no data set)"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--checkpoint", required=True)
    ap.add_argument("--metrics", required=True, help="JSON from evaluate.py on the test split")
    ap.add_argument("--version", required=True)
    ap.add_argument("--note", default=None)
    ap.add_argument("--data", default=DEFAULT_DATA_DIR, help="faces-v1, whose val faces the parity check runs on")
    ap.add_argument("--fmt-report", default=None, help="JSON from fmt_report.py on this model: the card says what Fmt shows")
    ap.add_argument("--out", default=None, help="default: public/models/<id>")
    ap.add_argument("--id", default=None, help="the card's id (default: the architecture's faces-v1 id, MODEL_IDS)")
    ap.add_argument("--arch", choices=list(ARCHITECTURES), default=None,
                    help="fail unless the checkpoint is this architecture (default: take it from the checkpoint)")
    ap.add_argument("--quantize", choices=["uint8"], default=None,
                    help="store the large kernels as uint8 (the app's download shrinks from 8.1 to 2.1 MB)")
    args = ap.parse_args(argv)
    from .train import load_checkpoint
    model, meta = load_checkpoint(args.checkpoint)
    arch = architecture_of(model)
    if args.arch and args.arch != arch:
        raise SystemExit(f"{args.checkpoint} is {arch}, not {args.arch}")
    if arch not in MODEL_IDS:
        raise SystemExit(f"{args.checkpoint} is {arch}, which the app cannot run (it exports {', '.join(MODEL_IDS)})")
    if args.out is None:
        args.out = os.path.join(MODELS_DIR, args.id or MODEL_IDS[arch])
    metrics = json.load(open(args.metrics))
    write_weights(model, args.out, meta["temperature"], args.quantize, meta.get("logitBias"))
    card = model_card(meta, metrics, args.version, args.note,
                      json.load(open(args.fmt_report)) if args.fmt_report else None, args.id)
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    # Parity check: the exported weights reproduce the checkpoint's logits / T.
    back, _ = load_exported(args.out)
    x, what = round_trip_inputs(args.data)
    with torch.no_grad():
        want = model(x) / meta["temperature"] + torch.tensor(meta.get("logitBias") or [0.0] * len(meta["classes"]))
        err = (back(x) - want).abs().max().item()
    print(f"exported to {args.out} (T = {meta['temperature']:.4f}); round-trip on {what}: max |dlogit| = {err:.2e}")
    # uint8 weights move logits a little (their accuracy cost is measured by `npm run evaluate`).
    if err > (0.05 * want.abs().max().item() if args.quantize else 1e-3):
        raise SystemExit("round-trip check failed")


if __name__ == "__main__":
    main()
