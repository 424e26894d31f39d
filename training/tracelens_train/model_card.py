"""The app's model card (model-card.json): what a model is, how it was trained and calibrated, what it
measured, filled in from the checkpoint's meta and evaluate.py's metrics, never by hand."""
import numpy as np

from . import INPUT_SIZE
from .architectures import MODEL_IDS, REGISTRY, checkpoint_architecture


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
            "note": REGISTRY[arch].card_note + (note or (
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
