"""train.py's options: the parser, how a resumed run takes its own options back from its checkpoint, and the
options in words for the model card."""
import argparse
import os

import torch

from .architectures import ARCHITECTURES
from .checkpoints import load_training_state
from .data import DEFAULT_CACHE_DIR, DEFAULT_DATA_DIR
from .selection import SELECT_BY
from .synth import KINDS as TWIN_KINDS

DEFAULT_EPOCHS = 22
# Options that --resume may change when given; all others are the run's own. A new --epochs re-plans
# the cosine schedule over the new length from the resumed step on.
RESUME_OVERRIDES = ("resume", "stop_after_epoch", "threads", "time_budget_min", "epochs")
# Options added after runs were checkpointed: a resumed older run takes these values.
NEW_OPTION_DEFAULTS = {"sampling": "class", "augment": "v1", "binary_weight": 0.0, "class_weight": 1.0, "sbi_landmarks": [],
                       "sbi_share": 0.5, "twin_kinds": ["sbi"], "input": "resized", "originals": False, "pair_weight": 0.0, "critic_weight": 0.0, "critic_lr_mult": 1.0, "samples_per_epoch": 0, "select_by": "balanced-accuracy", "exclude_family": []}

RECIPE = ("Adam (lr {lr}, {warm}-step linear warm-up then cosine decay, weight decay {wd}), batch {bs}, label smoothing {ls}, "
          "class-balanced sampling (WeightedRandomSampler), augmentation: random crop 108-128 px "
          "resized back, random down-then-up resize (0.45-0.9), JPEG re-compression q50-100 (p 0.6), "
          "horizontal flip; EMA of weights (decay {ema}); conv1 init {init}; {prec}; "
          "checkpoint = best val balanced accuracy (raw or EMA); temperature scaling on val")


def build_parser(description=None):
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", nargs="+", default=[DEFAULT_DATA_DIR],
                    help="one or more data set folders (manifest.csv), trained on together")
    ap.add_argument("--exclude-family", nargs="*", default=[],
                    help="leave these families out of training and of val (leave-one-family-out, lofo.py)")
    ap.add_argument("--sampling", choices=["class", "source-sqrt"], default="class",
                    help="class: every class equally often; source-sqrt: half the draws real, sources inside a "
                         "class weighed by the square root of their size (issue 23)")
    ap.add_argument("--augment", choices=["v1", "robust", "robust-grey", "photometric"], default="v1",
                    help="v1: the faces-v1 recipe; robust: adds blur and JPEG 30-100 (Augment.robust); robust-grey: "
                         "robust plus neutral grey on 10%% of draws (Augment.robust_grey); photometric: robust plus "
                         "colour, grey, sharpening and noise (Augment.photometric)")
    ap.add_argument("--binary-weight", type=float, default=0.0,
                    help="weight of the real-vs-manipulated loss on P(manipulated) beside the 4-class loss")
    ap.add_argument("--class-weight", type=float, default=1.0,
                    help="weight of the 4-class loss (below 1: the kind of manipulation counts less than whether)")
    ap.add_argument("--sbi-landmarks", nargs="*", default=[],
                    help="landmark files of npm run landmarks: real training faces found there get a self-blended twin")
    ap.add_argument("--sbi-share", type=float, default=0.5, help="share of drawn real faces that get a self-blended twin")
    ap.add_argument("--twin-kinds", nargs="+", choices=list(TWIN_KINDS), default=["sbi"],
                    help="what a real face's twin is, drawn alike among those given: sbi (self-blend), cross (another "
                         "face blended in), retouch (skin smoothed), warp (a part warped); synth.py")
    ap.add_argument("--input", choices=["resized", "native"], default="resized",
                    help="resized: the face shrunk to 128 px (the app's input); native: random 128 px patches of the "
                         "face at its stored resolution in training, the centre and corner patches averaged in scoring "
                         "(patches.py; issue 23 item 4)")
    ap.add_argument("--originals", action="store_true",
                    help="a drawn fake whose group has real training faces of its own source (DFDC's video, StarGAN's "
                         "CelebA original, an editor's input) brings one of them into the batch, with the same "
                         "augmentation: a pair that differs only by the manipulation (pairs.py; needs --sbi-landmarks)")
    ap.add_argument("--pair-weight", type=float, default=0.0,
                    help="weight of a ranking loss inside each pair of the batch (a real face and its self-blended "
                         "twin or its manipulated copy): softplus(b_real - b_fake) on the binary logit")
    ap.add_argument("--critic-weight", type=float, default=0.0,
                    help="weight of a source critic's loss, its gradient reversed into the network: features that hide "
                         "which source a face came from inside its class (source_critic.py; 0 = none)")
    ap.add_argument("--critic-lr-mult", type=float, default=1.0,
                    help="the source critic's learning rate as a multiple of the network's (an adversary must keep up)")
    ap.add_argument("--samples-per-epoch", type=int, default=0, help="faces drawn per epoch (0 = the training set's size)")
    ap.add_argument("--select-by", choices=list(SELECT_BY), default="balanced-accuracy",
                    help="checkpoint selection on val: balanced accuracy, or the mean over families of fakes of "
                         "the AUC of P(manipulated) against val's reals; last: the last epoch's EMA")
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
                         "by a constrained conv, SRM or Mo et al.'s filters), Meso-4 / MesoInception-4 (baselines.py) "
                         "or amtennet-npr (AMTENnet with the NPR residual beside AMTEN's maps)")
    ap.add_argument("--variant", choices=["amten", "base"], default=None, help="old spelling of --arch")
    ap.add_argument("--cache-dir", default=DEFAULT_CACHE_DIR)
    ap.add_argument("--packed", default=None, help="directory of zip parts from pack.py (instead of --data)")
    ap.add_argument("--time-budget-min", type=float, default=0,
                    help="stop (resumably) before an epoch that would overrun this many minutes (0 = off)")
    ap.add_argument("--stop-after-epoch", type=int, default=0,
                    help="stop (resumably) after this epoch, as a session's end would (0 = off)")
    ap.add_argument("--max-steps-per-epoch", type=int, default=0, help="debug: cap steps per epoch")
    return ap


def parse_args(argv, description=None):
    """(args, the loaded checkpoint.pt or None). With --resume the run's own options come back from its
    checkpoint, except RESUME_OVERRIDES given on this command line."""
    ap = build_parser(description)
    args = ap.parse_args(argv)
    if args.resume:
        ck = load_training_state(args.resume)
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


def recipe_extras(args):
    """The issue-23 options of a run, in words, for the model card (empty for the faces-v1 recipe)."""
    parts = []
    if args.sampling == "source-sqrt":
        parts.append("sampling: half the draws real, sources inside a class weighed by the square root of their size")
    if args.augment in ("robust", "robust-grey", "photometric"):
        parts.append("augmentation also Gaussian blur sigma 0-3 (p 0.3) and JPEG q30-100 (p 0.5), down-up-scale 0.4-0.9")
    if args.augment == "robust-grey":
        parts.append("and neutral grey (p 0.1)")
    if args.augment == "photometric":
        parts.append("and brightness/contrast/saturation (p 0.5), grey (p 0.05), sharpening (p 0.2), noise sigma 1-6 (p 0.2)")
    if args.binary_weight:
        parts.append(f"plus {args.binary_weight} x real-vs-manipulated cross-entropy on P(manipulated)")
    if args.class_weight != 1.0:
        parts.append(f"4-class loss weighed {args.class_weight}")
    if args.sbi_landmarks:
        twins = "self-blended" if args.twin_kinds == ["sbi"] else "/".join(args.twin_kinds)
        parts.append(f"{twins} twins of {args.sbi_share:.0%} of drawn real faces (68-point landmarks)")
    if args.input == "native":
        parts.append("128 px patches of the face at its stored resolution (at most 256 px); centre and corner patches averaged")
    if args.originals:
        parts.append("a drawn fake with an original of its own source in training brings it into the batch")
    if args.pair_weight:
        parts.append(f"plus {args.pair_weight} x a ranking loss inside each real/fake pair of the batch")
    if args.critic_weight:
        parts.append(f"a source critic behind a gradient reversal, weight {args.critic_weight}, learning rate x{args.critic_lr_mult:g} "
                     "(features hide the source inside a class)")
    if args.samples_per_epoch:
        parts.append(f"{args.samples_per_epoch} faces per epoch")
    if args.select_by != "balanced-accuracy":
        parts.append(f"checkpoint chosen by {args.select_by} on val")
    return "".join("; " + p for p in parts)


def recipe_text(args):
    """The run's recipe in words (the model card's training.recipe)."""
    return RECIPE.format(lr=args.lr, warm=args.warmup_steps, wd=args.weight_decay, bs=args.batch_size,
                         ls=args.label_smoothing, ema=args.ema_decay or "off", init=args.conv1_init,
                         prec="bf16 backbone autocast, AMTEN float32" if args.bf16 else "float32") + recipe_extras(args)
