"""Long runs driven from the command line (compare.py, lofo.py): the commit a run started at, a lock so that two
drivers share out a plan instead of training the same run twice, each step as a subprocess, and the tables they
write between markers in RESULTS.md."""
import os
import subprocess

from .data import REPO_ROOT


def git_commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def take_lock(d):
    """Claim a run for this process, so two `compare run` (one thread each, say) share out the plan instead of
    training the same run twice. A lock whose process is gone is taken over."""
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "lock")
    try:
        with open(path) as f:
            pid = int(f.read().strip() or 0)
        if pid != os.getpid():
            os.kill(pid, 0)  # raises if that process is gone
            return False
    except (FileNotFoundError, ValueError, ProcessLookupError):
        pass
    with open(path, "w") as f:
        f.write(str(os.getpid()))
    return True


def call(args, log):
    """Run one step (python -m tracelens_train.<x> ...) from training/, as its own process."""
    log("$ " + " ".join(args))
    subprocess.run(args, cwd=os.path.join(REPO_ROOT, "training"), check=True)


def write_between_markers(path, text, begin, end):
    """Replace what lies between the markers begin and end in the markdown file at path."""
    with open(path) as f:
        doc = f.read()
    if begin not in doc or end not in doc:
        raise SystemExit(f"{path} has no markers {begin} ... {end}")
    head, rest = doc.split(begin, 1)
    _, tail = rest.split(end, 1)
    with open(path, "w") as f:
        f.write(head + begin + "\n" + text + "\n" + end + tail)
