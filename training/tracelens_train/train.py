"""Train AMTENnet on faces-v1, resumably.

Recipe: Adam + cosine LR, label smoothing 0.1, class-balanced sampling, augmentation (random crop,
down-then-up resize, JPEG re-compression, flip), an exponential moving average (EMA) of the weights;
checkpoint chosen on val balanced accuracy (raw or EMA weights, whichever is better at that epoch);
then temperature scaling fitted on val logits.

On a CPU it uses every core, the channels_last memory layout (about 2.4x faster than NCHW for this
network) and, with --bf16, bfloat16 autocast for the backbone (the AMTEN module stays float32).

Every epoch writes RUN_DIR/checkpoint.pt (model, EMA, optimiser, schedule, sampler and augmentation
random state, history), so a run cut off by the end of a session continues with --resume RUN_DIR.

  python -m tracelens_train.train --epochs 22 --batch-size 64 --lr 3e-4 --bf16 --out runs/full-v1
  python -m tracelens_train.train --resume runs/full-v1
"""
import argparse
import copy
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
                   build_cache, read_datasets, source_balanced_weights, stratified_subset)
from .metrics import compute_metrics, family_auc, fit_temperature, nll, p_manipulated
from .model import ARCHITECTURES, after_step, build_model
from .pairs import PairedDataset, flatten_pairs, load_sbi_pool

RECIPE = ("Adam (lr {lr}, {warm}-step linear warm-up then cosine decay, weight decay {wd}), batch {bs}, label smoothing {ls}, "
          "class-balanced sampling (WeightedRandomSampler), augmentation: random crop 108-128 px "
          "resized back, random down-then-up resize (0.45-0.9), JPEG re-compression q50-100 (p 0.6), "
          "horizontal flip; EMA of weights (decay {ema}); conv1 init {init}; {prec}; "
          "checkpoint = best val balanced accuracy (raw or EMA); temperature scaling on val")

# Options that --resume may change when given; all others are the run's own. A new --epochs re-plans
# the cosine schedule over the new length from the resumed step on.
RESUME_OVERRIDES = ("resume", "stop_after_epoch", "threads", "time_budget_min", "epochs")
# Options added after runs were checkpointed: a resumed older run takes these values.
NEW_OPTION_DEFAULTS = {"sampling": "class", "augment": "v1", "binary_weight": 0.0, "sbi_landmarks": [],
                       "sbi_share": 0.5, "samples_per_epoch": 0, "select_by": "balanced-accuracy", "exclude_family": []}
DEFAULT_EPOCHS = 22


def recipe_extras(args):
    """The issue-23 options of a run, in words, for the model card (empty for the faces-v1 recipe)."""
    parts = []
    if args.sampling == "source-sqrt":
        parts.append("sampling: half the draws real, sources inside a class weighed by the square root of their size")
    if args.augment == "robust":
        parts.append("augmentation also Gaussian blur sigma 0-3 (p 0.3) and JPEG q30-100 (p 0.5), down-up-scale 0.4-0.9")
    if args.binary_weight:
        parts.append(f"plus {args.binary_weight} x real-vs-manipulated cross-entropy on P(manipulated)")
    if args.sbi_landmarks:
        parts.append(f"self-blended twins of {args.sbi_share:.0%} of drawn real faces (68-point landmarks)")
    if args.samples_per_epoch:
        parts.append(f"{args.samples_per_epoch} faces per epoch")
    if args.select_by != "balanced-accuracy":
        parts.append(f"checkpoint chosen by {args.select_by} on val")
    return "".join("; " + p for p in parts)


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


def to_layout(x, channels_last):
    return x.contiguous(memory_format=torch.channels_last) if channels_last else x


@torch.no_grad()
def predict_logits(model, loader, device, channels_last=False):
    model.eval()
    out, ys = [], []
    for x, y in loader:
        out.append(model(to_layout(x.to(device), channels_last)).float().cpu())
        ys.append(torch.as_tensor(y))
    return torch.cat(out), torch.cat(ys)


def binary_logit(logits):
    """log P(manipulated) - log P(real) of 4-class logits whose class 0 is `real`."""
    return torch.logsumexp(logits[:, 1:], 1) - logits[:, 0]


def train_step(model, opt, x, y, label_smoothing=0.1, bf16=False, binary_weight=0.0):
    """One optimiser step. With bf16 the backbone runs under bfloat16 autocast (AMTEN stays float32).
    binary_weight adds a real-vs-manipulated cross-entropy on P(manipulated) = 1 - P(real), the
    decision the app states first (issue 23)."""
    model.train()
    with torch.autocast(device_type=x.device.type, dtype=torch.bfloat16, enabled=bf16):
        logits = model(x)
    loss = F.cross_entropy(logits.float(), y, label_smoothing=label_smoothing)
    if binary_weight:
        loss = loss + binary_weight * F.binary_cross_entropy_with_logits(binary_logit(logits.float()), (y != 0).float())
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    after_step(model)  # a constrained front end's constraint (baselines.py); nothing for other models
    return float(loss.item())


class WeightEMA:
    """Exponential moving average of the parameters (buffers, i.e. BN statistics, are copied).

    The decay ramps up as min(decay, (1 + t) / (10 + t)) so that early averages are not dominated
    by the random initialisation."""

    def __init__(self, model, decay):
        self.decay = decay
        self.updates = 0
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        for e, p in zip(self.model.parameters(), model.parameters()):
            e.mul_(d).add_(p.detach(), alpha=1 - d)
        for e, b in zip(self.model.buffers(), model.buffers()):
            e.copy_(b)

    def state_dict(self):
        return {"decay": self.decay, "updates": self.updates, "model": self.model.state_dict()}

    def load_state_dict(self, state):
        self.decay, self.updates = state["decay"], state["updates"]
        self.model.load_state_dict(state["model"])


def rng_state(sampler, augment):
    return {"python": random.getstate(), "numpy": np.random.get_state(), "torch": torch.get_rng_state(),
            "sampler": sampler.generator.get_state(), "augment": augment.rng.getstate()}


def set_rng_state(state, sampler, augment):
    random.setstate(state["python"])
    np.random.set_state(state["numpy"])
    torch.set_rng_state(state["torch"])
    sampler.generator.set_state(state["sampler"])
    augment.rng.setstate(state["augment"])


def save_atomic(obj, path):
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", default=[DEFAULT_DATA_DIR],
                    help="one or more data set folders (manifest.csv), trained on together")
    ap.add_argument("--exclude-family", nargs="*", default=[],
                    help="leave these families out of training and of val (leave-one-family-out, lofo.py)")
    ap.add_argument("--sampling", choices=["class", "source-sqrt"], default="class",
                    help="class: every class equally often; source-sqrt: half the draws real, sources inside a "
                         "class weighed by the square root of their size (issue 23)")
    ap.add_argument("--augment", choices=["v1", "robust"], default="v1",
                    help="v1: the faces-v1 recipe; robust: adds blur and JPEG 30-100 (Augment.robust)")
    ap.add_argument("--binary-weight", type=float, default=0.0,
                    help="weight of the real-vs-manipulated loss on P(manipulated) beside the 4-class loss")
    ap.add_argument("--sbi-landmarks", nargs="*", default=[],
                    help="landmark files of npm run landmarks: real training faces found there get a self-blended twin")
    ap.add_argument("--sbi-share", type=float, default=0.5, help="share of drawn real faces that get a self-blended twin")
    ap.add_argument("--samples-per-epoch", type=int, default=0, help="faces drawn per epoch (0 = the training set's size)")
    ap.add_argument("--select-by", choices=["balanced-accuracy", "family-auc"], default="balanced-accuracy",
                    help="checkpoint selection on val: balanced accuracy, or the mean over families of fakes of "
                         "the AUC of P(manipulated) against val's reals")
    ap.add_argument("--out", default=None, help="run directory (checkpoints, log, history)")
    ap.add_argument("--resume", default=None, metavar="RUN_DIR",
                    help="continue the run in RUN_DIR from its last epoch checkpoint, with its own options")
    ap.add_argument("--epochs", type=int, default=None, help=f"planned length (default {DEFAULT_EPOCHS})")
    ap.add_argument("--limit-per-class", type=int, default=0, help="train on a stratified subset (0 = all)")
    ap.add_argument("--val-limit-per-class", type=int, default=0, help="val subset for selection/T (0 = all)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--warmup-steps", type=int, default=150)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--label-smoothing", type=float, default=0.1)
    ap.add_argument("--ema-decay", type=float, default=0.999, help="EMA of the weights (0 = off)")
    ap.add_argument("--conv1-init", choices=["xavier", "residual"], default="xavier",
                    help="xavier (Caffe's filler) or residual (Fmt starts as a small high-pass residual)")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    ap.add_argument("--threads", type=int, default=None, help="CPU threads (default: every core)")
    ap.add_argument("--channels-last", action=argparse.BooleanOptionalAction, default=True,
                    help="channels_last memory layout (default on; --no-channels-last for NCHW)")
    ap.add_argument("--bf16", action="store_true", help="bfloat16 autocast for the backbone (AMTEN stays float32)")
    ap.add_argument("--workers", type=int, default=0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--arch", choices=list(ARCHITECTURES), default=None,
                    help="amtennet (default), model-base (AMTENnet without the AMTEN module), a hybrid (AMTEN replaced "
                         "by a constrained conv, SRM or Mo et al.'s filters) or Meso-4 / MesoInception-4 (baselines.py)")
    ap.add_argument("--variant", choices=["amten", "base"], default=None, help="old spelling of --arch")
    ap.add_argument("--cache-dir", default=DEFAULT_CACHE_DIR)
    ap.add_argument("--packed", default=None, help="directory of zip parts from pack.py (instead of --data)")
    ap.add_argument("--time-budget-min", type=float, default=0,
                    help="stop (resumably) before an epoch that would overrun this many minutes (0 = off)")
    ap.add_argument("--stop-after-epoch", type=int, default=0,
                    help="stop (resumably) after this epoch, as a session's end would (0 = off)")
    ap.add_argument("--max-steps-per-epoch", type=int, default=0, help="debug: cap steps per epoch")
    args = ap.parse_args(argv)
    if args.resume:
        ck = torch.load(os.path.join(args.resume, "checkpoint.pt"), map_location="cpu", weights_only=False)
        for k, v in {**NEW_OPTION_DEFAULTS, **ck["args"]}.items():
            if k not in RESUME_OVERRIDES or getattr(args, k) is None:
                setattr(args, k, v)
        if isinstance(args.data, str):
            args.data = [args.data]
        args.out = args.resume
        args.threads = args.threads or os.cpu_count() or 1
        if args.epochs < ck["epoch"]:
            ap.error(f"--epochs {args.epochs} is shorter than the {ck['epoch']} epochs already run")
        return args, ck
    if not args.out:
        ap.error("--out is required (or --resume RUN_DIR)")
    args.epochs = args.epochs or DEFAULT_EPOCHS
    args.threads = args.threads or os.cpu_count() or 1
    if args.arch and args.variant and args.arch != {"amten": "amtennet", "base": "model-base"}[args.variant]:
        ap.error("--arch and --variant disagree")
    args.arch = args.arch or {"amten": "amtennet", "base": "model-base", None: "amtennet"}[args.variant]
    args.variant = "amten" if args.arch.startswith("amtennet") else "base"
    return args, None


def load_data(args, log):
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
        def split(name, limit):
            # one cache per split of all the data sets given; subsets (left-out families, limits) index it
            rows = read_datasets(args.data, name)
            arr = build_cache(rows, None, args.cache_dir, name, log)
            for i, r in enumerate(rows):
                r["_i"] = i
            rows = [r for r in rows if r["family"] not in args.exclude_family]
            rows = stratified_subset(rows, limit, seed=args.seed)
            return rows, arr[[r["_i"] for r in rows]]

        train_rows, train_arr = split("train", args.limit_per_class)
        val_rows, val_arr = split("val", args.val_limit_per_class)
        log(f"train images {len(train_rows)}, val images {len(val_rows)}"
            + (f" (left out: {', '.join(args.exclude_family)})" if args.exclude_family else ""))
    return train_rows, train_arr, val_rows, val_arr


def make_sampler(args, train_rows, train_y):
    num = args.samples_per_epoch or len(train_y)
    if args.sampling == "class":
        return balanced_sampler(train_y, num, seed=args.seed)
    g = torch.Generator()
    g.manual_seed(args.seed)
    w = torch.as_tensor(source_balanced_weights(train_rows), dtype=torch.double)
    return torch.utils.data.WeightedRandomSampler(w, num, replacement=True, generator=g)


def selection_score(args, metrics, logits, ys, val_rows):
    """The number checkpoints are chosen by (higher is better)."""
    if args.select_by == "family-auc":
        return family_auc(p_manipulated(logits), ys.numpy(), [r["family"] for r in val_rows])["mean"]
    return metrics["balancedAccuracy"]


def main(argv=None):
    args, ck = parse_args(argv)
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
    if ck is not None:  # the card records the command that started the run, and each resume
        command = f"{ck['command']} ; {command}"
    log(f"# {time.strftime('%Y-%m-%d %H:%M:%S')} {command}")
    t_start = time.time()

    train_rows, train_arr, val_rows, val_arr = load_data(args, log)
    log(f"cache ready after {time.time() - t_start:.0f}s")

    train_y = [r["y"] for r in train_rows]
    val_y = [r["y"] for r in val_rows]
    augment = (Augment.robust if args.augment == "robust" else Augment)(rng=random.Random(args.seed))
    val_ds = CachedDataset(val_arr, val_y)
    sampler = make_sampler(args, train_rows, train_y)
    if args.sbi_landmarks:
        pool = load_sbi_pool(train_rows, args.sbi_landmarks, log)
        train_ds = PairedDataset(train_arr, train_y, augment, pool, args.sbi_share)
        collate = flatten_pairs
    else:
        train_ds = CachedDataset(train_arr, train_y, augment=augment)
        collate = None
    train_loader = torch.utils.data.DataLoader(
        train_ds, batch_size=args.batch_size, sampler=sampler, collate_fn=collate,
        num_workers=args.workers, drop_last=True, worker_init_fn=_worker_init)
    val_loader = torch.utils.data.DataLoader(val_ds, batch_size=128, num_workers=args.workers)

    device, cl = args.device, args.channels_last
    model = build_model(args.arch, len(CLASSES))
    if args.conv1_init == "residual" and model.amten:
        model.init_conv1_residual()
    model = model.to(device)
    if cl:
        model = model.to(memory_format=torch.channels_last)
    ema = WeightEMA(model, args.ema_decay) if args.ema_decay > 0 else None
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    steps_per_epoch = len(train_loader)
    if args.max_steps_per_epoch:
        steps_per_epoch = min(steps_per_epoch, args.max_steps_per_epoch)
    total_steps = max(1, args.epochs * steps_per_epoch)

    def lr_factor(step):  # linear warm-up, then cosine decay to 0
        warm = min(1.0, (step + 1) / max(1, args.warmup_steps))
        return warm * 0.5 * (1 + math.cos(math.pi * min(step, total_steps) / total_steps))

    sched = torch.optim.lr_scheduler.LambdaLR(opt, lr_factor)

    best = {"balancedAccuracy": -1.0, "epoch": 0, "weights": "raw"}
    history, epoch_times, start_epoch, minutes_before = [], [], 1, 0.0
    if ck is not None:
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        sched.load_state_dict(ck["scheduler"])
        if ema is not None:
            ema.load_state_dict(ck["ema"])
        set_rng_state(ck["rng"], sampler, augment)
        best, history, epoch_times = ck["best"], ck["history"], ck["epochTimes"]
        start_epoch, minutes_before = ck["epoch"] + 1, ck["minutes"]
        log(f"resumed after epoch {ck['epoch']} (best so far: epoch {best['epoch']}, {best['weights']} weights, "
            f"val balanced accuracy {best['balancedAccuracy']:.4f})")

    epochs_run = start_epoch - 1
    for epoch in range(start_epoch, args.epochs + 1):
        if args.time_budget_min and epoch_times:
            elapsed = time.time() - t_start
            if elapsed + max(epoch_times) > args.time_budget_min * 60:
                log(f"stopping before epoch {epoch}: time budget {args.time_budget_min} min (resume with --resume {args.out})")
                return None
        t0 = time.time()
        losses = []
        for step, (x, y) in enumerate(train_loader):
            if step >= steps_per_epoch:
                break
            x = to_layout(x.to(device), cl)
            losses.append(train_step(model, opt, x, torch.as_tensor(y).to(device), args.label_smoothing, args.bf16,
                                     args.binary_weight))
            sched.step()
            if ema is not None:
                ema.update(model)
            if (step + 1) % 50 == 0:
                log(f"epoch {epoch} step {step + 1}/{steps_per_epoch} loss {np.mean(losses[-50:]):.4f}")
        train_seconds = time.time() - t0
        candidates = {"raw": model} if ema is None else {"raw": model, "ema": ema.model}
        val, score = {}, {}
        for name, m_ in candidates.items():
            logits, ys = predict_logits(m_, val_loader, device, cl)
            val[name] = (compute_metrics(ys.numpy(), logits.argmax(1).numpy()), nll(logits, ys))
            score[name] = selection_score(args, val[name][0], logits, ys, val_rows)
        epochs_run = epoch
        epoch_times.append(time.time() - t0)
        m, vnll = val["raw"]
        rec = {"epoch": epoch, "trainLoss": float(np.mean(losses)), "valNll": vnll,
               "valAccuracy": m["accuracy"], "valBalancedAccuracy": m["balancedAccuracy"],
               "valBinaryAccuracy": m["binaryAccuracy"], "valPerClassRecall": m["perClassRecall"],
               "valScore": score["raw"], "selectBy": args.select_by,
               "imagesPerSecond": round(len(losses) * args.batch_size / train_seconds, 1),
               "seconds": round(epoch_times[-1], 1), "lr": sched.get_last_lr()[0]}
        if ema is not None:
            me, enll = val["ema"]
            rec.update({"emaValNll": enll, "emaValBalancedAccuracy": me["balancedAccuracy"], "emaValScore": score["ema"],
                        "emaValBinaryAccuracy": me["binaryAccuracy"], "emaValPerClassRecall": me["perClassRecall"]})
        log(json.dumps(rec))
        history.append(rec)
        with open(os.path.join(args.out, "history.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        for name, (mm, _) in val.items():
            if score[name] > best.get("score", best["balancedAccuracy"]):
                best = {"balancedAccuracy": mm["balancedAccuracy"], "score": score[name], "selectBy": args.select_by,
                        "epoch": epoch, "weights": name}
                save_atomic(candidates[name].state_dict(), os.path.join(args.out, "best_state.pt"))
        save_atomic({"epoch": epoch, "args": vars(args), "model": model.state_dict(), "optimizer": opt.state_dict(),
                     "scheduler": sched.state_dict(), "ema": ema.state_dict() if ema is not None else None,
                     "rng": rng_state(sampler, augment), "best": best, "history": history, "epochTimes": epoch_times,
                     "minutes": minutes_before + (time.time() - t_start) / 60, "command": command},
                    os.path.join(args.out, "checkpoint.pt"))
        if args.stop_after_epoch and epoch >= args.stop_after_epoch and epoch < args.epochs:
            log(f"stopped after epoch {epoch} (--stop-after-epoch); resume with --resume {args.out}")
            return None

    model.load_state_dict(torch.load(os.path.join(args.out, "best_state.pt"), map_location=device))
    logits, ys = predict_logits(model, val_loader, device, cl)
    temperature = fit_temperature(logits, ys)
    minutes = minutes_before + (time.time() - t_start) / 60
    log(f"best epoch {best['epoch']} ({best['weights']} weights) val balanced accuracy {best['balancedAccuracy']:.4f}; "
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
        "bestWeights": best["weights"],
        "valBalancedAccuracy": best["balancedAccuracy"],
        "selectBy": args.select_by,
        "valScore": best.get("score", best["balancedAccuracy"]),
        "data": [os.path.basename(os.path.normpath(d)) for d in args.data],
        "excludedFamilies": args.exclude_family,
        "recipe": RECIPE.format(lr=args.lr, warm=args.warmup_steps, wd=args.weight_decay, bs=args.batch_size,
                                ls=args.label_smoothing, ema=args.ema_decay or "off", init=args.conv1_init,
                                prec="bf16 backbone autocast, AMTEN float32" if args.bf16 else "float32") + recipe_extras(args),
        "hardware": hardware_string(device),
        "minutes": round(minutes, 1),
        "command": command,
        "args": vars(args),
    }
    state = {k: v.contiguous() for k, v in model.state_dict().items()}  # plain layout for export
    torch.save({"state_dict": state, "meta": meta}, os.path.join(args.out, "model.pt"))
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=2)
    log(f"wrote {os.path.join(args.out, 'model.pt')}")
    return meta


def checkpoint_architecture(meta):
    """The architecture id; checkpoints written before --arch existed only have 'variant'."""
    if "architecture" in meta:
        return meta["architecture"]
    return "model-base" if meta.get("variant") == "base" else "amtennet"


def load_checkpoint(path, device="cpu"):
    ck = torch.load(path, map_location=device, weights_only=False)
    meta = ck["meta"]
    model = build_model(checkpoint_architecture(meta), len(meta["classes"]))
    model.load_state_dict(ck["state_dict"])
    model.eval()
    return model, meta


if __name__ == "__main__":
    main()
