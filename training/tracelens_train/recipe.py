"""The recipe of the shipped faces-v2 model (issue 23), in one place: the shipping run and every
leave-one-family-out run (lofo.py) train with exactly these options; only the schedule and the
family left out differ."""
import os

from .data import DEFAULT_CACHE_DIR, DEFAULT_DATA_DIR, FACES_V2_DIR

DATA_DIRS = [DEFAULT_DATA_DIR, FACES_V2_DIR]
# 68-point landmarks of the real faces, from `npm run landmarks` (ignored cache): self-blending needs them.
LANDMARK_FILES = [os.path.join(DEFAULT_CACHE_DIR, f"landmarks-{os.path.basename(d)}.json") for d in DATA_DIRS]

RECIPE = ["--arch", "amtennet", "--conv1-init", "residual", "--bf16", "--batch-size", "64", "--lr", "3e-4",
          "--sampling", "source-sqrt", "--augment", "robust", "--binary-weight", "1", "--select-by", "family-auc",
          "--val-limit-per-class", "500"]


def recipe_args():
    """train.py options of the recipe; self-blending where the landmark files exist (it fails loudly
    when none does, rather than training a different recipe)."""
    present = [f for f in LANDMARK_FILES if os.path.exists(f)]
    if not present:
        raise SystemExit("no landmark files in training/cache/: run `npm run landmarks` for faces-v1 and faces-v2 "
                         "(see training/README.md)")
    return ["--data", *DATA_DIRS, *RECIPE, "--sbi-landmarks", *present]


# The shipped run's schedule: 8 epochs of 28,000 drawn faces (about 75-90 minutes on one CPU thread).
SHIP_SCHEDULE = ["--epochs", "8", "--samples-per-epoch", "28000"]


def main(argv=None):
    """python -m tracelens_train.recipe [train.py options]: train.py with the recipe and the shipped schedule
    (options given here are added after them, so a later --epochs wins)."""
    import sys

    from . import train
    return train.main([*recipe_args(), *SHIP_SCHEDULE, *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
