"""One stored run per condition: a run serves every request its snapshots and classifiers
cover; a request it does not cover is explained (with its cost) or, when allowed, computed."""
import numpy as np
import pytest

from sharedrep.experiments import Condition, ExtensionNeeded, extent, load_or_run, runner

BASE = dict(framework="mixed", depth=1, pairing="consistent", seeds=(0, 1), epochs=4)


@pytest.fixture
def trained(monkeypatch):
    """Replace training by arrays that record each snapshot's epoch; count the calls."""
    calls = []

    def fake(condition, checkpoint=None, verbose=False):
        calls.append(condition)
        epochs = np.array(condition.snapshot_epochs)
        shape = (len(condition.seeds), len(epochs))
        arrays = {"snapshot_epochs": epochs, "losses": np.ones((len(condition.seeds), condition.epochs)),
                  "train_seconds": np.array(36.0), "resumed_from": np.array(0),
                  "earlier_train_seconds": np.array(0.0),
                  "counts_layer1": np.broadcast_to(epochs[None, :, None], shape + (3,)).astype(np.int32)}
        if condition.classifier_epochs:
            arrays["accuracy"] = np.broadcast_to(epochs[None, :, None, None] / 10, shape + (2, 2)).copy()
        if condition.snapshot_responses:
            arrays["responses_snapshots"] = np.broadcast_to(epochs[None, :, None, None], shape + (3, 2)).copy()
        return arrays

    monkeypatch.setattr(runner, "run_condition", fake)
    return calls


def test_a_superset_run_serves_a_subset_request(tmp_path, trained):
    full = Condition(**BASE, snapshot_epochs=(0, 1, 2), classifier_epochs=30)
    stored = load_or_run(full, directory=tmp_path)
    assert not stored.loaded and stored.arrays["snapshot_epochs"].tolist() == [0, 1, 2, 4]
    subset = Condition(**BASE, snapshot_epochs=(0, 2))                   # no classifiers, fewer snapshots
    served = load_or_run(subset, directory=tmp_path)
    assert served.loaded and len(trained) == 1                           # nothing trained again
    assert served.arrays["snapshot_epochs"].tolist() == [0, 2, 4]
    assert served.arrays["counts_layer1"][0, :, 0].tolist() == [0, 2, 4]
    assert "accuracy" not in served.arrays
    with_classifiers = load_or_run(subset.with_extent(classifier_epochs=30), directory=tmp_path)
    assert with_classifiers.arrays["accuracy"][0, :, 0, 0].tolist() == [0, 0.2, 0.4]
    assert len(list((tmp_path / "paper1").glob("*.npz"))) == 1 and len(trained) == 1


def test_an_uncovered_request_says_what_it_costs_and_extends_only_when_asked(tmp_path, trained):
    load_or_run(Condition(**BASE, snapshot_epochs=(0,)), directory=tmp_path)
    more = Condition(**BASE, snapshot_epochs=(0, 2), classifier_epochs=30)
    with pytest.raises(ExtensionNeeded, match=r"retrains the 2 networks x 4 epochs .*EXTEND = True"):
        load_or_run(more, directory=tmp_path)
    assert len(trained) == 1
    extended = load_or_run(more, directory=tmp_path, extend=True)
    assert trained[-1].snapshot_epochs == (0, 2, 4) and trained[-1].classifier_epochs == 30   # the union
    assert extended.arrays["snapshot_epochs"].tolist() == [0, 2, 4]
    assert len(list((tmp_path / "paper1").glob("*.npz"))) == 1              # it replaced the stored run
    assert load_or_run(Condition(**BASE, snapshot_epochs=(0,)), directory=tmp_path).loaded


def test_responses_at_every_snapshot_are_part_of_the_extent(tmp_path, trained):
    plain = Condition(**BASE, snapshot_epochs=(0, 2))
    load_or_run(plain, directory=tmp_path)
    kept = plain.with_extent(snapshot_responses=True)
    with pytest.raises(ExtensionNeeded, match=r"responses at every snapshot: no; asked .* snapshot: yes"):
        load_or_run(kept, directory=tmp_path)
    extended = load_or_run(kept.with_extent(snapshot_epochs=(2,)), directory=tmp_path, extend=True)
    assert trained[-1].snapshot_responses and trained[-1].snapshot_epochs == (0, 2, 4)      # the union
    assert extended.arrays["responses_snapshots"][0, :, 0, 0].tolist() == [2, 4]            # cut to the request
    served = load_or_run(plain, directory=tmp_path)                      # the run with responses serves all
    assert served.loaded and "responses_snapshots" not in served.arrays and len(trained) == 2
    with pytest.raises(ValueError, match="snapshot_responses"):
        Condition(**BASE, snapshot_responses="yes")


def test_other_classifier_epochs_are_a_variant_stored_beside_the_run(tmp_path, trained):
    load_or_run(Condition(**BASE, snapshot_epochs=(0,), classifier_epochs=30), directory=tmp_path)
    shorter = Condition(**BASE, snapshot_epochs=(0,), classifier_epochs=5)
    with pytest.raises(ExtensionNeeded):
        load_or_run(shorter, directory=tmp_path)
    assert not load_or_run(shorter, directory=tmp_path, extend=True).loaded
    assert len(list((tmp_path / "paper1").glob("*.npz"))) == 2
    assert load_or_run(shorter, directory=tmp_path).loaded                  # the variant
    assert load_or_run(Condition(**BASE, snapshot_epochs=(0,), classifier_epochs=30), directory=tmp_path).loaded
    assert len(trained) == 2


def test_a_request_no_stored_run_covers_trains(tmp_path, trained):
    load_or_run(Condition(**BASE, snapshot_epochs=(0,)), directory=tmp_path)
    longer = Condition(**{**BASE, "epochs": 6}, snapshot_epochs=(0,))        # other networks
    assert not load_or_run(longer, directory=tmp_path).loaded and len(trained) == 2


def test_merged_plans_each_condition_once_with_every_page_s_extent():
    pages = [Condition(**BASE, snapshot_epochs=(0, 1)), Condition(**BASE, snapshot_epochs=(2,), classifier_epochs=30),
             Condition(**{**BASE, "depth": 2}), Condition(**BASE, classifier_epochs=5)]
    units = extent.merged(pages)
    assert [(u.depth, u.snapshot_epochs, u.classifier_epochs) for u in units] == [
        (1, (0, 1, 2, 4), 30), (2, (4,), 0), (1, (4,), 5)]
