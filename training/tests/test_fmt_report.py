"""fmt_report tells a residual Fmt from one that is the picture itself."""
import torch

from tracelens_train.fmt_report import conv1_filters, fmt_report
from tracelens_train.model import AMTENnet


def _images():
    g = torch.Generator().manual_seed(0)
    yy, xx = torch.meshgrid(torch.arange(128.0), torch.arange(128.0), indexing="ij")
    base = 120 + 80 * torch.sin(xx / 17) * torch.cos(yy / 23)  # smooth "picture"
    return [(base + 10 * torch.rand(128, 128, generator=g)).expand(3, -1, -1).clone() for _ in range(4)]


def test_a_zero_conv1_leaves_the_whole_picture_in_fmt():
    m = AMTENnet(4)
    with torch.no_grad():
        m.conv1.weight.zero_()
    r = fmt_report(m, _images())
    assert all(abs(f["tapSum"]) < 1e-9 and abs(f["dcGain"] + 1) < 1e-9 for f in r["filters"])
    assert min(r["pictureR2"].values()) > 0.999  # Fmt = -I
    assert min(r["lowFrequencyShare"].values()) > 0.9


def test_a_laplacian_conv1_leaves_a_residual():
    m = AMTENnet(4)
    with torch.no_grad():
        w = torch.zeros(3, 3, 3, 3)
        for c in range(3):
            # half the 4-neighbour mean plus half the pixel: taps sum to 1, so Fmt is zero on flat regions
            w[c, c] = torch.tensor([[0.0, 0.125, 0.0], [0.125, 0.5, 0.125], [0.0, 0.125, 0.0]])
        m.conv1.weight.copy_(w)
    r = fmt_report(m, _images())
    assert all(abs(f["tapSum"] - 1) < 1e-6 for f in r["filters"])
    assert max(r["pictureR2"].values()) < 0.2
    assert max(r["lowFrequencyShare"].values()) < 0.5
    assert conv1_filters(m)[0]["centreTap"] == 0.5
