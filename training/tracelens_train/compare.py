"""The paper's comparison (issue 12) on faces-v1: one protocol for every architecture, run resumably.

Every run trains with the same recipe and schedule (COMMON), is selected on val and temperature-scaled by
train.py, exported as uint8 weights where the app can run the architecture (the app's format, so the numbers
are those of what would ship) and evaluated on test, plain and after JPEG-75, by evaluate.py. Only the
architecture and the seed change.

  python -m tracelens_train.compare run            # the runs still to do, in PLAN's order; resumes a cut-off run
  python -m tracelens_train.compare run --only srm-hybrid-s0
  python -m tracelens_train.compare status         # what is done, under way and still to run
  python -m tracelens_train.compare table          # the results table (markdown), mean +- sd over seeds
  python -m tracelens_train.compare table --write ../training/RESULTS.md   # between the compare markers

A session that ends mid-run loses nothing but the epoch under way: the next `run` resumes it (on the same
machine: runs/ is not committed). A finished run's numbers are written to training/results/compare/<run>.json,
which is committed: a fresh clone knows which runs are done and what they measured.
"""
import argparse
import json
import os
import sys
import time

from .architectures import MODEL_IDS, NAMES, build_model
from .data import REPO_ROOT
from .model import count_multiply_adds, count_parameters
from .runs import call, git_commit, take_lock, write_between_markers
from .seed_stats import difference, mean_sd_cell, pooled_sd

RUNS_DIR = os.path.join(REPO_ROOT, "training", "runs")
# runs/ is ignored and lives only as long as the machine; a finished run's numbers are kept here, one small
# JSON file per run, and committed, so the table and the run list survive into the next session.
RECORDS_DIR = os.path.join(REPO_ROOT, "training", "results", "compare")
EPOCHS = 10
# The one recipe of every row (train.py's defaults otherwise: Adam, cosine, label smoothing, balanced
# sampling, augmentation, EMA). AMTENnet's conv1 starts as a residual, as in the shipped model
# (AMTENNET_ONLY); the other architectures have no conv1.
COMMON = ["--epochs", str(EPOCHS), "--batch-size", "64", "--lr", "3e-4", "--bf16"]
AMTENNET_ONLY = ["--conv1-init", "residual"]

# (architecture, seed) in the order they run: one seed of every row first, then the further seeds of
# AMTENnet and Model-base that make "AMTEN helps" a measured claim, then further seeds of the front-end
# hybrids: one seed of a front end cannot be told apart from AMTENnet's seed-to-seed spread.
PLAN = [("model-base", 0), ("amtennet", 0), ("srm-hybrid", 0), ("constrained-hybrid", 0), ("meso4", 0),
        ("mesoinception4", 0), ("mo-hybrid", 0), ("model-base", 1), ("amtennet", 1), ("model-base", 2),
        ("amtennet", 2), ("constrained-hybrid", 1), ("srm-hybrid", 1), ("constrained-hybrid", 2),
        ("srm-hybrid", 2), ("mo-hybrid", 1), ("mo-hybrid", 2)]

SOURCES = ["stargan-celeba", "stylegan3", "ciplab", "dfdc"]


def run_name(arch, seed):
    return f"{arch}-s{seed}"


def run_dir(arch, seed):
    return os.path.join(RUNS_DIR, "compare", run_name(arch, seed))


def record_path(arch, seed):
    return os.path.join(RECORDS_DIR, run_name(arch, seed) + ".json")


def state_of(arch, seed):
    """'done', 'evaluate' (trained, not yet measured), 'training' (checkpoint of epoch k), or 'to run'."""
    d = run_dir(arch, seed)
    if os.path.exists(record_path(arch, seed)) or os.path.exists(os.path.join(d, "test_jpeg75.json")):
        return "done", None
    if os.path.exists(os.path.join(d, "model.pt")):
        return "evaluate", None
    hist = os.path.join(d, "history.jsonl")
    if os.path.exists(hist):
        with open(hist) as f:
            return "training", sum(1 for _ in f)
    return "to run", None


def run_one(arch, seed, threads, log=print):
    d = run_dir(arch, seed)
    state, _ = state_of(arch, seed)
    if state == "done":
        return
    os.makedirs(d, exist_ok=True)
    started = os.path.join(d, "started.json")
    if not os.path.exists(started):
        with open(started, "w") as f:
            json.dump({"commit": git_commit(), "arch": arch, "seed": seed, "at": time.strftime("%Y-%m-%d %H:%M")}, f)
    py = sys.executable
    if state in ("training", "to run"):
        if os.path.exists(os.path.join(d, "checkpoint.pt")):
            call([py, "-m", "tracelens_train.train", "--resume", d, "--threads", str(threads)], log)
        else:
            call([py, "-m", "tracelens_train.train", "--arch", arch, "--seed", str(seed), "--threads", str(threads),
                   "--out", d, *COMMON, *(AMTENNET_ONLY if arch == "amtennet" else [])], log)
        if not os.path.exists(os.path.join(d, "model.pt")):
            raise SystemExit(f"{d}: training stopped before the end; run again to resume")
    # Measure what would ship: the uint8 app export where the app runs this architecture.
    model = os.path.join(d, "model.pt")
    if arch in MODEL_IDS:
        app = os.path.join(d, "app")
        call([py, "-m", "tracelens_train.evaluate", "--model", model, "--split", "test", "--threads", str(threads),
               "--out", os.path.join(d, "test_f32.json")], log)
        call([py, "-m", "tracelens_train.export", "--checkpoint", model, "--metrics", os.path.join(d, "test_f32.json"),
               "--version", f"0.0.0-compare-s{seed}", "--quantize", "uint8", "--out", app], log)
        model = app
    for jpeg, out in ((None, "test.json"), (75, "test_jpeg75.json")):
        call([py, "-m", "tracelens_train.evaluate", "--model", model, "--split", "test", "--threads", str(threads),
               *(["--jpeg", str(jpeg)] if jpeg else []), "--out", os.path.join(d, out)], log)
    record(arch, seed)


def record(arch, seed):
    """A finished run's numbers: its committed record, written from its run folder the first time it is asked for."""
    path = record_path(arch, seed)
    if not os.path.exists(path):
        d = run_dir(arch, seed)
        load = lambda n: json.load(open(os.path.join(d, n)))  # noqa: E731
        t, j, meta = load("test.json"), load("test_jpeg75.json"), load("meta.json")
        row = {
            "seed": seed, "commit": load("started.json")["commit"], "minutes": meta["minutes"],
            "bestEpoch": meta["bestEpoch"], "valBalancedAccuracy": meta["valBalancedAccuracy"],
            "accuracy": t["accuracy"], "balancedAccuracy": t["balancedAccuracy"], "binaryAccuracy": t["binaryAccuracy"],
            "realRecall": t["perClassRecall"]["real"], "ece": t["ece"], "jpeg75BalancedAccuracy": j["balancedAccuracy"],
            **{f"binary:{s}": t["binaryAccuracyBySource"][s]["binaryAccuracy"] for s in SOURCES},
        }
        os.makedirs(RECORDS_DIR, exist_ok=True)
        with open(path, "w") as f:
            json.dump(row, f, indent=2)
            f.write("\n")
    with open(path) as f:
        return json.load(f)


def collect():
    """Every finished run's numbers, by architecture."""
    rows = {}
    for arch, seed in PLAN:
        if state_of(arch, seed)[0] == "done":
            rows.setdefault(arch, []).append(record(arch, seed))
    out = {}
    for arch, runs in rows.items():
        m = build_model(arch)
        out[arch] = {"runs": runs, "parameters": count_parameters(m), "multiplyAdds": count_multiply_adds(m)}
    return out


METRICS = [("accuracy", "accuracy"), ("balancedAccuracy", "balanced accuracy"), ("binaryAccuracy", "binary accuracy"),
           ("realRecall", "real recall"), ("ece", "ECE"), ("jpeg75BalancedAccuracy", "balanced accuracy, JPEG-75")]


# `npm run bench -- --models all --add-model ... --json training/results/compare/wasm-bench.json`: the
# network alone of every exported architecture, timed in one Chromium page (scripts/lib/benchModels.ts).
WASM_BENCH = os.path.join(RECORDS_DIR, "wasm-bench.json")


def wasm_ms(path=None):
    """Best round's wasm ms per face at batch 1, by architecture, from the bench's JSON (empty without one)."""
    path = path or WASM_BENCH
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        rows = json.load(f)["backends"].get("wasm", [])
    return {r["architecture"]: min(r["batch1Rounds"]) for r in rows}


def _wasm_cell(arch, times):
    if arch not in MODEL_IDS:  # the architectures the app runs; the rest have no browser time
        return "not exported"
    return f"{times[arch]:.1f}" if arch in times else "not timed"


def table(results, times=None):
    times = wasm_ms() if times is None else times
    head = ["model", "seeds", *[h for _, h in METRICS], *[f"binary {s}" for s in SOURCES], "parameters",
            "multiply-adds / face", "wasm ms / face"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for arch in NAMES:
        if arch not in results:
            continue
        r = results[arch]
        runs = r["runs"]
        cells = [NAMES[arch], ", ".join(str(x["seed"]) for x in runs),
                 *[mean_sd_cell([x[k] for x in runs]) for k, _ in METRICS],
                 *[mean_sd_cell([x[f"binary:{s}"] for x in runs]) for s in SOURCES],
                 f"{r['parameters']:,}", f"{r['multiplyAdds'] / 1e6:.1f} M", _wasm_cell(arch, times)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


DIFF_METRICS = [("balancedAccuracy", "balanced accuracy"), ("binaryAccuracy", "binary accuracy"),
                ("realRecall", "real recall")]


def differences(results):
    """Markdown: AMTENnet against each other row, in points (AMTENnet minus the row), with 95 % intervals."""
    if "amtennet" not in results:
        return ""
    head = ["AMTENnet minus", "seeds (AMTENnet / row)", *[f"{h}, points (95 % interval)" for _, h in DIFF_METRICS]]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for arch in NAMES:
        if arch == "amtennet" or arch not in results:
            continue
        cells = [NAMES[arch], f"{len(results['amtennet']['runs'])} / {len(results[arch]['runs'])}"]
        for key, _ in DIFF_METRICS:
            d, half, verdict = difference(results, arch, key)
            cells.append(f"{100 * d:+.1f}" + (f" (±{100 * half:.1f}): {verdict}" if half is not None else f": {verdict}"))
        lines.append("| " + " | ".join(cells) + " |")
    notes = []
    for key, h in DIFF_METRICS:
        sd, df = pooled_sd(results, key)
        if sd is not None:
            notes.append(f"{h} {100 * sd:.1f} points ({df} degrees of freedom)")
    if notes:
        lines.append("")
        lines.append("Seed-to-seed standard deviation, pooled over the rows with several seeds: " + "; ".join(notes) + ".")
    return "\n".join(lines)


def run_list():
    lines = ["| run | architecture | seed | started at commit | state | minutes | best epoch (val balanced) |",
             "|---|---|---|---|---|---|---|"]
    for arch, seed in PLAN:
        d = run_dir(arch, seed)
        state, epoch = state_of(arch, seed)
        commit = json.load(open(os.path.join(d, "started.json")))["commit"] if os.path.exists(os.path.join(d, "started.json")) else "—"
        minutes, best = "—", "—"
        if state == "done":
            r = record(arch, seed)
            commit, minutes, best = r["commit"], f"{r['minutes']:.0f}", f"{r['bestEpoch']} ({r['valBalancedAccuracy']:.3f})"
        label = {"training": f"cut off after epoch {epoch} of {EPOCHS}: resume"}.get(state, state)
        lines.append(f"| `{run_name(arch, seed)}` | {arch} | {seed} | {commit} | {label} | {minutes} | {best} |")
    return "\n".join(lines)


BEGIN, END = "<!-- compare:begin (written by python -m tracelens_train.compare table --write) -->", "<!-- compare:end -->"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--only", default=None, help="one run, e.g. srm-hybrid-s0")
    r.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    sub.add_parser("status")
    t = sub.add_parser("table")
    t.add_argument("--write", default=None, help="replace the text between the compare markers of this file")
    t.add_argument("--json", default=None, help="also write the numbers behind the table here")
    args = ap.parse_args(argv)
    if args.cmd == "run":
        todo = [(a, s) for a, s in PLAN if args.only in (None, run_name(a, s))]
        if not todo:
            raise SystemExit(f"no run called {args.only}: " + ", ".join(run_name(a, s) for a, s in PLAN))
        for arch, seed in todo:
            state = state_of(arch, seed)[0]
            if state == "done":
                continue
            if not take_lock(run_dir(arch, seed)):
                print(f"# {run_name(arch, seed)}: taken by another compare run", flush=True)
                continue
            print(f"# {time.strftime('%H:%M:%S')} {run_name(arch, seed)}: {state}", flush=True)
            try:
                run_one(arch, seed, args.threads)
            finally:
                os.remove(os.path.join(run_dir(arch, seed), "lock"))
    elif args.cmd == "status":
        print(run_list())
    else:
        results = collect()
        diffs = differences(results)
        text = table(results) + ("\n\nAMTENnet against each row:\n\n" + diffs if diffs else "") + "\n\nRuns:\n\n" + run_list()
        print(text)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(results, f, indent=2)
        if args.write:
            write_between_markers(args.write, text, BEGIN, END)


if __name__ == "__main__":
    main()
