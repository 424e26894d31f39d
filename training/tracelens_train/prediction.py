"""A model's outputs on faces: logits from a loader (the training cache) or from the original files read with the
app's pipeline, calibrated probabilities, and P(manipulated) = 1 - P(real), the app's first decision."""
import torch

from .data import FileDataset


def to_layout(x, channels_last):
    return x.contiguous(memory_format=torch.channels_last) if channels_last else x


@torch.no_grad()
def predict_logits(model, loader, device, channels_last=False):
    """(float32 logits, labels) of every batch of loader, in eval mode. When the loader's dataset has `owners`
    (patches.PatchDataset: several patches of one face, in order), a face's logits are the mean over its patches."""
    model.eval()
    out, ys = [], []
    for x, y in loader:
        out.append(model(to_layout(x.to(device), channels_last)).float().cpu())
        ys.append(torch.as_tensor(y))
    logits, ys = torch.cat(out), torch.cat(ys)
    owners = getattr(loader.dataset, "owners", None)
    if owners is None:
        return logits, ys
    n = int(owners.max()) + 1 if len(owners) else 0
    count = torch.zeros(n).index_add_(0, owners, torch.ones(len(owners)))
    mean = torch.zeros(n, logits.shape[1]).index_add_(0, owners, logits) / count[:, None]
    return mean, torch.zeros(n, dtype=ys.dtype).index_copy_(0, owners, ys)  # a face's patches share its label


@torch.no_grad()
def predict_files(model, rows, data_dir, device="cpu", jpeg_quality=None, batch_size=64, tta=None):
    """Raw logits for rows, read with the app's pipeline. tta="flip" averages the logits of the image
    and its mirror image."""
    ds = FileDataset(rows, data_dir, jpeg_quality)
    loader = torch.utils.data.DataLoader(ds, batch_size=batch_size)
    model.eval().to(memory_format=torch.channels_last)  # 2-3x faster on a CPU; same arithmetic up to rounding
    out = []
    for x, _ in loader:
        x = x.to(device).contiguous(memory_format=torch.channels_last)
        logits = model(x).float()
        if tta == "flip":
            logits = (logits + model(torch.flip(x, dims=[3])).float()) / 2
        out.append(logits.cpu())
    return torch.cat(out)


def calibrated_probs(logits, meta):
    """softmax(logits / T + b): the checkpoint's temperature and logit bias (an exported model has
    both baked into fc2, so its meta says T = 1, b = 0)."""
    bias = torch.tensor(meta.get("logitBias") or [0.0] * logits.shape[1], dtype=logits.dtype)
    return torch.softmax(logits / meta.get("temperature", 1.0) + bias, 1)


def p_manipulated(logits_or_probs, are_probs=False):
    """P(manipulated) = 1 - P(real) (class 0), from logits (softmax taken here) or probabilities."""
    x = torch.as_tensor(logits_or_probs, dtype=torch.float64)
    probs = x if are_probs else torch.softmax(x, 1)
    return (1 - probs[:, 0]).numpy()
