"""Paper 1's experiment layer: analysis of responses, conditions, the stored runner."""
import numpy as np
import pytest

from sharedrep import info
from sharedrep.data import bimodal_dataset
from sharedrep.experiments import (
    Condition,
    analysis_rows,
    conditions_from,
    information,
    layer_counts,
    load_or_run,
    type_counts,
)


@pytest.fixture(scope="module")
def test_split():
    return bimodal_dataset("consistent", seed=0).test


def _planted(test_split, shared=8, visual=4, seed=0):
    """Responses [1500, 64]: cells 0..shared-1 fire for their digit in both modalities,
    the next ``visual`` cells for their digit only when the image is shown; the rest noise."""
    rng = np.random.default_rng(seed)
    responses = rng.random((len(test_split), 64)) * 0.2
    digits = test_split.digit_image
    for cell in range(shared):
        responses[digits == cell, cell] += 1.0
    for k in range(visual):
        cell = shared + k
        responses[(digits == k) & test_split.has_image, cell] += 1.0
    return responses


def test_rows_of_the_three_analyses(test_split):
    rows = analysis_rows(test_split)
    assert [len(rows[a]) for a in ("all", "image", "audio")] == [1500, 500, 500]
    assert test_split.has_image[rows["image"]].all() and not test_split.has_audio[rows["image"]].any()


def test_counts_and_information_agree_with_the_direct_measure(test_split):
    responses = _planted(test_split)
    counts = layer_counts(responses, test_split)
    assert counts.shape == (3, 10, 10, 64)
    assert counts.sum(axis=(1, 2))[:, 0].tolist() == [1500, 500, 500]
    bits = information(counts)
    image_rows = analysis_rows(test_split)["image"]
    direct = info.single_cell_information(responses[image_rows], test_split.digit_image[image_rows])
    np.testing.assert_allclose(bits[1], direct, atol=1e-12)
    # leading axes are handled like a loop over networks/snapshots
    stacked = information(np.stack([counts, counts[::-1]]))
    np.testing.assert_allclose(stacked[0], bits)
    np.testing.assert_allclose(stacked[1], information(counts[::-1]))


def test_planted_cells_are_typed(test_split):
    bits = information(layer_counts(_planted(test_split), test_split))
    counts = type_counts(bits, 1.0, 1.0)
    assert dict(zip(info.TYPES, counts.tolist())) == {"visual": 4, "audio": 0, "inconsistent": 0,
                                                       "consistent": 8}


@pytest.mark.parametrize("responses, message", [(np.zeros((100, 64)), "1500 rows"),
                                                (np.zeros(1500), "1500 rows")])
def test_bad_responses(test_split, responses, message):
    with pytest.raises(ValueError, match=message):
        layer_counts(responses, test_split)


def test_inconsistent_test_split_is_refused():
    train = bimodal_dataset("inconsistent", seed=0).train
    with pytest.raises(ValueError, match="digits agree"):
        layer_counts(np.zeros((len(train), 4)), train)


@pytest.mark.parametrize("kwargs, message", [
    (dict(framework="late"), "framework"), (dict(depth=5), "depth"), (dict(depth=0), "depth"),
    (dict(framework="two_stage", depth=3), "two-stage"), (dict(pairing="random"), "pairing"),
    (dict(seeds=(1, 1)), "distinct"), (dict(seeds=()), "distinct"), (dict(epochs=-1), "epochs"),
    (dict(snapshot_epochs=(20,), epochs=10), "snapshot_epochs"), (dict(n_bins=1), "n_bins"),
])
def test_bad_conditions(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Condition(**kwargs)


def test_condition_normalises_seeds_and_snapshots():
    c = Condition(seeds=[2, 0], epochs=5, snapshot_epochs=[0, 5, 2])
    assert c.seeds == (2, 0) and c.snapshot_epochs == (0, 2, 5)
    grid = conditions_from(depth=[1, 2], pairing=["consistent", "inconsistent"], epochs=3)
    assert [(g.depth, g.pairing) for g in grid] == [(1, "consistent"), (1, "inconsistent"),
                                                    (2, "consistent"), (2, "inconsistent")]


@pytest.mark.slow
def test_runner_stores_and_reloads_a_real_run(tmp_path):
    condition = Condition(depth=2, seeds=(0, 1), epochs=2, snapshot_epochs=(0,), images_per_digit=20,
                          snapshot_responses=True)
    first = load_or_run(condition, directory=tmp_path)
    assert not first.loaded
    arrays = first.arrays
    assert arrays["counts_layer1"].shape == (2, 2, 3, 10, 10, 64)
    assert arrays["counts_layer2"].sum(axis=(3, 4))[..., 0].tolist() == [[[1500, 500, 500]] * 2] * 2
    assert arrays["losses"].shape == (2, 2) and np.isfinite(arrays["losses"]).all()
    assert arrays["responses_last"].shape == (2, 1500, 64)
    assert arrays["responses_snapshots"].shape == (2, 2, 1500, 64)          # networks, snapshots (0, 2)
    np.testing.assert_array_equal(arrays["responses_snapshots"][:, -1], arrays["responses_last"])
    assert not np.array_equal(arrays["responses_snapshots"][:, 0], arrays["responses_last"])
    assert int(arrays["resumed_from"]) == 0 and float(arrays["earlier_train_seconds"]) == 0.0
    again = load_or_run(condition, directory=tmp_path)
    assert again.loaded
    np.testing.assert_array_equal(again.arrays["counts_layer2"], arrays["counts_layer2"])
    assert not list((tmp_path / "checkpoints").glob("*.npz"))
    # a different protocol is a different result
    other = Condition(depth=2, seeds=(0, 1), epochs=3, snapshot_epochs=(0,), images_per_digit=20)
    assert load_or_run(other, directory=tmp_path, store=False).loaded is False


@pytest.mark.slow
def test_runner_scores_shared_representation_at_every_snapshot(tmp_path):
    condition = Condition(depth=1, seeds=(0,), epochs=2, snapshot_epochs=(0,), classifier_epochs=30)
    accuracy = load_or_run(condition, directory=tmp_path, store=False).arrays["accuracy"]
    assert accuracy.shape == (1, 2, 2, 2)            # seeds, snapshots (0, 2), trained on, tested on
    assert ((accuracy >= 0) & (accuracy <= 1)).all()
    # the untrained (random) sigmoid encoder keeps much of an image's digit information: a
    # classifier trained on image-only rows beats chance (10 %) clearly on image test rows
    assert accuracy[0, 0, 0, 0] > 0.5


@pytest.mark.slow
def test_runner_trains_all_classifiers_in_one_call_as_if_separately():
    """One batched call over networks x modalities x snapshots gives what one call per network
    and training modality gives (each classifier is fixed by its seed, features and labels)."""
    from sharedrep.data import AUDIO_RECIPES
    from sharedrep.experiments.runner import _shared_representation
    from sharedrep.models import Adadelta, architecture, shared_representation_accuracy, train
    from sharedrep.seeds import classifier_seeds, network_seeds

    condition = Condition(depth=1, seeds=(0, 1), epochs=2, snapshot_epochs=(0,), classifier_epochs=4,
                          images_per_digit=20)
    named = [network_seeds(s) for s in condition.seeds]
    datasets = [bimodal_dataset("consistent", seed=ns.dataset, images_per_digit=20, **AUDIO_RECIPES["authors"])
                for ns in named]
    arch = architecture("mixed", 1)
    trained = train(arch, [d.train for d in datasets], seeds=[ns.weights for ns in named],
                    order_seeds=[ns.batch_order for ns in named], epochs=2, snapshot_epochs=condition.snapshot_epochs)
    batched = _shared_representation(condition, arch, trained, datasets)
    assert batched.shape == (2, 2, 2, 2)
    for n, (seed, dataset) in enumerate(zip(condition.seeds, datasets)):
        encoders = [trained.network(n, e) for e in condition.snapshot_epochs]
        stacked = {k: np.stack([w[k] for w in encoders]) for k in encoders[0]}
        for i, trained_on in enumerate(("image", "audio")):
            alone = shared_representation_accuracy(stacked, dataset.train, dataset.test, trained_on,
                                                   seeds=classifier_seeds(seed, len(encoders)), epochs=4, arch=arch,
                                                   optimizer=Adadelta(epsilon=condition.adadelta_epsilon))
            np.testing.assert_allclose(batched[n, :, i], np.stack([alone["image"], alone["audio"]], -1),
                                       atol=0.005)   # at most a row of 500 may flip on rounding


def test_a_condition_defaults_to_the_authors_setup_and_checks_its_recipe():
    condition = Condition()
    assert condition.adadelta_epsilon == 1e-8          # Keras 2.0.9, the authors' version
    assert condition.audio_recipe == "authors" and condition.seed_scheme == "spawned"
    for bad in (dict(adadelta_epsilon=0), dict(adadelta_epsilon="1e-8"), dict(audio_recipe="mp3"),
                dict(seed_scheme="plus")):
        with pytest.raises(ValueError, match=next(iter(bad))):
            Condition(**bad)


@pytest.mark.slow
def test_the_recipe_fields_reach_the_training(tmp_path):
    """Each of epsilon, audio recipe and seed scheme changes the trained networks' losses, and
    the first runs' values reproduce a training written out with the earlier API."""
    from sharedrep.experiments.runner import run_condition
    from sharedrep.models import Adadelta, architecture, train

    base = dict(depth=1, seeds=(1,), epochs=1, images_per_digit=10)
    first = dict(adadelta_epsilon=1e-7, audio_recipe="float", seed_scheme="offset")
    losses = {name: run_condition(Condition(**base, **{**first, **change}))["losses"]
              for name, change in [("first", {}), ("epsilon", dict(adadelta_epsilon=1e-8)),
                                   ("audio", dict(audio_recipe="authors")), ("seeds", dict(seed_scheme="spawned"))]}
    assert len({float(v[0, -1]) for v in losses.values()}) == 4
    by_hand = train(architecture("mixed", 1), bimodal_dataset("consistent", seed=1, images_per_digit=10).train,
                    seeds=1, epochs=1, optimizer=Adadelta(epsilon=1e-7))
    np.testing.assert_array_equal(losses["first"][0], np.asarray(by_hand.losses, np.float32)[:, 0])


def test_a_condition_trained_in_groups_of_networks_is_the_condition_bit_for_bit(tmp_path):
    """A cluster can train a condition's networks as separate units: merged, they are the run
    of the whole condition (every array but the training time), stored under its key."""
    from sharedrep import results
    from sharedrep.experiments import load_or_run
    from sharedrep.experiments.runner import merge_groups, network_groups, store_merged

    condition = Condition(depth=2, seeds=(0, 1, 2), epochs=2, snapshot_epochs=(0,), classifier_epochs=3,
                          images_per_digit=10)
    whole = load_or_run(condition, directory=tmp_path / "whole")
    groups = network_groups(condition, 2)
    assert [g.seeds for g in groups] == [(0, 1), (2,)] and {g.snapshot_epochs for g in groups} == {(0, 2)}
    parts = tmp_path / "parts"
    assert store_merged(condition, parts) is None                     # no group stored yet
    first = load_or_run(groups[0], directory=parts)
    assert store_merged(condition, parts) is None                     # one group still missing
    load_or_run(groups[1], directory=parts)
    merged = store_merged(condition, parts)
    assert merged is not None and not merged.loaded
    assert set(merged.arrays) == set(whole.arrays)
    for name, array in whole.arrays.items():
        if name != "train_seconds":
            np.testing.assert_array_equal(merged.arrays[name], array, err_msg=name)
    again = load_or_run(condition, directory=parts)                   # the merged run serves the condition
    assert again.loaded and again.provenance["key"] == whole.provenance["key"]
    with pytest.raises(ValueError, match="not the condition's"):
        merge_groups(condition, [first])
    assert results.find("paper1", condition.training_parameters(), parts) is not None


def test_the_plan_splits_only_conditions_with_nothing_stored(tmp_path):
    from sharedrep import reproduce

    steps = [("paper1_shared", {"N_SEEDS": 3, "EPOCHS": 2, "IMAGES_PER_DIGIT": 10, "DEPTHS": [1],
                                "TWO_STAGE": False, "SNAPSHOTS": [0], "CLASSIFIER_EPOCHS": 3})]
    whole = reproduce.units(steps, tmp_path)
    split = reproduce.units(steps, tmp_path, networks_per_unit=1)
    assert len(whole) == 2 and len(split) == 6                        # two conditions, three networks each
    assert sorted(tuple(u.parameters["seeds"]) for u in split) == [(0,), (0,), (1,), (1,), (2,), (2,)]


@pytest.mark.slow
def test_paper2s_test_on_the_books_networks_trains_the_stored_networks_again(tmp_path):
    """Issue 22: the stored runs keep analyses, not weights; the test trains the networks again
    and checks they are the stored ones (equal count tables at the last epoch)."""
    from sharedrep.experiments import crossmodal

    condition = Condition(depth=1, seeds=(0, 1), epochs=2, snapshot_epochs=(0,), images_per_digit=20)
    unit = crossmodal.book_unit(condition, tmp_path)
    assert unit.compute(False)["same_as_stored"].tolist() == [False]         # nothing stored to compare with
    load_or_run(condition, directory=tmp_path)
    arrays = unit.compute(False)
    assert arrays["same_as_stored"].tolist() == [True]
    assert arrays["error"].shape == (2, 2, 2) and ((arrays["error"] >= 0) & (arrays["error"] <= 100)).all()
    assert arrays["classifier_accuracy"].shape == (2, 2) and (arrays["classifier_accuracy"][:, 0] > 0.9).all()
    with pytest.raises(ValueError, match="paper-1 Condition"):
        crossmodal.book_unit("mixed-1-consistent")
