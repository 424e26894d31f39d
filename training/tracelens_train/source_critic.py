"""A source critic behind a gradient reversal (issue 23, the "source-adversarial" variant).

The model learned which data set a face comes from. The critic is a small head that tries to tell, from the
network's 6272-d features and the face's true class, which source the face came from; its gradient reaches the
network reversed (Ganin & Lempitsky 2015), so training pushes the features to hide the source *inside a class*
while the class itself stays free to be read (the critic is given it). A self-blended twin keeps its real face's
source, so "manipulated" is not one look either. The critic is training-only: the app never sees it.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def source_name(row):
    """The source a row came from, whatever its class: "<data set>/<source>" (a row's sampling key without its label)."""
    return row["key"].rsplit("/", 1)[0]


def source_ids(rows):
    """(an index per row, the sorted source names) over the training rows."""
    names = sorted({source_name(r) for r in rows})
    index = {n: i for i, n in enumerate(names)}
    return [index[source_name(r)] for r in rows], names


class _Reverse(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, scale):
        ctx.scale = scale
        return x.view_as(x)

    @staticmethod
    def backward(ctx, grad):
        return -ctx.scale * grad, None


def reverse_gradient(x, scale):
    """Identity forward; the gradient times -scale backward."""
    return _Reverse.apply(x, scale)


def ramp(progress):
    """DANN's schedule for the reversal's strength: 0 at the start, ~1 after half the run (2 / (1 + e^-10p) - 1)."""
    return 2.0 / (1.0 + math.exp(-10.0 * min(max(progress, 0.0), 1.0))) - 1.0


class SourceCritic(nn.Module):
    """features (N x in_features) and class (N) -> source logits, through one hidden layer."""

    def __init__(self, in_features, num_classes, num_sources, hidden=256):
        super().__init__()
        self.num_classes = num_classes
        self.hidden = nn.Linear(in_features + num_classes, hidden)
        self.out = nn.Linear(hidden, num_sources)

    def forward(self, features, classes):
        onehot = F.one_hot(classes, self.num_classes).to(features.dtype)
        return self.out(F.relu(self.hidden(torch.cat([features, onehot], 1))))


def critic_loss(critic, features, classes, sources, scale):
    """Cross-entropy of the critic on the sources, with the features' gradient reversed (times scale): the
    critic learns to name the source, the network learns to hide it."""
    logits = critic(reverse_gradient(features.float(), scale), classes)
    return F.cross_entropy(logits, sources)
