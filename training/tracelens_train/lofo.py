"""Leave one family out (issue 23): how the recipe does on kinds of faces it never saw.

For each family of fakes, a run trains on faces-v1 + faces-v2 without that family (train.py
--exclude-family) and is measured on it: AUC of P(manipulated) against val's real faces, and the
share caught at that run's own decision (threshold and band chosen on its val, as for the shipped
model). For each family of reals the same, and its false-alarm rate. The held-out family's faces are
read from its train and val splits (the run saw none of them); test is never read here.

Runs use the shipped recipe (recipe.py) on a short schedule (SCHEDULE) so that the grid fits on a CPU.

  python -m tracelens_train.lofo run [--only gan-face] [--threads 1]   # what is still to run; resumes
  python -m tracelens_train.lofo status
  python -m tracelens_train.lofo table [--write RESULTS.md]            # between the lofo markers
  python -m tracelens_train.lofo compare [--write RESULTS.md]          # every variant side by side
  python -m tracelens_train.lofo ensemble --members "" seed1 seed2 [--flip] [--write RESULTS.md]   # runs averaged
  python -m tracelens_train.lofo shipped-rule --members "" seed1 seed2 [--write RESULTS.md]   # at the app's rule
  python -m tracelens_train.lofo paired --members "" seed1 seed2 [--write RESULTS.md]   # against the same source's reals
  python -m tracelens_train.lofo unseen --model RUN/model.pt [--write RESULTS.md]  # a run trained on no fakes

A finished run's numbers go to training/results/lofo/<family>.json (committed); runs/lofo/ is not.
"""
import argparse
import functools
import json
import os
import sys
import time

import numpy as np
import torch

from .checkpoints import load_checkpoint
from .data import REPO_ROOT, CachedDataset, build_cache, read_datasets
from .decision import choose_decision, stated
from .metrics import auc
from .patches import PatchDataset, load_native
from .prediction import p_manipulated, predict_logits
from .recipe import DATA_DIRS, recipe_args, variants
from .runs import call, git_commit, take_lock, write_between_markers

FAKE_FAMILIES = ["gan-face", "diffusion-face", "face-swap", "attribute-gan", "expression-gan", "retouch-makeup",
                 "part-edit"]
REAL_FAMILIES = ["real-photo", "real-ffhq", "real-paired"]
SCHEDULE = ["--epochs", "3", "--samples-per-epoch", "4000"]
# A variant is the recipe with a few options changed (a file recipes/faces-v2-<variant>.toml), run over the
# same grid into folders of its own; "" is the shipped recipe. Its table goes between markers of its own.
VARIANTS = variants()


def runs_dir(variant=""):
    return os.path.join(REPO_ROOT, "training", "runs", "lofo" + (f"-{variant}" if variant else ""))


def records_dir(variant=""):
    return os.path.join(REPO_ROOT, "training", "results", "lofo" + (f"-{variant}" if variant else ""))


def markers(variant=""):
    tag = "lofo" + (f"-{variant}" if variant else "")
    return f"<!-- {tag}:begin -->", f"<!-- {tag}:end -->"


RUNS_DIR = runs_dir()


def record_path(family, variant=""):
    return os.path.join(records_dir(variant), family + ".json")


def state_of(family, variant=""):
    d = os.path.join(runs_dir(variant), family)
    if os.path.exists(record_path(family, variant)):
        return "done"
    if os.path.exists(os.path.join(d, "model.pt")):
        return "measure"
    if os.path.exists(os.path.join(d, "checkpoint.pt")):
        return "training"
    return "to run"


@torch.no_grad()
def p_manipulated_of(model, arr, temperature, batch=128, flip=False):
    """Calibrated P(manipulated) of each 128 px face, or of each stored face (an object array of faces at their own
    resolution, patches.py: its patches' logits averaged); flip: the mean with the mirror image's (test-time
    augmentation)."""
    if flip and arr.dtype == object:
        raise ValueError("flip: 128 px faces only, not faces at their own resolution")

    def one(a):
        ds = PatchDataset(a, [0] * len(a)) if a.dtype == object else CachedDataset(a, [0] * len(a))
        loader = torch.utils.data.DataLoader(ds, batch_size=batch)
        logits, _ = predict_logits(model, loader, "cpu", channels_last=True)
        return p_manipulated(logits.double() / temperature)
    return (one(arr) + one(np.ascontiguousarray(arr[:, :, ::-1]))) / 2 if flip else one(arr)


def load_splits(log=print, native=False):
    """{split: (rows, faces)} for train and val of both data sets: the 128 px cache, or with `native` the stored faces
    (for runs trained on patches, --input native)."""
    splits = {}
    for split in ("train", "val"):
        rows = read_datasets(DATA_DIRS, split)
        splits[split] = (rows, load_native(rows, log) if native else build_cache(rows, None, tag=split, log=log))
    return splits


def is_native(variant):
    """Whether the variant's runs see patches of the face at its own resolution, and must be scored so."""
    args = VARIANTS.get(variant, [])
    return "--input" in args and args[args.index("--input") + 1] == "native"


def load_run(family, log=print, variant=""):
    """(model, meta, {split: (rows, 128 px cache)} for train and val) of the finished run that left `family` out."""
    model, meta = load_checkpoint(os.path.join(runs_dir(variant), family, "model.pt"))
    return model, meta, load_splits(log)


def scores_of(family, variant="", flip=False, splits=load_splits, log=print):
    """P(manipulated) of the run that left `family` out: on val without that family (`val`, with `valFake`), and on
    the family's own train+val faces (`held`). Kept in the run's folder, so that ensembles of runs cost nothing;
    `splits(log)` gives the faces, called only when the scores are not kept yet."""
    d = os.path.join(runs_dir(variant), family)
    fn = os.path.join(d, "scores-flip.npz" if flip else "scores.npz")
    native = is_native(variant)
    return _kept_scores(fn, os.path.join(d, "model.pt"), family,
                        (lambda lg: load_splits(lg, native=True)) if native else splits, flip, log)


def fixed_scores(family, model_path, splits=load_splits, log=print):
    """The same for a model that saw no fakes (`lofo unseen`): every family is unseen by it, so one model stands
    beside every run of the grid (`--with`). Kept beside the model, one file per family."""
    fn = os.path.join(os.path.dirname(model_path), f"scores-{family}.npz")
    return _kept_scores(fn, model_path, family, splits, False, log)


def _kept_scores(fn, model_path, family, splits, flip, log):
    if os.path.exists(fn) and os.path.getmtime(fn) >= os.path.getmtime(model_path):
        with np.load(fn) as z:
            return {k: z[k] for k in z.files}
    model, meta = load_checkpoint(model_path)
    splits = splits(log)
    val_rows, val_arr = splits["val"]
    kept = [i for i, r in enumerate(val_rows) if r["family"] != family]
    out = {"valFake": np.array([val_rows[i]["label"] != "real" for i in kept]),
           "val": p_manipulated_of(model, val_arr[kept], meta["temperature"], flip=flip)}
    held = []
    for split in ("train", "val"):
        rows, arr = splits[split]
        idx = [i for i, r in enumerate(rows) if r["family"] == family]
        if idx:
            held.append(p_manipulated_of(model, arr[idx], meta["temperature"], flip=flip))
    out["held"] = np.concatenate(held)
    np.savez(fn, **out)
    return out


def fused(a, b):
    """The mean of two scores' logits, each standardised on val: a second network's worth, read without training."""
    def z(p, ref):
        lg = lambda x: np.log(np.clip(x, 1e-6, 1 - 1e-6) / (1 - np.clip(x, 1e-6, 1 - 1e-6)))
        return (lg(p) - lg(ref).mean()) / lg(ref).std()
    sig = lambda x: 1 / (1 + np.exp(-x))
    return {k: sig((z(a[k], a["val"]) + z(b[k], b["val"])) / 2) for k in ("val", "held")} | {"valFake": a["valFake"]}


def member_scores(family, variant, splits, log, with_model=None):
    """scores_of, or with `with_model` (a model that saw no fakes) the two fused (`fused`)."""
    sc = scores_of(family, variant, splits=splits, log=log)
    return sc if with_model is None else fused(sc, fixed_scores(family, with_model, splits, log))


SHIPPED_CARD = os.path.join(REPO_ROOT, "public", "models", "amtennet-faces-v2", "model-card.json")
# The rule the grid's records were judged by (decision.py's defaults). The shipped model's own rule is in its card:
# 2.1.0 lowered the cap on val's reals stated manipulated from 5 % to 2 % (shipped_rule).
GRID_RULE = {"precision": 0.9, "max_false_alarm": 0.05}


def shipped_rule(card=SHIPPED_CARD):
    """{precision, max_false_alarm} with which the shipped model's decision was chosen on its val."""
    with open(card) as f:
        d = json.load(f)["decision"]
    return {"precision": d["targetPrecision"], "max_false_alarm": d["maxFalseAlarm"]}


def judge(family, sc, rule=GRID_RULE):
    """The record's numbers from scores: the decision chosen on val by `rule` as for the shipped model, the held-out
    family's AUC against val's faces of the other kind, its share stated manipulated and at the threshold."""
    val_pm, val_fake, held_pm = sc["val"], sc["valFake"].astype(bool), sc["held"]
    dec = choose_decision(val_pm, val_fake, **rule)
    is_real = family in REAL_FAMILIES
    # the other side: val's faces of the opposite kind, from the families the run trained on
    other = val_pm[val_fake] if is_real else val_pm[~val_fake]
    scores = np.concatenate([held_pm, other])
    positive = np.concatenate([np.full(len(held_pm), not is_real), np.full(len(other), is_real)])
    s = stated(held_pm, *dec["uncertain"])
    return {"family": family, "kind": "real" if is_real else "fake", "n": int(len(held_pm)),
            "against": int(len(other)), "auc": auc(scores, positive),
            "statedManipulated": float((s == 1).mean()), "atThreshold": float((held_pm >= dec["threshold"]).mean()),
            "decision": dec}


def measure(family, log=print, variant=""):
    """Score the finished run of `family` on the held-out family and write its record."""
    d = os.path.join(runs_dir(variant), family)
    _, meta = load_checkpoint(os.path.join(d, "model.pt"))
    rec = judge(family, scores_of(family, variant, log=log))
    rec.update({
        "valMeanFamilyAuc": meta.get("valScore"),
        "schedule": " ".join(SCHEDULE), "minutes": meta.get("minutes"), "command": meta.get("command"),
        "commit": json.load(open(os.path.join(d, "started.json")))["commit"],
        "variant": variant or "shipped recipe", "architecture": meta.get("architecture"),
    })
    os.makedirs(records_dir(variant), exist_ok=True)
    with open(record_path(family, variant), "w") as f:
        json.dump(rec, f, indent=2)
    log(json.dumps({k: v for k, v in rec.items() if k != "decision"}))
    return rec


def ensemble(members, flip=False, log=print):
    """{family: record} for the mean P(manipulated) of several finished runs per family (variants of the grid,
    e.g. three seeds), optionally each with the mirror image: what averaging buys on families never seen."""
    out, splits = {}, functools.cache(load_splits)  # the faces are read once, and only if some scores are not kept
    for fam in FAKE_FAMILIES + REAL_FAMILIES:
        if not all(os.path.exists(os.path.join(runs_dir(v), fam, "model.pt")) for v in members):
            continue
        parts = [scores_of(fam, v, flip=flip, splits=splits, log=log) for v in members]
        mean = {k: np.mean([p[k] for p in parts], axis=0) for k in ("val", "held")}
        mean["valFake"] = parts[0]["valFake"]
        out[fam] = judge(fam, mean)
        log(f"{fam}: AUC {out[fam]['auc']:.3f}, stated manipulated {out[fam]['statedManipulated']:.3f}")
    return out


def ensemble_table(members, flip, recs, single):
    names = [v or "seed 0" for v in members]
    lines = [f"The mean P(manipulated) of the runs {', '.join(names)} for each held-out family"
             + (", each also on the mirror image (flip)" if flip else "") + ", the decision chosen on the mean's val "
             f"as for one run (short schedule, {' '.join(SCHEDULE)}). `python -m tracelens_train.lofo ensemble --members "
             + " ".join(f'"{v}"' for v in members) + (" --flip" if flip else "") + "`.",
             "",
             "| family | " + " | ".join(f"{n} AUC" for n in names) + " | ensemble AUC | ensemble stated manipulated |",
             "|---|" + "---|" * (len(names) + 2)]
    for fam in FAKE_FAMILIES + REAL_FAMILIES:
        if fam not in recs:
            continue
        cells = [f"{single[v][fam]['auc']:.3f}" if fam in single[v] else "–" for v in members]
        lines.append(f"| {fam} | " + " | ".join(cells) + f" | **{recs[fam]['auc']:.3f}** | {_pct(recs[fam]['statedManipulated'])} |")
    fakes = [f for f in FAKE_FAMILIES if f in recs]
    if fakes:
        means = [f"{np.mean([single[v][f]['auc'] for f in fakes if f in single[v]]):.3f}" for v in members]
        lines.append(f"| **mean over {len(fakes)} fakes** | " + " | ".join(means)
                     + f" | **{np.mean([recs[f]['auc'] for f in fakes]):.3f}** | |")
    return "\n".join(lines)


def at_shipped_rule(members, log=print):
    """{variant: {family: (record as kept, record judged at the shipped rule)}} for the finished runs of `members`:
    the grid's runs chose their band with a 5 % cap on val's reals stated manipulated, the app with its card's."""
    rule, out, splits = shipped_rule(), {}, functools.cache(load_splits)
    for v in members:
        out[v] = {}
        for fam in FAKE_FAMILIES + REAL_FAMILIES:
            if os.path.exists(record_path(fam, v)) and os.path.exists(os.path.join(runs_dir(v), fam, "model.pt")):
                with open(record_path(fam, v)) as f:
                    kept = json.load(f)
                out[v][fam] = (kept, judge(fam, scores_of(fam, v, splits=splits, log=log), rule))
    return rule, out


def shipped_rule_table(rule, judged):
    names = {v: v or "seed 0" for v in judged}
    lines = [f"Each held-out family's share stated manipulated when each run's band is chosen on its val by the rule "
             f"the app ships (stated verdicts right >= {rule['precision']:.0%}, at most {rule['max_false_alarm']:.0%} "
             f"of val's reals stated manipulated; the model card's `decision`) against the grid's records "
             f"(<= {GRID_RULE['max_false_alarm']:.0%}). For a family of reals this is its false-alarm rate; for a "
             "family of fakes, the share caught. AUCs do not change. `python -m tracelens_train.lofo shipped-rule "
             "--members " + " ".join(f'"{v}"' for v in judged) + "`.",
             "",
             "| family | " + " | ".join(f"{names[v]}: grid / shipped rule" for v in judged) + " |",
             "|---|" + "---|" * len(judged)]
    for fam in REAL_FAMILIES + FAKE_FAMILIES:
        if not any(fam in judged[v] for v in judged):
            continue
        cells = [f"{_pct(judged[v][fam][0]['statedManipulated'])} / **{_pct(judged[v][fam][1]['statedManipulated'])}**"
                 if fam in judged[v] else "–" for v in judged]
        lines.append(f"| {fam} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def split_rows():
    """{"train": rows, "val": rows} of both data sets, in the order of their caches and of scores_of's arrays."""
    return {s: read_datasets(DATA_DIRS, s) for s in ("train", "val")}


def scored_rows(family, order):
    """The rows behind scores_of's `held` and `val`, in their order; order: {"train": rows, "val": rows}."""
    held = [r for split in ("train", "val") for r in order[split] if r["family"] == family]
    return held, [r for r in order["val"] if r["family"] != family]


def pooled_paired_auc(fakes, reals):
    """fakes, reals: [(row, score)]. AUC of each fake against the reals of its own data set and source only, pairs
    pooled over sources: (auc, sources, fakes, reals); auc None where no fake has reals of its source."""
    src = lambda r: (r["dataset"], r["source"])
    by_source = {}
    for r, p in reals:
        by_source.setdefault(src(r), []).append(p)
    mine = {}
    for r, p in fakes:
        if src(r) in by_source:
            mine.setdefault(src(r), []).append(p)
    won = pairs = 0.0
    for k, f in mine.items():
        n = len(f) * len(by_source[k])
        won += auc(np.r_[f, by_source[k]], np.r_[np.ones(len(f), bool), np.zeros(len(by_source[k]), bool)]) * n
        pairs += n
    return ((won / pairs if pairs else None), len(mine), sum(len(f) for f in mine.values()),
            sum(len(by_source[k]) for k in mine))


def paired_auc(family, sc, order):
    """AUC of the held-out family's fakes against val's reals of the same source only (DFDC's swaps against DFDC's
    reals, an editor's outputs against its unedited originals), pairs pooled over sources: a measure of the
    manipulation that no difference between sources can raise or lower. (auc, sources, fakes, reals); auc None where
    the family's sources have no reals in val."""
    held, val = scored_rows(family, order)
    return pooled_paired_auc([(r, p) for r, p in zip(held, sc["held"]) if r["label"] != "real"],
                             [(r, p) for r, p in zip(val, sc["val"]) if r["label"] == "real"])


def seen_paired_auc(held_out, family, sc, order):
    """The same for a family the run *trained on*: its val fakes against their own sources' val reals, read from the
    run that left `held_out` out; how much of a manipulation it was taught the run tells from its originals."""
    _, val = scored_rows(held_out, order)
    return pooled_paired_auc([(r, p) for r, p in zip(val, sc["val"]) if r["family"] == family and r["label"] != "real"],
                             [(r, p) for r, p in zip(val, sc["val"]) if r["label"] == "real"])


# (run that left a family out, a family it trained on): the cells of `lofo paired`'s table of taught families
SEEN_CELLS = [("face-swap", "attribute-gan"), ("face-swap", "part-edit"), ("attribute-gan", "face-swap"),
              ("attribute-gan", "part-edit")]


def seen_table(members, log=print, with_model=None):
    order = split_rows()
    splits = functools.cache(load_splits)
    lines = ["The same measure on families the runs *were* taught, on their val faces (each cell: the run without "
             "the first family, read on the second): how much of a manipulation a short run learns to tell from its "
             "originals.", "", "| run without | read on | " + " | ".join(v or "seed 0" for v in members) + " |",
             "|---|---|" + "---|" * len(members)]
    means = {v: [] for v in members}
    for held_out, fam in SEEN_CELLS:
        row = []
        for v in members:
            if not os.path.exists(os.path.join(runs_dir(v), held_out, "model.pt")):
                row.append("–")
                continue
            a = seen_paired_auc(held_out, fam, member_scores(held_out, v, splits, log, with_model), order)[0]
            means[v].append(a)
            row.append(f"{a:.3f}")
        lines.append(f"| {held_out} | {fam} | " + " | ".join(row) + " |")
    lines.append("| **mean** | | " + " | ".join(f"**{np.mean(means[v]):.3f}**" + ("" if len(means[v]) == len(SEEN_CELLS)
                 else f" ({len(means[v])} of {len(SEEN_CELLS)})") if means[v] else "–" for v in members) + " |")
    return "\n".join(lines)


# Whole-face generators have no originals; the nearest reals are FFHQ's photos, what StyleGAN learned to imitate
# (faces-v2's real-ffhq family). Against them, a generated face cannot be told by the look of a data set's photos.
GENERATOR_FAMILIES = ("gan-face", "diffusion-face")
GENERATOR_REALS = "real-ffhq"


def generator_auc(family, sc, order):
    """(AUC, fakes, reals) of the held-out family's fakes against val's real faces of the FFHQ family only."""
    held, val = scored_rows(family, order)
    fakes = [p for r, p in zip(held, sc["held"]) if r["label"] != "real"]
    reals = [p for r, p in zip(val, sc["val"]) if r["family"] == GENERATOR_REALS and r["label"] == "real"]
    if not fakes or not reals:
        return None, len(fakes), len(reals)
    return auc(np.r_[fakes, reals], np.r_[np.ones(len(fakes), bool), np.zeros(len(reals), bool)]), len(fakes), len(reals)


def generator_table(members, model_path=None, log=print, with_model=None):
    """The generators' table of `lofo paired`; with model_path, a last column for that model (trained on every family)
    on its val faces."""
    order = split_rows()
    splits = functools.cache(load_splits)
    lines = [f"Whole-face generators, held out, against val's FFHQ photos only ({GENERATOR_REALS}: the real faces "
             "StyleGAN learned to imitate), beside the grid's AUC against all val reals (in brackets).", "",
             "| family | " + " | ".join(v or "seed 0" for v in members)
             + (" | the model given, trained on every family (its val faces) |" if model_path else " |"),
             "|---|" + "---|" * (len(members) + bool(model_path))]
    for fam in GENERATOR_FAMILIES:
        row, counts = [], None
        for v in members:
            if not os.path.exists(os.path.join(runs_dir(v), fam, "model.pt")):
                row.append("–")
                continue
            sc = member_scores(fam, v, splits, log, with_model)
            a, n_fakes, n_reals = generator_auc(fam, sc, order)
            counts = (n_fakes, n_reals)
            full = judge(fam, sc)["auc"] if with_model else records(v).get(fam, {}).get("auc")
            row.append("–" if a is None else f"{a:.3f} ({full:.3f})" if full is not None else f"{a:.3f}")
        if model_path:
            a = generator_auc(fam, *as_held_out(fam, *val_scores(model_path, log)))[0]
            row.append("–" if a is None else f"{a:.3f}")
        if counts:
            lines.append(f"| {fam} ({counts[0]} fakes, {counts[1]} reals) | " + " | ".join(row) + " |")
    return "\n".join(lines)


PAIRED_MIN_REALS = 20  # fewer of a family's sources' reals in val than this make its paired AUC a guess


def paired_seen(model_path, log=print):
    """{family: paired_auc's tuple} for a model trained on every family (e.g. the shipped one): each family's val
    fakes against val's reals of the same source, which it has seen: how well it tells a manipulation it was taught."""
    rows, pm = val_scores(model_path, log)
    return {fam: paired_auc(fam, *as_held_out(fam, rows, pm)) for fam in FAKE_FAMILIES}


@functools.cache
def val_scores(model_path, log=print):
    """(val rows, calibrated P(manipulated) of each) of a model trained on every family."""
    model, meta = load_checkpoint(model_path)
    rows, faces = load_splits(log)["val"]
    return rows, p_manipulated_of(model, faces, meta["temperature"])


def as_held_out(fam, rows, pm):
    """A whole-val scoring in scored_rows' layout with no train rows: the family's val faces as `held`, the rest of
    val as `val`, each in row order; (scores, order)."""
    mine = np.array([r["family"] == fam for r in rows])
    return {"held": pm[mine], "val": pm[~mine]}, {"train": [], "val": rows}


def paired_table(members, seen=None, log=print, with_model=None):
    """The table of `lofo paired`; seen: {family: paired_auc(...)} of a model trained on every family (paired_seen)."""
    order = split_rows()
    splits = functools.cache(load_splits)
    names = [v or "seed 0" for v in members]
    cells, means = {}, {}
    for v in members:
        vals = []
        for fam in FAKE_FAMILIES:
            if not os.path.exists(os.path.join(runs_dir(v), fam, "model.pt")):
                continue
            sc = member_scores(fam, v, splits, log, with_model)
            a, n_src, n_fakes, n_reals = paired_auc(fam, sc, order)
            rec = judge(fam, sc) if with_model else records(v).get(fam)
            cells[v, fam] = (a, rec["auc"] if rec else None, (n_src, n_fakes, n_reals))
            if a is not None and n_reals >= PAIRED_MIN_REALS:
                vals.append(a)
        means[v] = vals
    lines = ["AUC of each held-out family's fakes against val's reals *of the same source* (pairs within a source, "
             "pooled), beside the grid's AUC against all val reals (in brackets). Families whose sources have no reals "
             f"in val (whole-face generators) have no cell; the mean is over the families with at least {PAIRED_MIN_REALS} "
             "such reals. `python -m tracelens_train.lofo paired --members "
             + " ".join(f'"{v}"' for v in members)
             + (f" --with {os.path.relpath(with_model, os.path.join(REPO_ROOT, 'training'))}`: each run fused with "
                "that model, trained on no fakes (the mean of their logits, each standardised on val)." if with_model
                else "`."), "",
             "| family | " + " | ".join(names) + (" | the model given, trained on every family (its val faces) |" if seen else " |"),
             "|---|" + "---|" * (len(members) + bool(seen))]
    for fam in FAKE_FAMILIES:
        row = []
        for v in members:
            a, full, _ = cells.get((v, fam), (None, None, None))
            row.append("–" if a is None else f"{a:.3f} ({full:.3f})" if full is not None else f"{a:.3f}")
        if seen:
            row.append("–" if seen[fam][0] is None else f"{seen[fam][0]:.3f}")
        counts = next((cells[v, fam][2] for v in members if (v, fam) in cells), None)
        if any(c != "–" for c in row):
            lines.append(f"| {fam} ({counts[0]} sources, {counts[1]} fakes, {counts[2]} reals) | " + " | ".join(row) + " |")
    mean_cells = [f"**{np.mean(means[v]):.3f}**" if means[v] else "–" for v in members]
    if seen:
        kept = [a for a, _, _, n_reals in seen.values() if a is not None and n_reals >= PAIRED_MIN_REALS]
        mean_cells.append(f"**{np.mean(kept):.3f}**" if kept else "–")
    lines.append(f"| **mean** (families with >= {PAIRED_MIN_REALS} reals) | " + " | ".join(mean_cells) + " |")
    return "\n".join(lines)


def own_reals_auc(family, sc, order):
    """(AUC, reals) of the family's fakes against val's reals of their own sources (paired_auc), or for whole-face
    generators against FFHQ's photos (generator_auc); AUC None where there are none."""
    if family in GENERATOR_FAMILIES:
        a, _, n = generator_auc(family, sc, order)
    else:
        a, _, _, n = paired_auc(family, sc, order)
    return a, n


def unseen_table(model_path, log=print):
    """The tables of a model trained on no fakes at all (real faces and their self-blended twins only): every family
    of fakes is unseen by it, so one run reads all of them, on val: against all val reals, against their own
    sources' val reals (paired_auc), and the generators against FFHQ's photos."""
    rows, pm = val_scores(model_path, log)
    lines = [f"`{os.path.relpath(model_path, os.path.join(REPO_ROOT, 'training'))}`, trained on no fakes: each family's "
             "val fakes against all val reals, against val's reals of their own sources (pairs within a source, "
             "pooled; whole-face generators: against val's FFHQ photos instead).", "",
             "| family | val fakes | AUC against all val reals | AUC against their own sources' reals (reals) |",
             "|---|---|---|---|"]
    reals = np.array([r["label"] == "real" for r in rows])
    alls, pairs = [], []
    for fam in FAKE_FAMILIES:
        mine = np.array([r["family"] == fam and r["label"] != "real" for r in rows])
        if not mine.any():
            continue
        a = auc(np.r_[pm[mine], pm[reals]], np.r_[np.ones(mine.sum(), bool), np.zeros(reals.sum(), bool)])
        alls.append(a)
        p, n = own_reals_auc(fam, *as_held_out(fam, rows, pm))
        if p is not None and n >= PAIRED_MIN_REALS:
            pairs.append(p)
        lines.append(f"| {fam} | {int(mine.sum())} | {a:.3f} | " + ("–" if p is None else f"{p:.3f} ({n})") + " |")
    lines.append(f"| **mean** | | **{np.mean(alls):.3f}** | **{np.mean(pairs):.3f}** "
                 f"(families with >= {PAIRED_MIN_REALS} such reals) |")
    return "\n".join(lines)


def run_one(family, threads, log=print, variant=""):
    d = os.path.join(runs_dir(variant), family)
    os.makedirs(d, exist_ok=True)
    state = state_of(family, variant)
    if state == "done" or not take_lock(d):
        return
    started = os.path.join(d, "started.json")
    if not os.path.exists(started):
        with open(started, "w") as f:
            json.dump({"commit": git_commit(), "family": family, "at": time.strftime("%Y-%m-%d %H:%M")}, f)
    py = sys.executable
    if state == "training":
        call([py, "-m", "tracelens_train.train", "--resume", d, "--threads", str(threads)], log)
    elif state == "to run":
        call([py, "-m", "tracelens_train.train", *recipe_args(), *SCHEDULE, *VARIANTS[variant], "--exclude-family", family,
               "--threads", str(threads), "--out", d], log)
    if not os.path.exists(os.path.join(d, "model.pt")):
        raise SystemExit(f"{d}: training stopped before the end; run again to resume")
    measure(family, log, variant)


def records(variant=""):
    out = {}
    for fam in FAKE_FAMILIES + REAL_FAMILIES:
        if os.path.exists(record_path(fam, variant)):
            with open(record_path(fam, variant)) as f:
                out[fam] = json.load(f)
    return out


def _pct(v):
    return "–" if v is None else f"{100 * v:.0f} %"


def table(recs, variant=""):
    what = "the shipped recipe" if not variant else f"the recipe with {' '.join(VARIANTS[variant])}"
    lines = [f"Each row: a run of {what} on a short schedule ({' '.join(SCHEDULE)}) without that family; "
             "AUC of P(manipulated) on the family's train+val faces against the other side of val; the share stated "
             "manipulated at the run's own decision (band chosen on its val) and the share at or above its threshold.",
             "",
             "| family | left out | faces | AUC | stated manipulated | at or above threshold |",
             "|---|---|---|---|---|---|"]
    for fam in FAKE_FAMILIES + REAL_FAMILIES:
        r = recs.get(fam)
        kind = "reals" if fam in REAL_FAMILIES else "fakes"
        if r is None:
            lines.append(f"| {fam} | {kind} | | not run yet | | |")
            continue
        lines.append(f"| {fam} | {kind} | {r['n']} | {r['auc']:.3f} | {_pct(r['statedManipulated'])} | "
                     f"{_pct(r['atThreshold'])} |")
    fake_aucs = [recs[f]["auc"] for f in FAKE_FAMILIES if f in recs and recs[f]["auc"] is not None]
    if fake_aucs:
        lines += ["", f"**mean AUC** over {len(fake_aucs)} of {len(FAKE_FAMILIES)} families of fakes: "
                      f"{np.mean(fake_aucs):.3f} (lowest {min(fake_aucs):.3f})."]
    lines += ["", "For a family of reals, \"stated manipulated\" is its false-alarm rate and AUC ranks val's fakes above it."]
    return "\n".join(lines)


def compare(recs_by_variant):
    """The families of fakes as rows, the shipped recipe and each variant with a finished family as columns, and
    the mean over the families each column has: the ablations read side by side against the seed-to-seed spread."""
    cols = [v for v, recs in recs_by_variant.items() if any(f in recs for f in FAKE_FAMILIES)]
    name = {v: v or "shipped recipe" for v in cols}
    lines = ["AUC of P(manipulated) on each held-out family of fakes, one run per cell (short schedule, "
             f"{' '.join(SCHEDULE)}); columns: the shipped recipe (seed 0) and each variant (`recipes/faces-v2-<variant>.toml`).",
             "",
             "| family | " + " | ".join(name[v] for v in cols) + " |",
             "|---|" + "---|" * len(cols)]
    for fam in FAKE_FAMILIES:
        cells = [f"{recs_by_variant[v][fam]['auc']:.3f}" if fam in recs_by_variant[v] else "–" for v in cols]
        lines.append(f"| {fam} | " + " | ".join(cells) + " |")
    means = []
    for v in cols:
        aucs = [recs_by_variant[v][f]["auc"] for f in FAKE_FAMILIES if f in recs_by_variant[v]]
        means.append(f"**{np.mean(aucs):.3f}**" + ("" if len(aucs) == len(FAKE_FAMILIES) else f" ({len(aucs)} of 7)"))
    lines.append("| **mean** | " + " | ".join(means) + " |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--only", default=None, choices=FAKE_FAMILIES + REAL_FAMILIES)
    r.add_argument("--threads", type=int, default=1)
    r.add_argument("--families", choices=["all", "fakes"], default="all", help="fakes: only the families of fakes")
    s = sub.add_parser("status")
    t = sub.add_parser("table")
    t.add_argument("--write", default=None, help="a markdown file with the lofo markers (lofo-<variant> for a variant)")
    e = sub.add_parser("ensemble", help="the mean of finished runs per family (e.g. seeds); nothing is trained")
    e.add_argument("--members", nargs="+", required=True, choices=list(VARIANTS), help='variants; "" is the shipped recipe')
    e.add_argument("--flip", action="store_true", help="each member also on the mirror image")
    e.add_argument("--write", default=None, help="a markdown file with the lofo-ensemble markers")
    sr = sub.add_parser("shipped-rule", help="the finished runs' held-out families judged at the app's decision rule")
    sr.add_argument("--members", nargs="+", required=True, choices=list(VARIANTS), help='variants; "" is the shipped recipe')
    sr.add_argument("--write", default=None, help="a markdown file with the lofo-shipped-rule markers")
    pa = sub.add_parser("paired", help="held-out fakes against the same source's val reals only")
    pa.add_argument("--members", nargs="+", required=True, choices=list(VARIANTS), help='variants; "" is the shipped recipe')
    pa.add_argument("--model", default=None, help="also a calibrated model trained on every family, on its val faces")
    pa.add_argument("--write", default=None, help="a markdown file with the markers of --tag")
    pa.add_argument("--tag", default="lofo-paired", help="the markers' name: <!-- TAG:begin --> ... <!-- TAG:end -->")
    pa.add_argument("--with", dest="with_model", default=None, metavar="MODEL",
                    help="each run fused with this model trained on no fakes (lofo unseen); families of fakes only")
    u = sub.add_parser("unseen", help="a model trained on no fakes at all: every family of fakes on val")
    u.add_argument("--model", required=True, help="its model.pt (the AUCs do not depend on its temperature)")
    u.add_argument("--write", default=None, help="a markdown file with the markers of --tag")
    u.add_argument("--tag", default="lofo-unseen", help="the markers' name")
    c = sub.add_parser("compare")
    c.add_argument("--write", default=None, help="a markdown file with the lofo-compare markers")
    for p in (r, s, t):
        p.add_argument("--variant", choices=list(VARIANTS), default="", help="a variant of the recipe (VARIANTS)")
    args = ap.parse_args(argv)
    if args.cmd == "run":
        fams = [args.only] if args.only else FAKE_FAMILIES + (REAL_FAMILIES if args.families == "all" else [])
        for fam in fams:
            run_one(fam, args.threads, variant=args.variant)
    elif args.cmd == "status":
        for fam in FAKE_FAMILIES + REAL_FAMILIES:
            print(f"{fam:16s} {state_of(fam, args.variant)}")
    elif args.cmd == "ensemble":
        recs = ensemble(args.members, args.flip)
        text = ensemble_table(args.members, args.flip, recs, {v: records(v) for v in args.members})
        if args.write:
            tag = "lofo-ensemble" + ("-flip" if args.flip else "")
            write_between_markers(args.write, text, f"<!-- {tag}:begin -->", f"<!-- {tag}:end -->")
        print(text)
    elif args.cmd == "shipped-rule":
        text = shipped_rule_table(*at_shipped_rule(args.members))
        if args.write:
            write_between_markers(args.write, text, "<!-- lofo-shipped-rule:begin -->", "<!-- lofo-shipped-rule:end -->")
        print(text)
    elif args.cmd == "paired":
        w = args.with_model
        text = (paired_table(args.members, paired_seen(args.model) if args.model else None, with_model=w) + "\n\n"
                + seen_table(args.members, with_model=w) + "\n\n" + generator_table(args.members, args.model, with_model=w))
        if args.write:
            write_between_markers(args.write, text, f"<!-- {args.tag}:begin -->", f"<!-- {args.tag}:end -->")
        print(text)
    elif args.cmd == "unseen":
        text = unseen_table(args.model)
        if args.write:
            write_between_markers(args.write, text, f"<!-- {args.tag}:begin -->", f"<!-- {args.tag}:end -->")
        print(text)
    elif args.cmd == "compare":
        text = compare({v: records(v) for v in VARIANTS})
        if args.write:
            write_between_markers(args.write, text, "<!-- lofo-compare:begin -->", "<!-- lofo-compare:end -->")
        print(text)
    else:
        text = table(records(args.variant), args.variant)
        if args.write:
            write_between_markers(args.write, text, *markers(args.variant))
        print(text)


if __name__ == "__main__":
    main()
