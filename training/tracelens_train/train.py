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
import os
import shlex
import sys
import time

import torch

from .train_options import parse_args
from .trainer import Trainer, seed_everything


def run_log(run_dir):
    """A log function that prints and appends to RUN_DIR/train.log."""
    logf = open(os.path.join(run_dir, "train.log"), "a")

    def log(*a):
        msg = " ".join(str(v) for v in a)
        print(msg, flush=True)
        logf.write(msg + "\n")
        logf.flush()

    return log


def main(argv=None):
    """Train (or resume) a run; returns the finished model's meta, or None when it stopped resumably."""
    args, ck = parse_args(argv, __doc__)
    torch.set_num_threads(args.threads)
    seed_everything(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log = run_log(args.out)
    command = "python -m tracelens_train.train " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    if ck is not None:  # the card records the command that started the run, and each resume
        command = f"{ck['command']} ; {command}"
    log(f"# {time.strftime('%Y-%m-%d %H:%M:%S')} {command}")
    return Trainer(args, command, log, time.time(), resume_from=ck).fit()


if __name__ == "__main__":
    main()
