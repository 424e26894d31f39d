"""A run cut off by a session's end and continued with --resume ends where an unbroken run ends."""
import json

import pytest
import torch

from tracelens_train import train
from tracelens_train.model import AMTENnet


def _run(tiny_data, tmp_path, name, *extra):
    return ["--data", tiny_data, "--out", str(tmp_path / name), "--epochs", "3", "--batch-size", "4",
            "--cache-dir", str(tmp_path / "cache"), "--device", "cpu", "--threads", "1", "--warmup-steps", "2",
            "--seed", "7", *extra]


def _weights(path):
    return torch.load(path, map_location="cpu", weights_only=False)["state_dict"]


def test_interrupted_and_resumed_run_matches_an_unbroken_run(tiny_data, tmp_path):
    whole = train.main(_run(tiny_data, tmp_path, "whole"))
    assert train.main(_run(tiny_data, tmp_path, "cut", "--stop-after-epoch", "1")) is None  # stopped, resumable
    assert not (tmp_path / "cut" / "model.pt").exists()
    assert torch.load(tmp_path / "cut" / "checkpoint.pt", weights_only=False)["epoch"] == 1
    resumed = train.main(["--resume", str(tmp_path / "cut"), "--threads", "1"])
    a, b = _weights(tmp_path / "whole" / "model.pt"), _weights(tmp_path / "cut" / "model.pt")
    assert a.keys() == b.keys()
    for k in a:
        assert torch.allclose(a[k].float(), b[k].float(), rtol=1e-5, atol=1e-6), k
    assert resumed["bestEpoch"] == whole["bestEpoch"] and resumed["epochsRun"] == 3
    assert abs(resumed["temperature"] - whole["temperature"]) < 1e-4
    hist = [json.loads(l) for l in open(tmp_path / "cut" / "history.jsonl")]
    assert [h["epoch"] for h in hist] == [1, 2, 3] and all(h["imagesPerSecond"] > 0 for h in hist)
    assert "--resume" in resumed["command"] and "--stop-after-epoch" in resumed["command"]


def test_resume_changes_the_outcome_if_the_random_state_is_not_restored(tiny_data, tmp_path):
    """Guards the test above: resuming without the sampler/augmentation state gives other weights."""
    train.main(_run(tiny_data, tmp_path, "whole"))
    train.main(_run(tiny_data, tmp_path, "cut", "--stop-after-epoch", "1"))
    ck_path = tmp_path / "cut" / "checkpoint.pt"
    ck = torch.load(ck_path, weights_only=False)
    ck["rng"]["sampler"] = torch.Generator().manual_seed(123).get_state()
    torch.save(ck, ck_path)
    train.main(["--resume", str(tmp_path / "cut"), "--threads", "1"])
    a, b = _weights(tmp_path / "whole" / "model.pt"), _weights(tmp_path / "cut" / "model.pt")
    assert any(not torch.allclose(a[k].float(), b[k].float(), rtol=1e-5, atol=1e-6) for k in a)


def test_bf16_keeps_the_amten_module_in_float32():
    m = AMTENnet(4).to(memory_format=torch.channels_last)
    x = (torch.rand(2, 3, 128, 128) * 255).contiguous(memory_format=torch.channels_last)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        logits, maps = m(x, return_maps=True)
    assert maps["fmt"].dtype == torch.float32 and maps["freu"].dtype == torch.float32
    assert maps["block4"].dtype == torch.bfloat16
    ref = m.conv1(x) - x
    assert torch.allclose(maps["fmt"], ref)


def test_residual_conv1_init_starts_fmt_as_a_high_pass_residual():
    m = AMTENnet(4)
    m.init_conv1_residual(torch.Generator().manual_seed(0))
    w = m.conv1.weight.detach()
    assert torch.allclose(w.sum(dim=(1, 2, 3)), torch.ones(3), atol=1e-5)
    flat = torch.full((1, 3, 32, 32), 200.0)
    fmt, _, _ = m.amten_maps(flat)
    assert fmt[..., 1:-1, 1:-1].abs().max() < 1e-3  # zero on flat regions (away from the zero padding)
    torch.manual_seed(0)
    d = AMTENnet(4)  # the xavier filler keeps much of the picture: Fmt of a flat image is far from 0
    fmt_d, _, _ = d.amten_maps(flat)
    assert fmt_d[..., 1:-1, 1:-1].abs().mean() > 10


def test_resume_can_replan_the_length_but_not_below_what_ran(tiny_data, tmp_path):
    train.main(_run(tiny_data, tmp_path, "cut", "--stop-after-epoch", "2"))
    with pytest.raises(SystemExit):
        train.main(["--resume", str(tmp_path / "cut"), "--epochs", "1"])
    meta = train.main(["--resume", str(tmp_path / "cut"), "--epochs", "4", "--threads", "1"])
    assert meta["epochsRun"] == 4 and meta["args"]["epochs"] == 4
    assert meta["args"]["seed"] == 7  # the run's own options are kept
