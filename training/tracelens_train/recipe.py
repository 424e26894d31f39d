"""Recipes as files: training/recipes/<name>.toml holds a recipe's train.py options, its data sets and its
schedule; a file with `extends = "<base>"` is a variant of that recipe (its options are added after the base's,
so they win). faces-v2.toml is the shipped recipe of issue 23; the leave-one-family-out runs (lofo.py) train
every variant of it (faces-v2-<variant>.toml) over the same grid.

  python -m tracelens_train.recipe --threads 1 --seed 0 --out runs/faces-v2/amtennet-s0   # [train.py options]

trains the shipped recipe with its schedule; options given here are added after them, so a later --epochs wins.
"""
import argparse
import glob
import os
import sys
import tomllib

from . import train
from .data import DATASETS_DIR, DEFAULT_CACHE_DIR, REPO_ROOT
from .train_options import build_parser

RECIPES_DIR = os.path.join(REPO_ROOT, "training", "recipes")
SHIPPED = "faces-v2"


def read(name):
    """The TOML table of recipes/<name>.toml."""
    path = os.path.join(RECIPES_DIR, name + ".toml")
    with open(path, "rb") as f:
        return tomllib.load(f)


def option_args(options, where="a recipe"):
    """train.py's command line of a table of options, in the table's order: `true` is a flag, a list gives
    several values, anything else one value (as str() spells it: a float whose spelling matters goes in quotes)."""
    argv = []
    for key, value in options.items():
        flag = "--" + key
        if value is True:
            argv.append(flag)
        elif isinstance(value, list):
            argv += [flag, *[str(v) for v in value]]
        elif isinstance(value, (str, int)) and not isinstance(value, bool):
            argv += [flag, str(value)]
        else:
            raise SystemExit(f"{where}: {key} = {value!r}: give a string, a whole number, a list or true")
    try:
        build_parser().parse_args([*argv, "--out", "-"])  # names and values as train.py checks them
    except SystemExit:
        raise SystemExit(f"{where}: not train.py options: {' '.join(argv)}") from None
    return argv


_shipped = read(SHIPPED)
DATA_DIRS = [os.path.join(DATASETS_DIR, d) for d in _shipped["data"]]
# 68-point landmarks of the real faces, from `npm run landmarks` (ignored cache): self-blending needs them.
LANDMARK_FILES = [os.path.join(DEFAULT_CACHE_DIR, f"landmarks-{os.path.basename(d)}.json") for d in DATA_DIRS]
RECIPE = option_args(_shipped["options"], f"recipes/{SHIPPED}.toml")
SHIP_SCHEDULE = option_args(_shipped["schedule"], f"recipes/{SHIPPED}.toml [schedule]")


def recipe_args():
    """train.py options of the recipe; self-blending where the landmark files exist (it fails loudly
    when none does, rather than training a different recipe)."""
    args = ["--data", *DATA_DIRS, *RECIPE]
    if not _shipped.get("self-blending"):
        return args
    present = [f for f in LANDMARK_FILES if os.path.exists(f)]
    if not present:
        raise SystemExit("no landmark files in training/cache/: run `npm run landmarks` for faces-v1 and faces-v2 "
                         "(see training/README.md)")
    return [*args, "--sbi-landmarks", *present]


def variants(base=SHIPPED):
    """{variant name: the options it adds to the base recipe}; "" is the base itself. A variant is the file
    recipes/<base>-<name>.toml with `extends = "<base>"`."""
    out = {"": []}
    for path in sorted(glob.glob(os.path.join(RECIPES_DIR, f"{base}-*.toml"))):
        name = os.path.basename(path)[len(base) + 1:-len(".toml")]
        recipe = read(f"{base}-{name}")
        if recipe.get("extends") != base:
            raise SystemExit(f"{path}: a variant of {base} says extends = \"{base}\"")
        out[name] = option_args(recipe.get("options", {}), path)
    return out


def main(argv=None):
    """python -m tracelens_train.recipe [train.py options]: train.py with the recipe and the shipped schedule
    (options given here are added after them, so a later --epochs wins)."""
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(prog="python -m tracelens_train.recipe", description=__doc__, allow_abbrev=False,
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="Every other option is train.py's: python -m tracelens_train.train --help")
    ap.parse_known_args(argv)  # only --help is its own; everything else goes to train.py as given
    return train.main([*recipe_args(), *SHIP_SCHEDULE, *argv])


if __name__ == "__main__":
    main()
