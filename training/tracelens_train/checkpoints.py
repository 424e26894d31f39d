"""What a run leaves in its folder, written and read in one place.

  checkpoint.pt   after every epoch: everything a cut-off run needs to go on exactly as if unbroken (model, EMA,
                  optimiser, schedule, the sampler's, augmentation's and global random state, best so far,
                  history, minutes, the command); `--resume RUN_DIR` reads it
  best_state.pt   the weights (raw or EMA) of the best epoch so far
  model.pt        the finished model: {"state_dict", "meta"} (meta.json beside it); calibrate.py writes a copy
                  with a calibrated meta, export.py and evaluate.py read either

The keys of checkpoint.pt are those of every run written so far (tests/test_checkpoints.py pins them), so a
run started by older code resumes with this one.
"""
import json
import os
import random

import numpy as np
import torch

from . import CLASSES
from .architectures import build_model, checkpoint_architecture
from .tfjs_weights import load_exported

TRAINING_STATE = "checkpoint.pt"
BEST_STATE = "best_state.pt"
MODEL = "model.pt"
META = "meta.json"


def save_atomic(obj, path):
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


def rng_state(sampler, augment):
    return {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state(),
            "sampler": sampler.generator.get_state(), "augment": augment.rng.getstate()}


def set_rng_state(state, sampler, augment):
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    sampler.generator.set_state(state["sampler"])
    augment.rng.setstate(state["augment"])


def save_training_state(run_dir, *, epoch, args, model, optimizer, scheduler, ema, sampler, augment, best, history,
                        epoch_times, minutes, command, critic=None):
    """checkpoint.pt after `epoch` (args: the parsed options; ema: a WeightEMA or None; critic: a run's source
    critic, kept under "critic" only by the runs that have one)."""
    state = {"epoch": epoch, "args": vars(args), "model": model.state_dict(), "optimizer": optimizer.state_dict(),
             "scheduler": scheduler.state_dict(), "ema": ema.state_dict() if ema is not None else None,
             "rng": rng_state(sampler, augment), "best": best, "history": history, "epochTimes": epoch_times,
             "minutes": minutes, "command": command}
    if critic is not None:
        state["critic"] = critic.state_dict()
    save_atomic(state, os.path.join(run_dir, TRAINING_STATE))


def load_training_state(run_dir):
    """The dict save_training_state wrote (the run's options under "args")."""
    return torch.load(os.path.join(run_dir, TRAINING_STATE), map_location="cpu", weights_only=False)


def restore_training_state(ck, *, model, optimizer, scheduler, ema, sampler, augment, critic=None):
    """Put a loaded checkpoint.pt back into freshly built objects; returns what the loop goes on from:
    (best, history, epoch_times, first epoch to run, minutes already spent)."""
    model.load_state_dict(ck["model"])
    if critic is not None:
        critic.load_state_dict(ck["critic"])
    optimizer.load_state_dict(ck["optimizer"])
    scheduler.load_state_dict(ck["scheduler"])
    if ema is not None:
        ema.load_state_dict(ck["ema"])
    set_rng_state(ck["rng"], sampler, augment)
    return ck["best"], ck["history"], ck["epochTimes"], ck["epoch"] + 1, ck["minutes"]


def save_best(model, run_dir):
    save_atomic(model.state_dict(), os.path.join(run_dir, BEST_STATE))


def load_best(model, run_dir, device):
    model.load_state_dict(torch.load(os.path.join(run_dir, BEST_STATE), map_location=device))


def save_model(model, meta, run_dir):
    """model.pt (plain memory layout, for export) and meta.json."""
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    torch.save({"state_dict": state, "meta": meta}, os.path.join(run_dir, MODEL))
    with open(os.path.join(run_dir, META), "w") as f:
        json.dump(meta, f, indent=2)
    return os.path.join(run_dir, MODEL)


def load_checkpoint(path, device="cpu"):
    """(model in eval mode, meta) of a model.pt (or calibrated.pt)."""
    ck = torch.load(path, map_location=device, weights_only=False)
    meta = ck["meta"]
    model = build_model(checkpoint_architecture(meta), len(meta["classes"]))
    model.load_state_dict(ck["state_dict"])
    model.eval()
    return model, meta


def save_with_meta(path, out, meta):
    """A copy of the model.pt at path whose meta is `meta` (calibrate.py's calibrated checkpoint)."""
    ck = torch.load(path, map_location="cpu", weights_only=False)
    ck["meta"] = meta
    torch.save(ck, out)


def last_epoch_models(run_dir):
    """(last epoch, {"last-raw": model, "last-ema": model}) from a run's checkpoint.pt (no EMA: raw only)."""
    ck = load_training_state(run_dir)
    arch = ck["args"]["arch"]
    out = {}
    for name, state in (("last-raw", ck["model"]), ("last-ema", (ck.get("ema") or {}).get("model"))):
        if state is None:
            continue
        m = build_model(arch, len(CLASSES))
        m.load_state_dict({k: v.contiguous() for k, v in state.items()})
        out[name] = m.eval()
    return ck["epoch"], out


def load_any(path, device="cpu"):
    """(model, meta) from a training checkpoint file or an exported app model directory."""
    if os.path.isdir(path):
        model, card = load_exported(path)
        return model.to(device), {"classes": card["classes"], "temperature": 1.0, "card": card,
                                  "decision": card.get("decision")}
    model, meta = load_checkpoint(path, device)
    return model.to(device), meta
