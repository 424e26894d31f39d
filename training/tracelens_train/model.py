"""AMTENnet (Guo et al., CVIU 2021), re-implemented from docs/AMTENNET.md.

Input: float N x 3 x 128 x 128, RGB, raw 0..255 (no normalisation).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# Caffe's moving_average_fraction 0.999 == PyTorch momentum 0.001.
BN_EPS = 1e-5
BN_MOMENTUM = 0.001


class CaffeBatchNorm2d(nn.BatchNorm2d):
    """BatchNorm2d whose running statistics follow Caffe's BatchNorm layer.

    Caffe keeps sum_t = f * sum_{t-1} + x_t and a normaliser s_t = f * s_{t-1} + 1 and uses
    sum_t / s_t (f = 0.999): an exponential moving average with momentum 1 - f that is
    bias-corrected, i.e. it does not start from the mean 0 / variance 1 prior. That equals an EMA
    whose momentum at update t is 1 / s_t, which tends to 0.001. Without this correction a short
    run (a few thousand iterations) would leave the running statistics near their initial values.
    Inference is plain batch norm with the stored moving mean / variance (eps 1e-5).
    """

    def __init__(self, num_features):
        super().__init__(num_features, eps=BN_EPS, momentum=BN_MOMENTUM)

    def forward(self, x):
        if self.training and self.track_running_stats:
            n = int(self.num_batches_tracked.item())  # updates done so far
            f = 1.0 - BN_MOMENTUM
            s = (1.0 - f ** (n + 1)) / (1.0 - f)
            self.momentum = max(1.0 / s, BN_MOMENTUM)
        return super().forward(x)


def npr(x):
    """Neighbouring pixel relationships (Tan et al., CVPR 2024): x minus its 2x nearest-neighbour down-and-up
    sampled copy. A fixed residual that keeps the up-sampling grid a generator leaves; float32."""
    down = x[:, :, ::2, ::2]
    return x - down.repeat_interleave(2, dim=2).repeat_interleave(2, dim=3)[:, :, :x.shape[2], :x.shape[3]]


class AMTENnet(nn.Module):
    """AMTENnet; ``amten=False`` gives the paper's "Model-base" (no AMTEN module), and ``amten=False`` with
    a ``front`` module gives a hybrid: that front end (baselines.py) in AMTEN's place. ``with_npr`` adds the
    fixed NPR residual (3 channels) beside AMTEN's learned ones before conv4 (issue 23, item 4). ``rms_fmt``
    divides each face's Fmt by its root mean square, so that how strong a face's traces are overall (its
    sharpness, noise and compression) stops being a clue and only where and how they vary within the face is left
    (issue 23: unseen sharp real photos read as manipulated, dull DFDC frames as real). ``width`` multiplies the
    channels of conv4-conv7 (issue 23 item 5 allows a wider network at a measured browser cost). ``local``
    classifies every 39 px patch of the face instead of the whole face (Chai et al., ECCV 2020, "What makes fake
    images detectable?": patch classifiers with small receptive fields generalise better to unseen generators):
    conv7 and a 1x1 classifier read each position of block6 (14 x 14, stride 8 px), and the face's logits are
    the mean of the positions' logits, so the face's overall look (pose, framing, a data set's style) can only
    enter through what 39 px patches show."""

    def __init__(self, num_classes=4, amten=True, front=None, with_npr=False, rms_fmt=False, width=1.0,
                 local=False):
        super().__init__()
        if amten and front is not None:
            raise ValueError("a front end replaces AMTEN: pass amten=False with it")
        if with_npr and not amten:
            raise ValueError("NPR goes beside AMTEN's maps")
        self.num_classes = num_classes
        self.amten = amten
        self.front = front
        self.with_npr = with_npr
        self.rms_fmt = rms_fmt
        if rms_fmt and (with_npr or not amten):
            raise ValueError("rms_fmt normalises AMTEN's Fmt: AMTENnet alone")
        if width != 1.0 and (with_npr or rms_fmt or not amten):
            raise ValueError("width widens plain AMTENnet's backbone")
        if local and (with_npr or rms_fmt or width != 1.0 or not amten):
            raise ValueError("local reads plain AMTENnet's block6 patch by patch")
        self.local = local
        self.arch = ("amtennet-npr" if with_npr else "amtennet-rms" if rms_fmt else
                     "amtennet-wide" if width != 1.0 else "amtennet-local" if local else "amtennet") if amten else (
            front.arch if front is not None else "model-base")
        if amten:
            # AMTEN module: linear, no activation, no BN. conv1's bias is fixed at 0 (no parameter).
            self.conv1 = nn.Conv2d(3, 3, 3, padding=1, bias=False)
            self.conv2_1 = nn.Conv2d(3, 3, 3, padding=1)
            self.conv2_2 = nn.Conv2d(3, 3, 3, padding=1)
            self.conv3_1 = nn.Conv2d(6, 6, 3, padding=1)
            self.conv3_2 = nn.Conv2d(6, 6, 3, padding=1)
        in4 = (15 if with_npr else 12) if amten else (front.out_channels if front is not None else 3)
        c4, c5, c6, c7 = (round(c * width) for c in (24, 48, 64, 128))  # the paper's widths at width 1
        self.conv4 = nn.Conv2d(in4, c4, 3, padding=1)
        self.bn4 = CaffeBatchNorm2d(c4)
        self.conv5 = nn.Conv2d(c4, c5, 3, padding=0)
        self.bn5 = CaffeBatchNorm2d(c5)
        self.conv6 = nn.Conv2d(c5, c6, 3, padding=0)
        self.bn6 = CaffeBatchNorm2d(c6)
        self.conv7 = nn.Conv2d(c6, c7, 1)
        self.pool = nn.MaxPool2d(3, stride=2, ceil_mode=True)  # Caffe rounds pooled sizes up
        if local:
            self.head = nn.Conv2d(c7, num_classes, 1)  # one patch's logits
        else:
            self.fc0 = nn.Linear(c7 * 7 * 7, 300)  # 6272 at width 1
            self.fc1 = nn.Linear(300, 300)
            self.fc2 = nn.Linear(300, num_classes)
        self.reset_parameters()

    def reset_parameters(self):
        """Caffe "xavier" filler: uniform +-sqrt(3 / fan_in); biases 0; BN gamma 1, beta 0. A front end
        (baselines.py) has no Conv2d module and keeps its own initialisation."""
        for m in self.modules():
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                fan_in = m.weight[0].numel()
                a = math.sqrt(3.0 / fan_in)
                nn.init.uniform_(m.weight, -a, a)
                if m.bias is not None:
                    nn.init.zeros_(m.bias)
            elif isinstance(m, nn.BatchNorm2d):
                m.reset_parameters()

    def init_conv1_residual(self, generator=None):
        """Start Fmt as a small high-pass residual instead of a tinted copy of the picture.

        conv1 = identity + zero-sum noise: each output channel's 27 taps sum to exactly 1 and its own
        centre tap is about 1, so Fmt = conv1(I) - I is zero on flat regions at step 0 and the network
        starts from a map of local differences (what the paper means by traces). The noise has the
        xavier filler's scale, so the learning signal is as strong as with the default init."""
        w = self.conv1.weight
        a = math.sqrt(3.0 / w[0].numel())
        with torch.no_grad():
            noise = (torch.rand(w.shape, generator=generator) * 2 - 1) * a
            noise -= noise.mean(dim=(1, 2, 3), keepdim=True)  # zero sum per output channel
            ident = torch.zeros_like(w)
            for c in range(w.shape[0]):
                ident[c, c, 1, 1] = 1.0
            w.copy_(ident + noise)

    def amten_maps(self, x):
        """Return (Fmt, F1, Freu) of the AMTEN module.

        Always float32, also under bf16 autocast: Fmt = conv1(I) - I subtracts two numbers near 255,
        and in bf16 (8 bits of mantissa) their difference is lost."""
        with torch.autocast(device_type=x.device.type, enabled=False):
            x = x.float()
            fmt = self.conv1(x) - x  # learned residual: manipulation traces, content suppressed
            if self.rms_fmt:
                fmt = fmt / (fmt.pow(2).mean(dim=(1, 2, 3), keepdim=True).sqrt() + 1e-3)
            f1 = torch.cat([self.conv2_2(self.conv2_1(fmt)), fmt], dim=1)
            freu = torch.cat([self.conv3_2(self.conv3_1(f1)), f1], dim=1)
        return fmt, f1, freu

    def features(self, x):
        """Everything up to (and including) the 6272-d flatten, plus intermediate maps."""
        maps = {}
        if self.amten:
            fmt, f1, freu = self.amten_maps(x)
            maps["fmt"], maps["f1"], maps["freu"] = fmt, f1, freu
            h = freu
            if self.with_npr:
                with torch.autocast(device_type=x.device.type, enabled=False):
                    h = torch.cat([freu, npr(x.float())], dim=1)
        elif self.front is not None:
            h = self.front(x)  # float32 residual (baselines.py)
            maps["front"] = h
        else:
            h = x
        h = self.bn4(F.relu(self.pool(self.conv4(h))))
        maps["block4"] = h
        h = self.bn5(F.relu(self.pool(self.conv5(h))))
        maps["block5"] = h
        h = self.bn6(F.relu(self.pool(self.conv6(h))))
        maps["block6"] = h
        if self.local:  # every position of block6 on its own: no pooling, no flatten
            h = F.relu(self.conv7(h))
            maps["block7"] = h
            maps["flat"] = h.mean(dim=(2, 3))  # the face's feature vector (source critic, source probe)
            return maps["flat"], maps
        h = F.relu(self.pool(self.conv7(h)))  # no BN after conv7
        maps["block7"] = h
        flat = torch.flatten(h, 1)  # PyTorch/Caffe order C,H,W (export re-orders fc0 rows to H,W,C)
        maps["flat"] = flat
        return flat, maps

    def forward(self, x, return_maps=False):
        flat, maps = self.features(x)
        if self.local:
            maps["patch_logits"] = self.head(maps["block7"])
            logits = maps["patch_logits"].float().mean(dim=(2, 3))  # the mean of the patches' logits
        else:
            logits = self.fc2(self.fc1(self.fc0(flat)))  # no activation between fc layers (as the paper)
        if return_maps:
            return logits, maps
        return logits


def architecture_of(model):
    return model.arch


def after_step(model):
    """Re-impose a constrained layer's constraint after an optimiser step (Bayar & Stamm); no-op otherwise."""
    project = getattr(getattr(model, "front", None), "project", None)
    if project is not None:
        project()


def count_parameters(model):
    """Trainable parameters (a fixed front end's filters are buffers, not parameters)."""
    return sum(p.numel() for p in model.parameters())


def count_multiply_adds(model, size=128):
    """Multiply-adds of one forward pass on a size x size face: every convolution (a front end's too) and
    dense layer, counted from the shapes a real forward pass produces."""
    total = [0]

    def conv_hook(m, inp, out):
        total[0] += out[0].numel() * m.weight[0].numel()  # weight[0] holds one output's taps (in / groups x k x k)

    def dense_hook(m, inp, out):
        total[0] += m.in_features * m.out_features

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d) or m is getattr(model, "front", None):  # a front end is one convolution
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(dense_hook))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, 3, size, size))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return total[0]
