"""architectures.py, the one registry: every id trains, the app's folders are of registered architectures, and
the hybrids are the ones built with a front end."""
from tracelens_train.architectures import ARCHITECTURES, HYBRIDS, MODEL_IDS, NAMES, REGISTRY, build_model


def test_the_registry_names_every_architecture_once_in_the_order_of_the_choices():
    assert ARCHITECTURES == ("amtennet", "model-base", "constrained-hybrid", "srm-hybrid", "mo-hybrid", "meso4",
                             "mesoinception4", "xception", "amtennet-npr", "amtennet-rms", "amtennet-wide", "amtennet-local")
    assert list(MODEL_IDS) == list(ARCHITECTURES[:5])  # the app runs AMTENnet, Model-base and the hybrids
    assert set(NAMES) == set(REGISTRY)


def test_hybrids_are_the_architectures_with_a_front_end():
    assert HYBRIDS == ("constrained-hybrid", "srm-hybrid", "mo-hybrid")
    for arch in ("amtennet", "model-base", "constrained-hybrid", "srm-hybrid", "mo-hybrid", "amtennet-npr"):
        m = build_model(arch)
        assert m.arch == arch and (m.front is not None) == (arch in HYBRIDS)
