"""How far apart two architectures are, given that seeds scatter: mean ± sd over seeds, the seed-to-seed spread
pooled over the rows of the comparison, and a difference of means with its 95 % interval (compare.py's tables).
`results` is compare.collect()'s: {architecture: {"runs": [one record per seed, ...], ...}}."""
import statistics


def mean_sd_cell(values, digits=3):
    """A table cell: the value of one seed, or the mean ± sample standard deviation of several."""
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


# Two-sided 95 % quantiles of Student's t by degrees of freedom; past 20, 20's value (slightly wide).
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
       2.120, 2.110, 2.101, 2.093, 2.086]


def pooled_sd(results, key):
    """The seed-to-seed standard deviation of `key`, pooled over every architecture with two seeds or more,
    and its degrees of freedom; (None, 0) while no architecture has two seeds."""
    ss, df = 0.0, 0
    for r in results.values():
        v = [x[key] for x in r["runs"]]
        if len(v) > 1:
            m = statistics.mean(v)
            ss += sum((x - m) ** 2 for x in v)
            df += len(v) - 1
    return ((ss / df) ** 0.5, df) if df else (None, 0)


def difference(results, arch, key, ref="amtennet"):
    """AMTENnet's mean minus `arch`'s mean of `key`, with a 95 % interval from the pooled seed spread (the
    same spread assumed for every architecture: the baselines with one seed have none of their own)."""
    a, b = [x[key] for x in results[ref]["runs"]], [x[key] for x in results[arch]["runs"]]
    d = statistics.mean(a) - statistics.mean(b)
    sd, df = pooled_sd(results, key)
    if sd is None:
        return d, None, "not measured: no architecture has two seeds"
    half = T95[min(df, len(T95)) - 1] * sd * (1 / len(a) + 1 / len(b)) ** 0.5
    if d - half > 0:
        verdict = "AMTENnet ahead"
    elif d + half < 0:
        verdict = "AMTENnet behind"
    else:
        verdict = "no difference shown"
    return d, half, verdict
