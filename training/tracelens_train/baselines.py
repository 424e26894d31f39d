"""The baselines of the AMTENnet paper's comparison (issue 12), re-implemented from their papers.

Front ends that take AMTEN's place in front of AMTENnet's backbone (the "hybrids"):
- ConstrainedConv (Bayar & Stamm 2018, MISLnet's first layer): a learned 5x5 convolution whose every 2-D
  kernel is a prediction-error filter, centre tap -1 and the other taps summing to 1, re-imposed after each
  optimiser step (``project``);
- SRMFilters (Zhou et al. 2018): the three fixed SRM high-pass kernels of their noise stream;
- MoResidual (Mo et al. 2018): a fixed 3x3 second-order high-pass residual, taken on each colour channel.
Each maps the raw 0..255 RGB image to a residual with ``out_channels`` channels and runs in float32 (like
AMTEN, the residual of two numbers near 255 would be lost in bf16).

Whole networks from Afchar et al. 2018, at this data set's 128 px input instead of their 256 px:
- Meso4: four conv + batch norm + max-pool blocks, then dense 16 (LeakyReLU 0.1) and the classifier, dropout
  0.5 before each dense layer;
- MesoInception4: the same with its first two blocks replaced by inception modules (1x1, 3x3, and 3x3 dilated
  by 2 and 3 branches).
They scale pixels to 0..1 themselves, so every model takes the same raw 0..255 input.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def _no_autocast(x):
    return torch.autocast(device_type=x.device.type, enabled=False)


class ConstrainedConv(nn.Module):
    """Bayar & Stamm's constrained convolution: 3 -> 3 channels, 5x5, no bias."""

    arch = "constrained-hybrid"
    kernel_size = 5
    out_channels = 3

    def __init__(self):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(self.out_channels, 3, self.kernel_size, self.kernel_size))
        a = math.sqrt(3.0 / self.weight[0].numel())
        nn.init.uniform_(self.weight, -a, a)
        self.project()

    @torch.no_grad()
    def project(self):
        """Centre tap -1, the other taps of each 2-D kernel rescaled to sum to 1 (Bayar & Stamm's rule).

        A kernel whose off-centre taps sum to almost 0 cannot be rescaled; it is reset to the mean filter
        of its neighbours (each 1/24), which satisfies the constraint."""
        w = self.weight
        c = self.kernel_size // 2
        w[:, :, c, c] = 0
        s = w.sum(dim=(2, 3), keepdim=True)
        tiny = s.abs() < 1e-6
        w.copy_(torch.where(tiny, torch.full_like(w, 1.0 / (self.kernel_size ** 2 - 1)), w / torch.where(tiny, 1.0, s)))
        w[:, :, c, c] = -1

    def forward(self, x):
        with _no_autocast(x):
            return F.conv2d(x.float(), self.weight, padding=self.kernel_size // 2)


class FixedResidual(nn.Module):
    """A fixed (never trained) high-pass filter bank, stored as a buffer named ``weight``."""

    def __init__(self, weight, arch):
        super().__init__()
        self.arch = arch
        self.register_buffer("weight", weight)
        self.out_channels = weight.shape[0]
        self.kernel_size = weight.shape[-1]

    def forward(self, x):
        with _no_autocast(x):
            return F.conv2d(x.float(), self.weight, padding=self.kernel_size // 2)


def srm_kernels():
    """Zhou et al.'s three SRM kernels (5x5), each applied to all three colour channels and summed."""
    k1 = torch.tensor([[0, 0, 0, 0, 0], [0, -1, 2, -1, 0], [0, 2, -4, 2, 0], [0, -1, 2, -1, 0], [0, 0, 0, 0, 0]]) / 4
    k2 = torch.tensor([[-1, 2, -2, 2, -1], [2, -6, 8, -6, 2], [-2, 8, -12, 8, -2], [2, -6, 8, -6, 2],
                       [-1, 2, -2, 2, -1]]) / 12
    k3 = torch.tensor([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 1, -2, 1, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]) / 2
    return torch.stack([k.float().expand(3, 5, 5) for k in (k1, k2, k3)])  # out 3, in 3, 5, 5


def mo_kernels():
    """Mo et al.'s high-pass residual: the 3x3 second-order kernel on each colour channel separately."""
    k = torch.tensor([[-1, 2, -1], [2, -4, 2], [-1, 2, -1]]).float() / 4
    w = torch.zeros(3, 3, 3, 3)
    for c in range(3):
        w[c, c] = k
    return w


def SRMFilters():
    return FixedResidual(srm_kernels(), "srm-hybrid")


def MoResidual():
    return FixedResidual(mo_kernels(), "mo-hybrid")


class _ConvBNPool(nn.Sequential):
    def __init__(self, cin, cout, k, pool):
        super().__init__(nn.Conv2d(cin, cout, k, padding=k // 2), nn.ReLU(), nn.BatchNorm2d(cout),
                         nn.MaxPool2d(pool, pool))


class _Inception(nn.Module):
    """MesoInception's module: 1x1 (a), 1x1 -> 3x3 (b), 1x1 -> 3x3 dilated 2 (c), 1x1 -> 3x3 dilated 3 (d)."""

    def __init__(self, cin, a, b, c, d):
        super().__init__()
        self.a = nn.Conv2d(cin, a, 1)
        self.b = nn.Sequential(nn.Conv2d(cin, b, 1), nn.ReLU(), nn.Conv2d(b, b, 3, padding=1))
        self.c = nn.Sequential(nn.Conv2d(cin, c, 1), nn.ReLU(), nn.Conv2d(c, c, 3, padding=2, dilation=2))
        self.d = nn.Sequential(nn.Conv2d(cin, d, 1), nn.ReLU(), nn.Conv2d(d, d, 3, padding=3, dilation=3))
        self.out_channels = a + b + c + d

    def forward(self, x):
        return F.relu(torch.cat([self.a(x), self.b(x), self.c(x), self.d(x)], 1))


class _MesoBase(nn.Module):
    amten = False
    front = None

    def __init__(self, blocks, num_classes):
        super().__init__()
        self.num_classes = num_classes
        self.blocks = blocks
        # 128 px: 128 -> 64 -> 32 -> 16 -> 4, so 4 x 4 x 16 features.
        self.drop0 = nn.Dropout(0.5)
        self.fc0 = nn.Linear(16 * 4 * 4, 16)
        self.drop1 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(16, num_classes)

    def forward(self, x):
        h = self.blocks(x / 255.0)
        h = F.leaky_relu(self.fc0(self.drop0(torch.flatten(h, 1))), 0.1)
        return self.fc1(self.drop1(h))


class Meso4(_MesoBase):
    arch = "meso4"

    def __init__(self, num_classes=4):
        super().__init__(nn.Sequential(_ConvBNPool(3, 8, 3, 2), _ConvBNPool(8, 8, 5, 2), _ConvBNPool(8, 16, 5, 2),
                                       _ConvBNPool(16, 16, 5, 4)), num_classes)


class MesoInception4(_MesoBase):
    arch = "mesoinception4"

    def __init__(self, num_classes=4):
        i1 = _Inception(3, 1, 4, 4, 2)
        i2 = _Inception(i1.out_channels, 2, 4, 4, 2)
        super().__init__(nn.Sequential(
            i1, nn.BatchNorm2d(i1.out_channels), nn.MaxPool2d(2, 2),
            i2, nn.BatchNorm2d(i2.out_channels), nn.MaxPool2d(2, 2),
            _ConvBNPool(i2.out_channels, 16, 5, 2), _ConvBNPool(16, 16, 5, 4)), num_classes)


class _SeparableConv(nn.Sequential):
    """Depthwise 3x3 then pointwise 1x1, no bias (batch norm follows)."""

    def __init__(self, cin, cout):
        super().__init__(nn.Conv2d(cin, cin, 3, padding=1, groups=cin, bias=False), nn.Conv2d(cin, cout, 1, bias=False))


class _XceptionBlock(nn.Module):
    """``reps`` x (ReLU, separable conv, BN), optionally a 3x3 stride-2 max-pool, plus a residual shortcut."""

    def __init__(self, cin, cout, reps, stride, relu_first=True, grow_first=True):
        super().__init__()
        layers, c = [], cin
        for i in range(reps):
            out = cout if (grow_first and i == 0) or (not grow_first and i == reps - 1) else c
            layers += [nn.ReLU(), _SeparableConv(c, out), nn.BatchNorm2d(out)]
            c = out
        if not relu_first:
            layers = layers[1:]
        if stride != 1:
            layers.append(nn.MaxPool2d(3, stride, padding=1))
        self.body = nn.Sequential(*layers)
        self.skip = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
                     if cin != cout or stride != 1 else nn.Identity())

    def forward(self, x):
        return self.body(x) + self.skip(x)


class Xception(nn.Module):
    """XceptionNet (Chollet 2017), the paper's heaviest baseline: entry flow, 8 middle-flow blocks of 728
    channels, exit flow, global average pooling and the classifier. Defined here to measure what training it
    from scratch would cost on this machine (compare.py / cost.py); too heavy to train on 2 CPU cores."""

    amten = False
    front = None
    arch = "xception"

    def __init__(self, num_classes=4):
        super().__init__()
        self.num_classes = num_classes
        self.stem = nn.Sequential(nn.Conv2d(3, 32, 3, 2, bias=False), nn.BatchNorm2d(32), nn.ReLU(),
                                  nn.Conv2d(32, 64, 3, bias=False), nn.BatchNorm2d(64), nn.ReLU())
        self.entry = nn.Sequential(_XceptionBlock(64, 128, 2, 2, relu_first=False), _XceptionBlock(128, 256, 2, 2),
                                   _XceptionBlock(256, 728, 2, 2))
        self.middle = nn.Sequential(*[_XceptionBlock(728, 728, 3, 1) for _ in range(8)])
        self.exit = nn.Sequential(_XceptionBlock(728, 1024, 2, 2, grow_first=False),
                                  _SeparableConv(1024, 1536), nn.BatchNorm2d(1536), nn.ReLU(),
                                  _SeparableConv(1536, 2048), nn.BatchNorm2d(2048), nn.ReLU())
        self.fc = nn.Linear(2048, num_classes)

    def forward(self, x):
        h = self.exit(self.middle(self.entry(self.stem(x / 127.5 - 1))))
        return self.fc(torch.flatten(F.adaptive_avg_pool2d(h, 1), 1))
