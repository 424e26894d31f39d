"""What one training image costs each architecture on this machine: parameters, multiply-adds per 128 px face
and measured milliseconds per image of a training step (train.py's step: channels_last, bf16 autocast for the
backbone), all architectures timed in one run, interleaved, so their ratios hold on a shared, noisy machine.

  python -m tracelens_train.cost --archs amtennet xception --threads 2
"""
import argparse
import json
import time

import torch

from .architectures import ARCHITECTURES, build_model
from .model import count_multiply_adds, count_parameters
from .step import train_step


def time_step(model, opt, x, y, bf16):
    t0 = time.perf_counter()
    train_step(model, opt, x, y, bf16=bf16)
    return time.perf_counter() - t0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--archs", nargs="+", choices=list(ARCHITECTURES), default=["amtennet", "xception"])
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--rounds", type=int, default=4, help="timed steps per architecture (after one warm-up step)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--no-bf16", dest="bf16", action="store_false")
    ap.add_argument("--train-images", type=int, default=27026, help="for the epoch estimate")
    args = ap.parse_args(argv)
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = (torch.rand(args.batch_size, 3, 128, 128) * 255).contiguous(memory_format=torch.channels_last)
    y = torch.arange(args.batch_size) % 4
    setups = {}
    for a in args.archs:
        m = build_model(a)
        stats = {"parameters": count_parameters(m), "multiplyAdds": count_multiply_adds(m)}
        m = m.to(memory_format=torch.channels_last)
        opt = torch.optim.Adam(m.parameters(), lr=1e-4)
        time_step(m, opt, x, y, args.bf16)  # warm-up
        setups[a] = (m, opt, stats, [])
    for _ in range(args.rounds):  # interleaved: every architecture sees the same machine load
        for a, (m, opt, _, times) in setups.items():
            times.append(time_step(m, opt, x, y, args.bf16))
    out = {}
    base = None
    for a, (_, _, stats, times) in setups.items():
        ms = 1000 * sorted(times)[len(times) // 2] / args.batch_size  # median step
        base = base or ms
        out[a] = {**stats, "msPerTrainingImage": round(ms, 2), "ratioToFirst": round(ms / base, 2),
                  "minutesPerEpoch": round(ms * args.train_images / 60000, 1)}
    print(json.dumps({"threads": args.threads, "batchSize": args.batch_size, "bf16": args.bf16, "architectures": out},
                     indent=2))
    return out


if __name__ == "__main__":
    main()
