"""Self-blended images, the paired dataset, the source-balanced sampler and the AUC (issue 23)."""
import json
import random

import numpy as np
import pytest
import torch

from tracelens_train import CLASSES, train
from tracelens_train.data import Augment, read_manifest, source_balanced_weights
from tracelens_train.metrics import auc, family_auc
from tracelens_train.pairs import PairedDataset, flatten_pairs, originals_of, to_input
from tracelens_train.sbi import MASK_KINDS, face_mask, load_landmarks, self_blend


def template_landmarks(size):
    """A plausible 68-point face (dlib order) centred in a size x size image."""
    c, r = size / 2, size * 0.3
    jaw = [(c + r * np.cos(a), c + r * 0.2 + r * np.sin(a)) for a in np.linspace(np.pi, 0, 17)][::-1]
    jaw = [(c - (x - c), y) for x, y in jaw]  # left to right through the chin
    brows = [(c - r * 0.8 + i * r * 0.16, c - r * 0.45) for i in range(5)] + \
            [(c + r * 0.16 + i * r * 0.16, c - r * 0.45) for i in range(5)]
    nose = [(c, c - r * 0.3 + i * r * 0.12) for i in range(4)] + [(c - r * 0.2 + i * r * 0.1, c + r * 0.2) for i in range(5)]
    eye = lambda ex: [(ex + r * 0.2 * np.cos(a), c - r * 0.25 + r * 0.08 * np.sin(a))  # noqa: E731
                      for a in np.linspace(np.pi, -np.pi, 6, endpoint=False)]
    mouth = [(c + r * 0.4 * np.cos(a), c + r * 0.5 + r * 0.15 * np.sin(a)) for a in np.linspace(np.pi, -np.pi, 12, endpoint=False)]
    inner = [(c + r * 0.25 * np.cos(a), c + r * 0.5 + r * 0.06 * np.sin(a)) for a in np.linspace(np.pi, -np.pi, 8, endpoint=False)]
    pts = np.array(jaw + brows + nose + eye(c - r * 0.45) + eye(c + r * 0.45) + mouth + inner, dtype=np.float32)
    assert pts.shape == (68, 2)
    return pts


def template_landmark_file(data_dir, tmp_path):
    """A landmark file (npm run landmarks' format) giving every real face of data_dir the template landmarks."""
    marks = {r["path"]: template_landmarks(224 if "dfdc" in r["source"] else 160).tolist()
             for r in read_manifest(data_dir) if r["label"] == "real"}
    lm = tmp_path / "landmarks.json"
    lm.write_text(json.dumps({"version": 1, "data": data_dir, "points": marks}))
    return lm


def face_image(size, seed=0):
    rng = np.random.RandomState(seed)
    yy, xx = np.mgrid[0:size, 0:size]
    base = np.stack([120 + 60 * np.sin(xx / 9), 100 + 40 * np.cos(yy / 7), 90 + 0 * xx], -1)
    return np.clip(base + rng.normal(0, 6, (size, size, 3)), 0, 255).astype(np.uint8)


@pytest.mark.parametrize("kind", MASK_KINDS)
def test_masks_lie_on_the_face(kind):
    lm = template_landmarks(160)
    m = face_mask(lm, (160, 160), kind, random.Random(0))
    assert m.max() == 1.0 and 0.02 < m.mean() < 0.6
    ys, xs = np.nonzero(m)
    assert xs.min() >= lm[:, 0].min() - 2 and xs.max() <= lm[:, 0].max() + 2  # inside the face's width
    assert ys.max() <= lm[:, 1].max() + 2  # nothing below the chin


def test_blend_differs_from_its_real_only_on_the_face():
    img, lm = face_image(160), template_landmarks(160)
    changed = 0
    for seed in range(6):
        real, out, kind = self_blend(img, lm, random.Random(seed))
        assert out.shape == img.shape and out.dtype == np.uint8 and kind in MASK_KINDS
        diff = np.abs(out.astype(int) - real.astype(int)).sum(-1)
        assert diff[:12, :12].max() == 0 and diff[-12:, -12:].max() == 0  # outside the mask: untouched
        changed += diff[60:110, 50:110].mean() > 0.5
    assert changed >= 4  # the face itself differs (r can be small, and the altered copy may be the target)


def test_pairs_share_their_augmentation():
    img, lm = face_image(176, 1), template_landmarks(176)
    arr = np.stack([to_input(img), to_input(face_image(176, 2))])
    aug = Augment.robust(rng=random.Random(3))
    ds = PairedDataset(arr, [0, 1], aug, {0: (img, lm)}, share=1.0)
    item = ds[0]
    assert len(item) == 2 and item[0][1] == 0 and item[1][1] in (CLASSES.index("identity"), CLASSES.index("splice"))
    real, fake = item[0][0], item[1][0]
    corner = (real - fake).abs()[:, :10, :10].mean()
    centre = (real - fake).abs()[:, 50:80, 45:85].mean()
    assert corner < 3 and centre > corner  # same crop, blur and JPEG: the difference is the blend
    assert len(ds[1]) == 1  # a fake never gets a twin
    x, y, pairs = flatten_pairs([ds[1], ds[0], ds[1]])
    assert x.shape == (4, 3, 128, 128) and pairs.tolist() == [[1, 2]]
    assert y.tolist()[:2] == [1, 0] and y.tolist()[3] == 1 and y.tolist()[2] in (CLASSES.index("identity"), CLASSES.index("splice"))


def test_a_fake_brings_its_original_with_the_same_augmentation():
    rows = [{"dataset": "d", "source": "dfdc", "group": "v1", "label": "real"},
            {"dataset": "d", "source": "dfdc", "group": "v1", "label": "identity"},
            {"dataset": "d", "source": "dfdc", "group": "v2", "label": "identity"},  # no real of its video
            {"dataset": "e", "source": "dfdc", "group": "v1", "label": "identity"},  # another data set's v1
            {"dataset": "d", "source": "stargan", "group": "v1", "label": "attribute"}]  # another source
    originals = originals_of(rows)
    assert originals == {1: [0]}
    face = to_input(face_image(176, 1))
    arr = np.stack([face, face, to_input(face_image(176, 2)), face, face])
    ds = PairedDataset(arr, [0, 1, 1, 1, 2], Augment.robust(rng=random.Random(5)), {}, share=1.0, originals=originals)
    item = ds[1]
    assert [p[1] for p in item] == [0, 1]  # (real, fake)
    assert torch.equal(item[0][0], item[1][0])  # the same pixels under the same crop, blur and JPEG
    assert len(ds[2]) == 1 and len(ds[0]) == 1  # no original; a real face without a landmark pool
    assert flatten_pairs([ds[2], ds[1]])[2].tolist() == [[1, 2]]


def test_the_pair_loss_ranks_each_fake_above_its_real_face():
    from tracelens_train.step import pair_loss
    logits = torch.tensor([[2.0, 0, 0, 0], [0, 2.0, 0, 0], [0, 2.0, 0, 0], [2.0, 0, 0, 0]])
    right, wrong = torch.tensor([[0, 1]]), torch.tensor([[3, 2]])  # real first in each pair
    assert pair_loss(logits, right) < 0.1 < pair_loss(logits, torch.tensor([[1, 0]]))
    assert pair_loss(logits, wrong) < 0.1
    assert pair_loss(logits, torch.zeros((0, 2), dtype=torch.long)) == 0 and pair_loss(logits, None) == 0


def test_load_landmarks(tmp_path):
    fn = tmp_path / "lm.json"
    pts = template_landmarks(100).tolist()
    fn.write_text(json.dumps({"version": 1, "data": "/x/faces-v2/", "points": {"real/a.jpg": pts, "real/b.jpg": None}}))
    marks = load_landmarks([str(fn)])
    assert list(marks) == [("faces-v2", "real/a.jpg")] and marks[("faces-v2", "real/a.jpg")].shape == (68, 2)


def test_source_balanced_weights():
    rows = ([{"label": "real", "key": "a"}] * 100 + [{"label": "real", "key": "b"}] * 4
            + [{"label": "identity", "key": "c"}] * 9 + [{"label": "splice", "key": "d"}] * 1)
    w = source_balanced_weights(rows)
    assert abs(w.sum() - 1) < 1e-9
    assert abs(w[:104].sum() - 0.5) < 1e-9  # half the draws are real
    assert abs(w[:100].sum() / w[100:104].sum() - 10 / 2) < 1e-9  # sources by the square root of their size
    assert abs(w[104:113].sum() - w[113]) < 1e-9  # manipulated classes equally


def test_auc_counts_ties_half():
    assert auc([0.1, 0.4, 0.35, 0.8], [False, False, True, True]) == 0.75
    assert auc([0.5, 0.5], [True, False]) == 0.5
    assert auc([1, 2], [True, True]) is None
    scores = np.random.RandomState(0).rand(200)
    pos = np.random.RandomState(1).rand(200) < 0.3
    brute = np.mean([(a > b) + 0.5 * (a == b) for a in scores[pos] for b in scores[~pos]])
    assert abs(auc(scores, pos) - brute) < 1e-12


def test_family_auc_is_per_family():
    pm = [0.1, 0.2, 0.9, 0.8, 0.15]
    y = [0, 0, 1, 2, 3]
    fam = ["real-photo", "real-ffhq", "gan-face", "attribute-gan", "part-edit"]
    r = family_auc(pm, y, fam)
    assert r["perFamily"] == {"attribute-gan": 1.0, "gan-face": 1.0, "part-edit": 0.5}
    assert abs(r["mean"] - 2.5 / 3) < 1e-12


def test_issue23_recipe_trains_and_resumes_identically(tiny_data, tmp_path):
    """The faces-v2 recipe (source-balanced sampling, robust augmentation, binary loss, self-blended
    twins, selection by family AUC) runs, and a cut-off run resumed ends with the same weights."""
    lm = template_landmark_file(tiny_data, tmp_path)

    def args(name, *extra):
        return ["--data", tiny_data, "--out", str(tmp_path / name), "--epochs", "2", "--batch-size", "4",
                "--cache-dir", str(tmp_path / "cache"), "--threads", "1", "--warmup-steps", "2", "--seed", "3",
                "--sampling", "source-sqrt", "--augment", "robust", "--binary-weight", "1", "--select-by",
                "family-auc", "--sbi-landmarks", str(lm), "--sbi-share", "1", "--samples-per-epoch", "12", *extra]

    whole = train.main(args("whole"))
    assert whole["selectBy"] == "family-auc" and 0 <= whole["valScore"] <= 1
    assert "self-blended" in whole["recipe"] and "square root" in whole["recipe"]
    paired = train.main(args("paired", "--originals", "--pair-weight", "1"))
    assert "ranking loss inside each real/fake pair" in paired["recipe"] and "brings it into the batch" in paired["recipe"]
    assert train.main(args("cut", "--stop-after-epoch", "1")) is None
    train.main(["--resume", str(tmp_path / "cut"), "--threads", "1"])
    a = torch.load(tmp_path / "whole" / "model.pt", weights_only=False)["state_dict"]
    b = torch.load(tmp_path / "cut" / "model.pt", weights_only=False)["state_dict"]
    for k in a:
        assert torch.allclose(a[k].float(), b[k].float(), rtol=1e-5, atol=1e-6), k
