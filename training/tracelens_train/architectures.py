"""The one registry of architectures: every id that --arch, a checkpoint or a model card can name, how to
build it, what the comparison calls it, and which the app can run (its folder under public/models/)."""
from dataclasses import dataclass
from typing import Callable

import torch.nn as nn

from . import MODEL_ID
from .baselines import ConstrainedConv, Meso4, MesoInception4, MoResidual, SRMFilters, Xception
from .model import AMTENnet


@dataclass(frozen=True)
class Architecture:
    id: str  # as --arch, checkpoints and the app's model cards ("architecture") spell it
    name: str  # the comparison table's row (compare.py)
    build: Callable[[int], nn.Module]  # number of classes -> a fresh model
    hybrid: bool = False  # AMTEN replaced by a front end (baselines.py), exported as `front/kernel`
    card_note: str = ""  # what a baseline is, at the start of its card's training note


# The app's model folder (public/models/<id>/, export.py's default --out) of each architecture it can run; the
# others are trained and measured in Python only. A plain literal: src/classroom/baselines.test.ts reads it.
MODEL_IDS = {"amtennet": MODEL_ID, "model-base": "model-base-faces-v1",
             "constrained-hybrid": "constrained-hybrid-faces-v1", "srm-hybrid": "srm-hybrid-faces-v1",
             "mo-hybrid": "mo-hybrid-faces-v1"}


def _hybrid(front):
    return lambda n: AMTENnet(n, amten=False, front=front())


_COMPARISON_ONLY = "Baseline for comparison only: "
REGISTRY = {a.id: a for a in (
    Architecture("amtennet", "AMTENnet", lambda n: AMTENnet(n)),
    Architecture("model-base", "Model-base (no AMTEN)", lambda n: AMTENnet(n, amten=False),
                 card_note=_COMPARISON_ONLY + "the paper's Model-base, i.e. AMTENnet without the AMTEN module "
                                              "(conv4 takes the RGB image directly; no Fmt map). "),
    Architecture("constrained-hybrid", "Constrained-conv hybrid (Bayar & Stamm)", _hybrid(ConstrainedConv), hybrid=True,
                 card_note=_COMPARISON_ONLY + "AMTENnet with AMTEN replaced by Bayar & Stamm's 5x5 constrained "
                                              "convolution (MISLnet's first layer; no Fmt map). "),
    Architecture("srm-hybrid", "SRM hybrid (Zhou et al.)", _hybrid(SRMFilters), hybrid=True,
                 card_note=_COMPARISON_ONLY + "AMTENnet with AMTEN replaced by the three fixed SRM high-pass "
                                              "filters of Zhou et al. (no Fmt map). "),
    Architecture("mo-hybrid", "Mo et al. hybrid", _hybrid(MoResidual), hybrid=True,
                 card_note=_COMPARISON_ONLY + "AMTENnet with AMTEN replaced by Mo et al.'s fixed high-pass "
                                              "residual (no Fmt map). "),
    Architecture("meso4", "Meso-4", Meso4),
    Architecture("mesoinception4", "MesoInception-4", MesoInception4),
    Architecture("xception", "XceptionNet", Xception),  # defined to measure its cost (cost.py), not trained here
    Architecture("amtennet-npr", "AMTENnet + NPR", lambda n: AMTENnet(n, with_npr=True)),
    Architecture("amtennet-rms", "AMTENnet, Fmt at unit RMS", lambda n: AMTENnet(n, rms_fmt=True)),
    Architecture("amtennet-wide", "AMTENnet, backbone 1.5x wider", lambda n: AMTENnet(n, width=1.5)),
    Architecture("amtennet-local", "AMTENnet, 39 px patches classified", lambda n: AMTENnet(n, local=True)),
)}

ARCHITECTURES = tuple(REGISTRY)
HYBRIDS = tuple(a.id for a in REGISTRY.values() if a.hybrid)
NAMES = {a.id: a.name for a in REGISTRY.values()}


def build_model(arch="amtennet", num_classes=4):
    if arch not in REGISTRY:
        raise ValueError(f"unknown architecture {arch!r} (expected one of {', '.join(ARCHITECTURES)})")
    return REGISTRY[arch].build(num_classes)


def checkpoint_architecture(meta):
    """The architecture id of a checkpoint's meta; checkpoints written before --arch existed only have 'variant'."""
    if "architecture" in meta:
        return meta["architecture"]
    return "model-base" if meta.get("variant") == "base" else "amtennet"


def card_architecture(card):
    """The architecture id of an app model card; cards written before Model-base existed say "AMTENnet" or nothing."""
    a = str(card.get("architecture", "amtennet")).lower()
    if a not in MODEL_IDS:
        raise ValueError(f"model card architecture {card.get('architecture')!r} is not one of {', '.join(MODEL_IDS)}")
    return a
