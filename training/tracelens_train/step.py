"""One training step (the 4-class loss, optionally beside a real-vs-manipulated one) and the exponential
moving average of the weights that train.py keeps beside the raw ones."""
import copy

import torch
import torch.nn.functional as F

from .model import after_step
from .source_critic import critic_loss


def binary_logit(logits):
    """log P(manipulated) - log P(real) of 4-class logits whose class 0 is `real`."""
    return torch.logsumexp(logits[:, 1:], 1) - logits[:, 0]


def pair_loss(logits, pairs):
    """Mean softplus(b_real - b_fake) over the batch's (real, fake) pairs, b the binary logit: each pair ranked by
    what alone tells its faces apart, the manipulation (a source both share cannot help). 0 without pairs."""
    if pairs is None or not len(pairs):
        return logits.new_zeros(())
    b = binary_logit(logits)
    return F.softplus(b[pairs[:, 0]] - b[pairs[:, 1]]).mean()


def train_step(model, opt, x, y, label_smoothing=0.1, bf16=False, binary_weight=0.0, class_weight=1.0,
               critic=None, sources=None, critic_weight=0.0, critic_scale=1.0, pairs=None, pair_weight=0.0):
    """One optimiser step. With bf16 the backbone runs under bfloat16 autocast (AMTEN stays float32).
    binary_weight adds a real-vs-manipulated cross-entropy on P(manipulated) = 1 - P(real), the
    decision the app states first (issue 23); class_weight scales the 4-class loss beside it. A critic
    (source_critic.py, its parameters in opt) adds critic_weight x its loss on `sources`, the features'
    gradient reversed times critic_scale. pair_weight adds pair_loss over `pairs` (flatten_pairs)."""
    model.train()
    with torch.autocast(device_type=x.device.type, dtype=torch.bfloat16, enabled=bf16):
        if critic is None:
            logits = model(x)
        else:
            logits, maps = model(x, return_maps=True)
    loss = class_weight * F.cross_entropy(logits.float(), y, label_smoothing=label_smoothing)
    if binary_weight:
        loss = loss + binary_weight * F.binary_cross_entropy_with_logits(binary_logit(logits.float()), (y != 0).float())
    if pair_weight:
        loss = loss + pair_weight * pair_loss(logits.float(), pairs)
    if critic is not None:
        critic.train()
        c_loss = critic_loss(critic, maps["flat"], y, sources, critic_scale)
        critic.last_loss = float(c_loss.item())  # the trainer logs how well the critic names the sources
        loss = loss + critic_weight * c_loss
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    after_step(model)  # a constrained front end's constraint (baselines.py); nothing for other models
    return float(loss.item())


class WeightEMA:
    """Exponential moving average of the parameters (buffers, i.e. BN statistics, are copied).

    The decay ramps up as min(decay, (1 + t) / (10 + t)) so that early averages are not dominated
    by the random initialisation."""

    def __init__(self, model, decay):
        self.decay = decay
        self.updates = 0
        self.model = copy.deepcopy(model).eval()
        for p in self.model.parameters():
            p.requires_grad_(False)

    @torch.no_grad()
    def update(self, model):
        self.updates += 1
        d = min(self.decay, (1 + self.updates) / (10 + self.updates))
        for e, p in zip(self.model.parameters(), model.parameters()):
            e.mul_(d).add_(p.detach(), alpha=1 - d)
        for e, b in zip(self.model.buffers(), model.buffers()):
            e.copy_(b)

    def state_dict(self):
        return {"decay": self.decay, "updates": self.updates, "model": self.model.state_dict()}

    def load_state_dict(self, state):
        self.decay, self.updates = state["decay"], state["updates"]
        self.model.load_state_dict(state["model"])
