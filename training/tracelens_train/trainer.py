"""The training run behind train.py: data and loaders, the model and its optimiser, the loop over epochs, one
epoch, and the finished model with its meta.

Everything that draws random numbers is built in a fixed order (data, augmentation, sampler, model, EMA,
optimiser) from the run's seed, and checkpoint.pt keeps every random state, so a run cut off after any epoch
and resumed ends with the same weights as an unbroken one (tests/test_resume.py).
"""
import json
import math
import os
import platform
import random
import time

import numpy as np
import torch

from . import CLASSES
from .architectures import build_model
from .checkpoints import load_best, restore_training_state, save_best, save_model, save_training_state
from .data import (Augment, CachedDataset, balanced_sampler, build_cache, read_datasets, source_balanced_weights,
                   stratified_subset)
from .metrics import fit_temperature, nll
from .pack import load_packed
from .pairs import PairedDataset, flatten_pairs, load_sbi_pool, originals_of, to_input
from .patches import PatchAugment, PatchDataset, load_native, native_face
from .prediction import predict_logits, to_layout
from .selection import initial_best, score_on_val, update_best
from .source_critic import SourceCritic, ramp, source_ids
from .step import WeightEMA, train_step
from .train_options import recipe_text

VAL_BATCH = 128


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


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _worker_init(worker_id):
    """Give each DataLoader worker its own augmentation stream (the Augment rng is copied per worker)."""
    info = torch.utils.data.get_worker_info()
    aug = getattr(info.dataset, "augment", None)
    if aug is not None:
        aug.rng = random.Random(info.seed)


def load_data(args, log):
    """(train rows, train 128 px faces, val rows, val faces): from packed parts (pack.py) or from the data sets'
    cache, without the left-out families, limited per class where asked. With --input native the faces are the
    stored ones (patches.py), read for the kept rows only."""
    native = args.input == "native"
    if native and args.packed:
        raise SystemExit("--input native reads the stored faces from the data sets; packed parts hold 128 px copies")
    if args.packed:  # pre-resized zip parts (see pack.py), e.g. on a GPU machine
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
            arr = None if native else build_cache(rows, None, args.cache_dir, name, log)
            for i, r in enumerate(rows):
                r["_i"] = i
            rows = [r for r in rows if r["family"] not in args.exclude_family]
            rows = stratified_subset(rows, limit, seed=args.seed)
            return rows, load_native(rows, log) if native else arr[[r["_i"] for r in rows]]

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


def make_model(args):
    """The architecture, its conv1 initialisation, on the device in the run's memory layout."""
    model = build_model(args.arch, len(CLASSES))
    if args.conv1_init == "residual" and model.amten:
        model.init_conv1_residual()
    model = model.to(args.device)
    if args.channels_last:
        model = model.to(memory_format=torch.channels_last)
    return model


def cosine_schedule(opt, warmup_steps, total_steps):
    """Linear warm-up, then cosine decay to 0 over total_steps. The factor is a plain function (not a callable
    object), so the scheduler's state holds no copy of total_steps: a resume with a new --epochs re-plans it."""
    def lr_factor(step):
        warm = min(1.0, (step + 1) / max(1, warmup_steps))
        return warm * 0.5 * (1 + math.cos(math.pi * min(step, total_steps) / total_steps))

    return torch.optim.lr_scheduler.LambdaLR(opt, lr_factor)


class Trainer:
    """One run: built from its options (and, when resuming, its checkpoint.pt), then fit() runs the epochs still
    to run and returns the finished model's meta, or None when it stopped resumably."""

    def __init__(self, args, command, log, t_start, resume_from=None):
        self.args, self.command, self.log, self.t_start = args, command, log, t_start
        # The order draws from the seeded random streams; a resumed run puts every stream back afterwards.
        self._build_data()
        self._build_model()
        self.best = initial_best()
        self.history, self.epoch_times, self.start_epoch, self.minutes_before = [], [], 1, 0.0
        if resume_from is not None:
            (self.best, self.history, self.epoch_times, self.start_epoch,
             self.minutes_before) = restore_training_state(
                resume_from, model=self.model, optimizer=self.opt, scheduler=self.sched, ema=self.ema,
                sampler=self.sampler, augment=self.augment, critic=self.critic)
            log(f"resumed after epoch {resume_from['epoch']} (best so far: epoch {self.best['epoch']}, "
                f"{self.best['weights']} weights, val balanced accuracy {self.best['balancedAccuracy']:.4f})")

    def _build_data(self):
        """Rows and faces, the augmentation, the sampler and the two loaders (with self-blended twins where asked)."""
        args, log = self.args, self.log
        self.train_rows, train_arr, self.val_rows, val_arr = load_data(args, log)
        native = args.input == "native"  # stored faces (patches.py), not the 128 px cache
        log(f"cache ready after {time.time() - self.t_start:.0f}s")
        train_y = [r["y"] for r in self.train_rows]
        val_y = [r["y"] for r in self.val_rows]
        self.augment = {"robust": Augment.robust, "robust-grey": Augment.robust_grey,
                        "photometric": Augment.photometric}.get(args.augment, Augment)(
            rng=random.Random(args.seed))
        if native:
            self.augment = PatchAugment(self.augment)
        val_ds = PatchDataset(val_arr, val_y) if native else CachedDataset(val_arr, val_y)
        self.sources, self.source_names = source_ids(self.train_rows) if args.critic_weight else (None, [])
        self.sampler = make_sampler(args, self.train_rows, train_y)
        if args.sbi_landmarks:
            pool = load_sbi_pool(self.train_rows, args.sbi_landmarks, log)
            originals = originals_of(self.train_rows) if args.originals else None
            if originals is not None:
                log(f"originals: {len(originals)} training fakes have a real face of their own group and source")
            train_ds = PairedDataset(train_arr, train_y, self.augment, pool, args.sbi_share, self.sources, originals,
                                     args.twin_kinds, resize=native_face if native else to_input)
            collate = flatten_pairs
        else:
            if args.originals or args.pair_weight:
                raise SystemExit("--originals and --pair-weight pair faces in the batch: they need --sbi-landmarks")
            train_ds = CachedDataset(train_arr, train_y, augment=self.augment, sources=self.sources)
            collate = None
        self.train_loader = torch.utils.data.DataLoader(
            train_ds, batch_size=args.batch_size, sampler=self.sampler, collate_fn=collate,
            num_workers=args.workers, drop_last=True, worker_init_fn=_worker_init)
        self.val_loader = torch.utils.data.DataLoader(val_ds, batch_size=VAL_BATCH, num_workers=args.workers)

    def _build_model(self):
        """The model, its EMA, the optimiser and the schedule over the planned epochs."""
        args = self.args
        self.model = make_model(args)
        self.ema = WeightEMA(self.model, args.ema_decay) if args.ema_decay > 0 else None
        self.critic = None
        groups = [{"params": list(self.model.parameters())}]
        if args.critic_weight:  # training-only (source_critic.py); built after the model so other runs draw alike
            self.critic = SourceCritic(self.model.fc0.in_features, len(CLASSES), len(self.source_names)).to(args.device)
            groups.append({"params": list(self.critic.parameters()), "lr": args.lr * args.critic_lr_mult})
            self.log(f"source critic over {len(self.source_names)} sources, weight {args.critic_weight}, "
                     f"learning rate x{args.critic_lr_mult:g}")
        self.opt = torch.optim.Adam(groups, lr=args.lr, weight_decay=args.weight_decay)
        self.steps_per_epoch = len(self.train_loader)
        if args.max_steps_per_epoch:
            self.steps_per_epoch = min(self.steps_per_epoch, args.max_steps_per_epoch)
        self.sched = cosine_schedule(self.opt, args.warmup_steps, max(1, args.epochs * self.steps_per_epoch))

    def minutes(self):
        return self.minutes_before + (time.time() - self.t_start) / 60

    def fit(self):
        """The loop: the epochs still to run, each checkpointed; then the finished model (or None when stopped
        by --time-budget-min or --stop-after-epoch, resumably)."""
        args = self.args
        epochs_run = self.start_epoch - 1
        for epoch in range(self.start_epoch, args.epochs + 1):
            if args.time_budget_min and self.epoch_times:
                elapsed = time.time() - self.t_start
                if elapsed + max(self.epoch_times) > args.time_budget_min * 60:
                    self.log(f"stopping before epoch {epoch}: time budget {args.time_budget_min} min "
                             f"(resume with --resume {args.out})")
                    return None
            self.run_epoch(epoch)
            epochs_run = epoch
            if args.stop_after_epoch and epoch >= args.stop_after_epoch and epoch < args.epochs:
                self.log(f"stopped after epoch {epoch} (--stop-after-epoch); resume with --resume {args.out}")
                return None
        return self.finish(epochs_run)

    def train_epoch(self, epoch):
        """The optimiser steps of one epoch: (losses, seconds)."""
        args, cl = self.args, self.args.channels_last
        t0 = time.time()
        losses, self.critic_losses = [], []
        total = max(1, args.epochs * self.steps_per_epoch)
        for step, batch in enumerate(self.train_loader):
            if step >= self.steps_per_epoch:
                break
            x, y = to_layout(batch[0].to(args.device), cl), torch.as_tensor(batch[1]).to(args.device)
            critic = {}
            if self.critic is not None:
                done = (epoch - 1) * self.steps_per_epoch + step
                critic = {"critic": self.critic, "sources": batch[2].to(args.device),
                          "critic_weight": args.critic_weight, "critic_scale": ramp(done / total)}
            pairs = {"pairs": batch[-1].to(args.device), "pair_weight": args.pair_weight} if args.pair_weight else {}
            losses.append(train_step(self.model, self.opt, x, y, args.label_smoothing, args.bf16,
                                     args.binary_weight, args.class_weight, **critic, **pairs))
            if self.critic is not None:
                self.critic_losses.append(self.critic.last_loss)
            self.sched.step()
            if self.ema is not None:
                self.ema.update(self.model)
            if (step + 1) % 50 == 0:
                critic_part = f" critic {np.mean(self.critic_losses[-50:]):.4f}" if self.critic_losses else ""
                self.log(f"epoch {epoch} step {step + 1}/{self.steps_per_epoch} loss {np.mean(losses[-50:]):.4f}{critic_part}")
        return losses, time.time() - t0

    def run_epoch(self, epoch):
        """One epoch: train, score the raw and EMA weights on val, keep the best, log and checkpoint."""
        args = self.args
        t0 = time.time()
        losses, train_seconds = self.train_epoch(epoch)
        candidates = {"raw": self.model} if self.ema is None else {"raw": self.model, "ema": self.ema.model}
        val, score = score_on_val(candidates, self.val_loader, args.device, args.channels_last, args.select_by,
                                  self.val_rows)
        self.epoch_times.append(time.time() - t0)
        rec = self.epoch_record(epoch, losses, train_seconds, val, score)
        self.log(json.dumps(rec))
        self.history.append(rec)
        with open(os.path.join(args.out, "history.jsonl"), "a") as f:
            f.write(json.dumps(rec) + "\n")
        self.best, winner = update_best(self.best, val, score, epoch, args.select_by)
        if winner is not None:
            save_best(candidates[winner], args.out)
        save_training_state(args.out, epoch=epoch, args=args, model=self.model, optimizer=self.opt,
                            scheduler=self.sched, ema=self.ema, sampler=self.sampler, augment=self.augment,
                            best=self.best, history=self.history, epoch_times=self.epoch_times,
                            minutes=self.minutes(), command=self.command, critic=self.critic)

    def epoch_record(self, epoch, losses, train_seconds, val, score):
        """The epoch's line in history.jsonl."""
        m, vnll = val["raw"]
        rec = {"epoch": epoch, "trainLoss": float(np.mean(losses)), "valNll": vnll,
               "valAccuracy": m["accuracy"], "valBalancedAccuracy": m["balancedAccuracy"],
               "valBinaryAccuracy": m["binaryAccuracy"], "valPerClassRecall": m["perClassRecall"],
               "valScore": score["raw"], "selectBy": self.args.select_by,
               "imagesPerSecond": round(len(losses) * self.args.batch_size / train_seconds, 1),
               "seconds": round(self.epoch_times[-1], 1), "lr": self.sched.get_last_lr()[0]}
        if self.critic_losses:  # how well the source critic named the sources this epoch (cross-entropy)
            rec["criticLoss"] = float(np.mean(self.critic_losses))
        if "ema" in val:
            me, enll = val["ema"]
            rec.update({"emaValNll": enll, "emaValBalancedAccuracy": me["balancedAccuracy"], "emaValScore": score["ema"],
                        "emaValBinaryAccuracy": me["binaryAccuracy"], "emaValPerClassRecall": me["perClassRecall"]})
        return rec

    def finish(self, epochs_run):
        """The best weights, temperature-scaled on val, written as model.pt with the meta the model card reads."""
        args, best = self.args, self.best
        load_best(self.model, args.out, args.device)
        logits, ys = predict_logits(self.model, self.val_loader, args.device, args.channels_last)
        temperature = fit_temperature(logits, ys)
        minutes = self.minutes()
        self.log(f"best epoch {best['epoch']} ({best['weights']} weights) val balanced accuracy "
                 f"{best['balancedAccuracy']:.4f}; temperature {temperature:.4f} (val NLL {nll(logits, ys):.4f} -> "
                 f"{nll(logits, ys, temperature):.4f}); {minutes:.1f} min")
        meta = {
            "classes": CLASSES,
            "architecture": args.arch,
            "variant": args.variant,
            "temperature": temperature,
            "trainImages": len(self.train_rows),
            "valImages": len(self.val_rows),
            "limitPerClass": args.limit_per_class,
            "epochsRun": epochs_run,
            "bestEpoch": best["epoch"],
            "bestWeights": best["weights"],
            "valBalancedAccuracy": best["balancedAccuracy"],
            "selectBy": args.select_by,
            "valScore": best.get("score", best["balancedAccuracy"]),
            "data": [os.path.basename(os.path.normpath(d)) for d in args.data],
            "excludedFamilies": args.exclude_family,
            "recipe": recipe_text(args),
            "hardware": hardware_string(args.device),
            "minutes": round(minutes, 1),
            "command": self.command,
            "args": vars(args),
        }
        self.log(f"wrote {save_model(self.model, meta, args.out)}")
        return meta
