"""A tiny AMTENnet training run, exported as the app's model folder: what a researcher's own run gives,
made in seconds for the tests of the app's "Open a model folder..." (issue 27, src/model/modelFolder.ts).

    python -m tracelens_train.tiny_export --out DIR [--steps 4] [--seed 0] [--version 0.0.1-tiny]

Trains AMTENnet for a few Adam steps (step.train_step, the training loop's own step) on generated pictures
(make_goldens' inputs, flipped and shifted; no data set is read), fits nothing else, and exports it with
tfjs_weights.write_weights (uint8 kernels, as the shipped models) and model_card.model_card, as a real run's export
does. Then writes the PyTorch probabilities (and Fmt) of the exported folder on the parity inputs into
DIR/golden/ with make_goldens (--model-dir DIR), the goldens the app's parity test compares with.
"""
import argparse
import json
import os
import time

import numpy as np
import torch

from . import CLASSES
from .make_goldens import generated_inputs
from .make_goldens import main as make_goldens_main
from .metrics import compute_metrics
from .model import AMTENnet
from .model_card import model_card
from .step import train_step
from .tfjs_weights import write_weights

TINY_ID = "my-tiny-amtennet"


def training_pictures(n, seed):
    """n generated 128 px pictures (NCHW float 0..255) and labels: the parity inputs flipped and rolled."""
    rng = np.random.RandomState(seed)
    base = [u8 for _, _, u8 in generated_inputs()]
    xs, ys = [], []
    for i in range(n):
        a = base[i % len(base)]
        if rng.rand() < 0.5:
            a = a[:, ::-1]
        a = np.roll(a, rng.randint(-16, 17), axis=0)
        xs.append(torch.from_numpy(np.ascontiguousarray(a)).permute(2, 0, 1).float())
        ys.append(i % len(CLASSES))
    return torch.stack(xs), torch.tensor(ys)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--version", default="0.0.1-tiny")
    args = ap.parse_args(argv)
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    started = time.time()

    model = AMTENnet(len(CLASSES))
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    x, y = training_pictures(8, args.seed)
    for _ in range(args.steps):
        train_step(model, opt, x, y, label_smoothing=0.0)
    model.eval()
    with torch.no_grad():
        pred = model(x).argmax(1).tolist()

    write_weights(model, args.out, temperature=1.0, quantize="uint8")
    meta = {"architecture": "amtennet", "classes": CLASSES, "temperature": 1.0, "trainImages": len(x),
            "valImages": 0, "limitPerClass": 0, "recipe": f"tiny_export: {args.steps} Adam steps on generated pictures",
            "epochsRun": 1, "bestEpoch": 1, "hardware": "cpu", "minutes": round((time.time() - started) / 60, 3),
            "command": "python -m tracelens_train.tiny_export " + " ".join(argv or []), "data": ["generated pictures"]}
    metrics = {"split": "train", **compute_metrics(y.tolist(), pred)}
    card = model_card(meta, metrics, args.version, note="A tiny test run on generated pictures, not a detector",
                      model_id=TINY_ID)
    with open(os.path.join(args.out, "model-card.json"), "w") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    make_goldens_main(["--model-dir", args.out, "--out", os.path.join(args.out, "golden")])
    print(f"exported {TINY_ID} {args.version} to {args.out}")


if __name__ == "__main__":
    main()
