"""Train AMTENnet on faces-v1.

Recipe: Adam + cosine LR, label smoothing 0.1, class-balanced sampling, augmentation (random crop,
down-then-up resize, JPEG re-compression, flip); checkpoint chosen on val balanced accuracy;
then temperature scaling fitted on val logits.

Example (the provisional CPU model):
  nice -n 10 /usr/bin/python3 -m tracelens_train.train --limit-per-class 1500 \
      --val-limit-per-class 300 --epochs 9 --time-budget-min 52 --out runs/cpu-v1
"""
import argparse
import json
import math
import os
import platform
import random
import shlex
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import CLASSES
from .data import (DEFAULT_CACHE_DIR, DEFAULT_DATA_DIR, Augment, CachedDataset, balanced_sampler,
                   build_cache, read_manifest, stratified_subset)
from .metrics import compute_metrics, fit_temperature, nll
from .model import ARCHITECTURES, build_model

RECIPE = ("Adam (lr {lr}, {warm}-step linear warm-up then cosine decay, weight decay {wd}), batch {bs}, label smoothing {ls}, "
          "class-balanced sampling (WeightedRandomSampler), augmentation: random crop 108-128 px "
          "resized back, random down-then-up resize (0.45-0.9), JPEG re-compression q50-100 (p 0.6), "
          "horizontal flip; checkpoint = best val balanced accuracy; temperature scaling on val")


def hardware_string(device):
    if device.startswith("cuda") and torch.cuda.is_available():
        return torch.cuda.get_device_name(0)
    name = platform.processor() or "CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    name = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{name}, {torch.get_num_threads()} CPU thread(s)"


def _worker_init(worker_id):
    """Give each DataLoader worker its own augmentation stream (the Augment rng is copied per worker)."""
    info = torch.utils.data.get_worker_info()
    aug = getattr(info.dataset, "augment", None)
    if aug is not None:
        aug.rng = random.Random(info.seed)


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


@torch.no_grad()
def predict_logits(model, loader, device):
    model.eval()
    out, ys = [], []
    for x, y in loader:
        out.append(model(x.to(device)).float().cpu())
        ys.append(torch.as_tensor(y))
    return torch.cat(out), torch.cat(ys)


def train_step(model, opt, x, y, label_smoothing=0.1):
    model.train()
    loss = F.cross_entropy(model(x), y, label_smoothing=label_smoothing)
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    return float(loss.item())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=DEFAULT_DATA_DIR)
    ap.add_argument("--out", required=True, help="run directory (checkpoints, log, history)")
    ap.add_argument("--epochs", type=int, default=22)
    ap.add_argument("--limit-per-class", type=int, default=0, help="train on a stratified subset (0 = all)")
    ap.add_argument("--val-limit-per-class", type=int, default=0, help="val subset for selection/T (0 = all)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-4)
    ap.add_argument("--warmup-steps", type=int, default=150)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--arch", choices=list(ARCHITECTURES), default=None,
                    help="amtennet (default) or model-base (the paper's baseline: AMTENnet without the AMTEN module)")
    ap.add_argument("--variant", choices=["amten", "base"], default=None, help="old spelling of --arch")
    ap.add_argument("--cache-dir", default=DEFAULT_CACHE_DIR)
    ap.add_argument("--packed", default=None, help="directory of zip parts from pack.py (instead of --data)")
    ap.add_argument("--time-budget-min", type=float, default=0, help="stop before an epoch that would overrun (0 = off)")
    ap.add_argument("--max-steps-per-epoch", type=int, default=0, help="debug: cap steps per epoch")
    args = ap.parse_args(argv)
    if args.arch and args.variant and args.arch != {"amten": "amtennet", "base": "model-base"}[args.variant]:
        ap.error("--arch and --variant disagree")
    args.arch = args.arch or {"amten": "amtennet", "base": "model-base", None: "amtennet"}[args.variant]
    args.variant = "amten" if args.arch == "amtennet" else "base"

    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    os.makedirs(args.out, exist_ok=True)
    logf = open(os.path.join(args.out, "train.log"), "a")

    def log(*a):
        msg = " ".join(str(v) for v in a)
        print(msg, flush=True)
        logf.write(msg + "\n")
        logf.flush()

    command = "python -m tracelens_train.train " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    log(f"# {time.strftime('%Y-%m-%d %H:%M:%S')} {command}")
    t_start = time.time()

    if args.packed:  # pre-resized zip parts (see pack.py), e.g. on a GPU machine
        from .pack import load_packed

        def packed_split(split, limit):
            rows, arr = load_packed(args.packed, split)
            for i, r in enumerate(rows):
                r["_i"] = i
            rows = stratified_subset(rows, limit, seed=args.seed)
            return rows, arr[[r["_i"] for r in rows]]

        train_rows, train_arr = packed_split("train", args.limit_per_class)
        val_rows, val_arr = packed_split("val", args.val_limit_per_class)
        log(f"train images {len(train_rows)}, val images {len(val_rows)} (packed: {args.packed})")
    else:
        train_rows = stratified_subset(read_manifest(args.data, "train"), args.limit_per_class, seed=args.seed)
        val_rows = stratified_subset(read_manifest(args.data, "val"), args.val_limit_per_class, seed=args.seed)
        log(f"train images {len(train_rows)}, val images {len(val_rows)}")
        train_arr = build_cache(train_rows, args.data, args.cache_dir, "train", log)
        val_arr = build_cache(val_rows, args.data, args.cache_dir, "val", log)
    log(f"cache ready after {time.time() - t_start:.0f}s")

    train_y = [r["y"] for r in train_rows]
    val_y = [r["y"] for r in val_rows]
    train_ds = CachedDataset(train_arr, train_y, augment=Augment(rng=random.Random(args.seed)))
    val_ds = CachedDataset(val_arr, val_y)
    train_loader = torch.utils.data.DataLoader(
        train_ds, batch_size=args.batch_size, sampler=balanced_sampler(train_y, seed=args.seed),
        num_workers=args.workers, drop_last=True, worker_init_fn=_worker_init)
    val_loader = torch.utils.data.DataLoader(val_ds, batch_size=128, num_workers=args.workers)

    device = args.device
    model = build_model(args.arch, len(CLASSES)).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = len(train_loader)
    if args.max_steps_per_epoch:
        steps_per_epoch = min(steps_per_epoch, args.max_steps_per_epoch)
    total_steps = max(1, args.epochs * steps_per_epoch)

    def lr_factor(step):  # linear warm-up, then cosine decay to 0
        warm = min(1.0, (step + 1) / max(1, args.warmup_steps))
        return warm * 0.5 * (1 + math.cos(math.pi * min(step, total_steps) / total_steps))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_factor)

    best = {"balancedAccuracy": -1.0, "epoch": 0}
    epoch_times = []
    epochs_run = 0
    for epoch in range(1, args.epochs + 1):
        if args.time_budget_min and epoch_times:
            elapsed = time.time() - t_start
            if elapsed + max(epoch_times) > args.time_budget_min * 60:
                log(f"stopping before epoch {epoch}: time budget {args.time_budget_min} min")
                break
        t0 = time.time()
        losses = []
        for step, (x, y) in enumerate(train_loader):
            if step >= steps_per_epoch:
                break
            losses.append(train_step(model, opt, x.to(device), torch.as_tensor(y).to(device), args.label_smoothing))
            sched.step()
            if (step + 1) % 50 == 0:
                log(f"epoch {epoch} step {step + 1}/{steps_per_epoch} loss {np.mean(losses[-50:]):.4f}")
        logits, ys = predict_logits(model, val_loader, device)
        m = compute_metrics(ys.numpy(), logits.argmax(1).numpy())
        epochs_run = epoch
        epoch_times.append(time.time() - t0)
        rec = {"epoch": epoch, "trainLoss": float(np.mean(losses)), "valNll": nll(logits, ys),
               "valAccuracy": m["accuracy"], "valBalancedAccuracy": m["balancedAccuracy"],
               "valBinaryAccuracy": m["binaryAccuracy"], "valPerClassRecall": m["perClassRecall"],
               "seconds": round(epoch_times[-1], 1), "lr": sched.get_last_lr()[0]}
        log(json.dumps(rec))
        with open(os.path.join(args.out, "history.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        if m["balancedAccuracy"] > best["balancedAccuracy"]:
            best = {"balancedAccuracy": m["balancedAccuracy"], "epoch": epoch}
            torch.save(model.state_dict(), os.path.join(args.out, "best_state.pt"))

    model.load_state_dict(torch.load(os.path.join(args.out, "best_state.pt"), map_location=device))
    logits, ys = predict_logits(model, val_loader, device)
    temperature = fit_temperature(logits, ys)
    minutes = (time.time() - t_start) / 60
    log(f"best epoch {best['epoch']} val balanced accuracy {best['balancedAccuracy']:.4f}; "
        f"temperature {temperature:.4f} (val NLL {nll(logits, ys):.4f} -> {nll(logits, ys, temperature):.4f}); "
        f"{minutes:.1f} min")
    meta = {
        "classes": CLASSES,
        "architecture": args.arch,
        "variant": args.variant,
        "temperature": temperature,
        "trainImages": len(train_rows),
        "valImages": len(val_rows),
        "limitPerClass": args.limit_per_class,
        "epochsRun": epochs_run,
        "bestEpoch": best["epoch"],
        "valBalancedAccuracy": best["balancedAccuracy"],
        "recipe": RECIPE.format(lr=args.lr, warm=args.warmup_steps, wd=args.weight_decay, bs=args.batch_size, ls=args.label_smoothing),
        "hardware": hardware_string(device),
        "minutes": round(minutes, 1),
        "command": command,
        "args": vars(args),
    }
    torch.save({"state_dict": model.state_dict(), "meta": meta}, os.path.join(args.out, "model.pt"))
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
    log(f"wrote {os.path.join(args.out, 'model.pt')}")
    return meta


def checkpoint_architecture(meta):
    """'amtennet' or 'model-base'; checkpoints written before --arch existed only have 'variant'."""
    if "architecture" in meta:
        return meta["architecture"]
    return "model-base" if meta.get("variant") == "base" else "amtennet"


def load_checkpoint(path, device="cpu"):
    ck = torch.load(path, map_location=device)
    meta = ck["meta"]
    model = build_model(checkpoint_architecture(meta), len(meta["classes"]))
    model.load_state_dict(ck["state_dict"])
    model.eval()
    return model, meta


if __name__ == "__main__":
    main()
