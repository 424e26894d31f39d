"""checkpoints.py and selection.py: the boundary train.py's loop writes and reads through. checkpoint.pt keeps
the keys every run so far was written with (so runs started by older code resume), puts every state back, and
a model.pt of an older run still loads."""
import argparse
import os
import random

import numpy as np
import torch

from tracelens_train.architectures import build_model
from tracelens_train.checkpoints import (load_checkpoint, load_training_state, restore_training_state, save_model,
                                        save_training_state)
from tracelens_train.data import Augment, balanced_sampler
from tracelens_train.selection import initial_best, update_best
from tracelens_train.step import WeightEMA
from tracelens_train.trainer import cosine_schedule

# The keys of checkpoint.pt as train.py has written them since --resume existed.
CHECKPOINT_KEYS = {"epoch", "args", "model", "optimizer", "scheduler", "ema", "rng", "best", "history", "epochTimes",
                   "minutes", "command"}


def _parts(seed):
    torch.manual_seed(seed)
    model = build_model("model-base")
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    return (model, opt, cosine_schedule(opt, 2, 10), WeightEMA(model, 0.9),
            balanced_sampler([0, 1, 2, 3] * 3, seed=seed), Augment(rng=random.Random(seed)))


def test_a_training_state_written_and_restored_gives_every_state_back(tmp_path):
    model, opt, sched, ema, sampler, augment = _parts(0)
    x, y = torch.rand(4, 3, 128, 128) * 255, torch.tensor([0, 1, 2, 3])
    torch.nn.functional.cross_entropy(model(x), y).backward()
    opt.step()
    sched.step()
    ema.update(model)
    list(iter(sampler))  # move the sampler's and the augmentation's streams on
    augment.rng.random()
    args = argparse.Namespace(arch="model-base", seed=0, epochs=5)
    save_training_state(str(tmp_path), epoch=1, args=args, model=model, optimizer=opt, scheduler=sched, ema=ema,
                        sampler=sampler, augment=augment, best={"balancedAccuracy": 0.5, "epoch": 1, "weights": "raw"},
                        history=[{"epoch": 1}], epoch_times=[3.0], minutes=0.5, command="python -m x")
    want_draws = (list(iter(sampler)), augment.rng.random(), random.random(), np.random.rand(), torch.rand(1))

    ck = load_training_state(str(tmp_path))
    assert set(ck) == CHECKPOINT_KEYS and ck["args"] == vars(args)
    assert ck["scheduler"]["lr_lambdas"] == [None]  # no copy of the schedule's length: --epochs can re-plan it
    fresh = _parts(1)
    best, history, epoch_times, start, minutes = restore_training_state(
        ck, model=fresh[0], optimizer=fresh[1], scheduler=fresh[2], ema=fresh[3], sampler=fresh[4], augment=fresh[5])
    assert (best["balancedAccuracy"], history, epoch_times, start, minutes) == (0.5, [{"epoch": 1}], [3.0], 2, 0.5)
    for a, b in ((model, fresh[0]), (ema.model, fresh[3].model)):
        assert all(torch.equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))
    assert fresh[2].last_epoch == sched.last_epoch and fresh[3].updates == 1
    got_draws = (list(iter(fresh[4])), fresh[5].rng.random(), random.random(), np.random.rand(), torch.rand(1))
    assert got_draws[:4] == want_draws[:4] and torch.equal(got_draws[4], want_draws[4])


def test_a_model_pt_from_before_arch_existed_loads_by_its_variant(tmp_path):
    torch.manual_seed(0)
    model = build_model("model-base").eval()
    meta = {"classes": ["real", "identity", "attribute", "splice"], "variant": "base", "temperature": 1.3}
    path = save_model(model, meta, str(tmp_path))
    assert os.path.exists(tmp_path / "meta.json")
    back, back_meta = load_checkpoint(path)
    assert back.arch == "model-base" and back_meta == meta
    x = torch.rand(2, 3, 128, 128) * 255
    with torch.no_grad():
        assert torch.equal(back(x), model(x))


def test_the_ema_is_kept_only_when_it_beats_the_raw_weights_and_the_best_so_far():
    m = lambda bal: ({"balancedAccuracy": bal}, 0.0)  # noqa: E731
    best, winner = update_best(initial_best(), {"raw": m(0.6), "ema": m(0.6)}, {"raw": 0.6, "ema": 0.6}, 1, "x")
    assert winner == "raw" and best["weights"] == "raw" and best["epoch"] == 1  # a tie keeps the raw weights
    best, winner = update_best(best, {"raw": m(0.65), "ema": m(0.7)}, {"raw": 0.65, "ema": 0.7}, 2, "x")
    assert winner == "ema" and (best["epoch"], best["score"]) == (2, 0.7)
    best, winner = update_best(best, {"raw": m(0.69), "ema": m(0.7)}, {"raw": 0.69, "ema": 0.7}, 3, "x")
    assert winner is None and best["epoch"] == 2


def test_select_by_last_keeps_every_epochs_ema_whatever_val_says():
    from tracelens_train.selection import selection_score
    m = lambda bal: ({"balancedAccuracy": bal}, 0.0)  # noqa: E731
    best = initial_best()
    for epoch, bal in ((1, 0.7), (2, 0.3)):  # val worse at epoch 2: "last" keeps it anyway
        s = selection_score("last", m(bal)[0], None, None, None)
        best, winner = update_best(best, {"raw": m(bal), "ema": m(bal)}, {"raw": s, "ema": s}, epoch, "last")
        assert winner == "ema" and (best["epoch"], best["weights"]) == (epoch, "ema")
