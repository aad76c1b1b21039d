"""How shared cells develop: per-snapshot counts, the paper's findings, the quick protocol."""
from types import SimpleNamespace

import numpy as np
import pytest

from sharedrep import info
from sharedrep.conditions import TWO_STAGE, mixed
from sharedrep.experiments import (
    chapter_design,
    describe_runs,
    development,
    ranked_maximum_information,
    seconds_per_network_epoch,
    transfer_design,
)

CONSISTENT = info.TYPES.index("consistent")


def _counts(shared_by_label: dict) -> dict:
    """{label: [seeds=2, snapshots, 4]} with the given mean consistent-cell counts per snapshot."""
    out = {}
    for label, shared in shared_by_label.items():
        table = np.zeros((2, len(shared), 4), int)
        table[0, :, CONSISTENT] = shared
        table[1, :, CONSISTENT] = shared
        out[label] = table
    return out


def test_findings_and_the_smallest_epoch():
    epochs = [0, 10, 100, 400]
    counts = _counts({
        mixed(1, "consistent"): [0, 1, 3, 6], mixed(1, "inconsistent"): [0, 1, 1, 1],
        mixed(4, "consistent"): [0, 0, 9, 30], mixed(4, "inconsistent"): [0, 0, 2, 1],
        TWO_STAGE: [0, 0, 4, 12],
    })
    found = development.findings_by_epoch(counts, [1, 4])
    assert found["pairing"].tolist() == [False, False, True, True]
    assert found["depth"].tolist() == [False, False, True, True]
    assert found["framework"].tolist() == [False, False, True, True]
    assert development.smallest_epoch(epochs, found) == 100
    # a finding that fails again later moves the smallest epoch past the failure
    counts[TWO_STAGE][:, 2, CONSISTENT] = 9
    found = development.findings_by_epoch(counts, [1, 4])
    assert development.smallest_epoch(epochs, found) == 400
    table = development.findings_table(epochs, found)
    assert table.count("\n") == 1 + len(epochs) and "| 100 | yes | yes | no |" in table


def test_untestable_findings_are_left_out():
    counts = _counts({mixed(2, "consistent"): [0, 5], mixed(2, "inconsistent"): [0, 1]})
    found = development.findings_by_epoch(counts, [2])
    assert found["depth"] is None and found["framework"] is None
    assert development.smallest_epoch([0, 50], found) == 50
    assert development.smallest_epoch([0, 50], {"depth": None}) is None


def test_ranked_maximum_information():
    bits = np.array([[[0.1, 0.5, 0.0], [0.3, 0.2, 0.9]]])       # [1, digits 2, cells 3]
    np.testing.assert_allclose(ranked_maximum_information(bits), [[0.9, 0.5, 0.3]])
    with pytest.raises(ValueError, match="digits, cells"):
        ranked_maximum_information(np.zeros(3))


def test_chapter_design_drops_snapshots_after_the_last_epoch():
    cfg = SimpleNamespace(DEPTHS=(1, 4), N_SEEDS=2, EPOCHS=50, SNAPSHOTS=(0, 10, 100), TWO_STAGE=True,
                          IMAGES_PER_DIGIT=20, ADADELTA_EPSILON=1e-8, AUDIO_RECIPE="authors", SEED_SCHEME="spawned")
    design = chapter_design(cfg)
    assert [c.label for c in design] == ["mixed-1-consistent", "mixed-1-inconsistent", "mixed-4-consistent",
                                         "mixed-4-inconsistent", "two-stage-4-consistent"]
    assert all(c.snapshot_epochs == (0, 10, 50) and c.seeds == (0, 1) for c in design)
    assert all(c.classifier_epochs == 0 for c in design)
    # the cross-modal runs: the deepest mixed-input encoder and the two-stage one, with classifiers
    transfer = transfer_design(SimpleNamespace(**vars(cfg), CLASSIFIER_EPOCHS=30))
    assert [c.label for c in transfer] == ["mixed-4-consistent", "mixed-4-inconsistent", "two-stage-4-consistent"]
    assert all(c.classifier_epochs == 30 and c.snapshot_epochs == (0, 10, 50) for c in transfer)
    assert transfer_design(SimpleNamespace(**vars(cfg), CLASSIFIER_EPOCHS=0)) == []
    # a chapter's CLASSIFIER_EPOCHS never changes its other runs; classifiers only when asked
    assert all(c.classifier_epochs == 0 for c in chapter_design(SimpleNamespace(**vars(cfg), CLASSIFIER_EPOCHS=30)))
    assert all(c.classifier_epochs == 7 for c in chapter_design(cfg, classifier_epochs=7))


def test_seconds_per_network_epoch_and_resumed_runs():
    def run(seconds, seeds, epochs, resumed=None, earlier=np.nan, analyses=5.0):
        arrays = {"train_seconds": np.array(seconds)}
        if resumed is not None:
            arrays.update(resumed_from=np.array(resumed), earlier_train_seconds=np.array(earlier))
        return SimpleNamespace(arrays=arrays, loaded=True, provenance={
            "parameters": {"seeds": list(range(seeds)), "epochs": epochs}, "key": "k", "date": "2026-11-26",
            "wall_time_s": seconds + analyses})
    assert seconds_per_network_epoch({"a": run(40.0, 2, 10), "b": run(20.0, 1, 20)}) == pytest.approx(1.5)
    # resumed at epoch 10 of 20: the earlier time known (added) or not (only epochs 11-20 count)
    assert seconds_per_network_epoch({"a": run(30.0, 1, 20, resumed=10, earlier=10.0)}) == pytest.approx(2.0)
    assert seconds_per_network_epoch({"a": run(30.0, 1, 20, resumed=10)}) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="0 epochs"):
        seconds_per_network_epoch({"a": run(1.0, 2, 0)})
    table = describe_runs({"a": run(30.0, 1, 20, resumed=10, earlier=10.0), "b": run(30.0, 1, 20, resumed=10)})
    assert "| 45 s |" in table                  # 10 s before the resume + 30 s after + 5 s of analyses
    assert "| a | 1 × 20 | `k` | stored 2026-11-26 | 45 s |" in table
    assert "| 35 s (from epoch 10: resumed from a checkpoint that did not record the earlier time) |" in table


def test_mean_prediction_loss():
    half = SimpleNamespace(t_image=np.full((4, 784), 0.5), t_audio=np.full((4, 784), 0.5))
    assert development.mean_prediction_loss(half) == pytest.approx(2 * np.log(2))
    binary = SimpleNamespace(t_image=np.tile([[0.0], [1.0]], (2, 784)), t_audio=np.zeros((4, 784)))
    assert development.mean_prediction_loss(binary) == pytest.approx(np.log(2), abs=1e-6)


def _transfer_run(cross_modal_by_snapshot, seeds=2):
    """A stored-run stand-in whose cross-modal accuracy (both directions, every network) is
    the given value at each snapshot."""
    values = np.asarray(cross_modal_by_snapshot, float)
    accuracy = np.full((seeds, len(values), 2, 2), 0.9)
    accuracy[:, :, 0, 1] = values          # trained on image, tested on audio
    accuracy[:, :, 1, 0] = values - 0.01   # trained on audio, tested on image
    return SimpleNamespace(arrays={"accuracy": accuracy, "snapshot_epochs": np.arange(len(values)) * 10})


def test_transfer_findings_records_and_their_relation_to_shared_cells():
    runs = {mixed(4, "consistent"): _transfer_run([0.2, 0.3, 0.5]),
            mixed(4, "inconsistent"): _transfer_run([0.21, 0.2, 0.1]),
            TWO_STAGE: _transfer_run([0.2, 0.35, 0.3])}
    found = development.transfer_findings_by_epoch(runs)
    assert found["pairing_transfer"].tolist() == [False, True, True]
    assert found["framework_transfer"].tolist() == [False, False, True]
    assert development.smallest_epoch([0, 10, 20], found) == 20
    records = development.transfer_records(runs)
    assert len(records) == 3 * 3 * 2 and {r["direction"] for r in records} == set(development.DIRECTIONS)
    first = [r for r in records if r["label"] == "mixed-4-consistent" and r["epoch"] == 20]
    assert sorted(r["mean"] for r in first) == [0.49, 0.5]
    np.testing.assert_allclose(development.mean_transfer(runs, mixed(4, "inconsistent"))[:, 0], [0.21, 0.2, 0.1])
    # without the inconsistent or the two-stage run a finding cannot be tested
    alone = development.transfer_findings_by_epoch({mixed(4, "consistent"): runs[mixed(4, "consistent")]})
    assert alone == {"pairing_transfer": None, "framework_transfer": None}


def test_shared_cells_and_transfer_correlation(monkeypatch):
    runs = {mixed(4, "consistent"): _transfer_run([0.2, 0.3, 0.5]),
            mixed(4, "inconsistent"): _transfer_run([0.21, 0.2, 0.1])}
    shared = {mixed(4, "consistent"): [1, 5, 9], mixed(4, "inconsistent"): [2, 1, 0]}
    monkeypatch.setattr(development, "counts_over_epochs", lambda r, t, terms="all": _counts(shared))
    relation = development.shared_cells_and_transfer(runs, (0.96, 0.94))
    assert relation["encoders"] == 2 * 3 * 2 and relation["rho"] > 0.9 and relation["p"] < 0.01
    assert development.relation_words(relation) == "rise together"
    shared[mixed(4, "consistent")] = [9, 5, 1]                # now unrelated
    relation = development.shared_cells_and_transfer(runs, (0.96, 0.94))
    assert development.relation_words(relation).startswith("show no clear relation")
    assert development.relation_words(None) == "cannot be compared here"


def test_plateau_exit_finds_the_first_epoch_below_the_plateau():
    losses = np.array([[0.35, 0.343, 0.339, 0.30],      # leaves at epoch 3 (0.339 < 0.343 - 0.002)
                       [0.35, 0.344, 0.342, 0.341]])    # never leaves
    exits = development.plateau_exit(losses, plateau=0.343, margin=0.002)
    assert exits[0] == 3 and np.isnan(exits[1])
    runs = {mixed(1, "consistent"): SimpleNamespace(arrays={"losses": losses[:1]}),
            mixed(2, "consistent"): SimpleNamespace(arrays={"losses": losses}),
            mixed(3, "consistent"): SimpleNamespace(arrays={"losses": losses[1:]})}
    words = development.plateau_exit_words(runs, 0.343, 0.002)
    assert words == ("mixed-1-consistent 3, mixed-2-consistent 3 (1 of 2 networks; the others stay on it), "
                     "mixed-3-consistent: no network leaves it")
    with pytest.raises(ValueError, match="networks, epochs"):
        development.plateau_exit(np.zeros(4), 0.343)
    with pytest.raises(ValueError, match="finite"):
        development.plateau_exit(losses, float("nan"))


# ---------------------------------------------------------------- the recompute's comparison
def _default_config(**changes):
    from dataclasses import replace

    from sharedrep import chapters, params

    return replace(params.freeze("paper1_development", **chapters.default_parameters("paper1_development")),
                   **changes)


def test_stored_grid_never_trains(tmp_path):
    from sharedrep.experiments import Condition, stored_grid

    assert stored_grid([Condition(epochs=1, images_per_digit=1)], tmp_path) is None
    assert not any(tmp_path.rglob("*.npz"))


def test_the_setup_change_compares_the_stored_first_runs_with_the_current_ones():
    from sharedrep.experiments import chapter_runs, run_grid
    from sharedrep.pages import paper1_development as page

    assert page.setup_change(_default_config(**page.FIRST_SETUP), {}) is None
    cfg = _default_config()
    runs = run_grid(chapter_runs("paper1_development", cfg)["runs"])
    change = page.setup_change(cfg, runs)
    assert change is not None, "the first runs of the chapter's conditions are stored in results/"
    assert change.table.splitlines()[0] == "| measure | first runs | these runs |"
    n = change.numbers
    for when in ("first", "now"):
        assert 0 < n[f"change_exit_consistent_{when}"] < cfg.EPOCHS
        assert 0 <= n[f"change_stuck_on_plateau_{when}"] <= n[f"change_stuck_{when}"] <= n[f"change_classifiers_{when}"]
        assert n[f"change_classifiers_final_{when}"] == 9 * cfg.N_SEEDS * 2
        assert 0 < n[f"change_percentile_audio_{when}"] < np.log2(10)
    # the two sets are different networks (the setups differ), of the same conditions
    assert n["change_percentile_image_first"] != n["change_percentile_image_now"]


def test_the_information_page_tests_the_papers_claims_depth_by_depth():
    """Rank-wise comparisons on states with a known answer: at depth 1 the untrained encoder
    carries more than both trained ones at every rank; at depth 4 consistent beats
    inconsistent at every rank in the audio-only analysis and at none in the image-only one."""
    from sharedrep.pages.paper1_information import paper_claims

    def state(all_rows, image, audio, networks=2, cells=64):
        bits = np.zeros((networks, 3, 10, cells))
        for k, value in enumerate((all_rows, image, audio)):
            bits[:, k, 0] = np.linspace(value, value / 2, cells)
        return bits

    states = {(1, "before training"): state(1.0, 1.0, 1.0), (1, "inconsistent training"): state(0.5, 0.5, 0.5),
              (1, "consistent training"): state(0.6, 0.4, 0.6),
              (4, "before training"): state(0.1, 0.1, 0.1), (4, "inconsistent training"): state(1.0, 2.0, 0.5),
              (4, "consistent training"): state(1.5, 1.0, 1.5)}
    table, numbers = paper_claims(states, [4, 1])
    assert numbers["fig2_before_above_both_1"] == 64 and numbers["fig2_before_above_both_4"] == 0
    assert (numbers["fig2_higher_all_4"], numbers["fig2_higher_image_4"], numbers["fig2_higher_audio_4"]) == (64, 0, 64)
    assert numbers["fig2_higher_image_1"] == 0 and numbers["fig2_higher_audio_1"] == 64
    assert numbers["fig2_before_mean_1"] == pytest.approx(0.75)
    rows = [line for line in table.splitlines() if line.startswith("| 1 ") or line.startswith("| 4 ")]
    assert rows[0].split("|")[3].strip() == "no" and rows[1].split("|")[3].strip() == "yes"


def test_thresholds_during_training_follow_the_percentile_rule():
    from sharedrep.experiments import development
    from sharedrep.experiments.celltypes import last_layer_information, percentile_thresholds

    rng = np.random.default_rng(0)
    counts = rng.integers(0, 20, size=(2, 3, 3, 10, 10, 8)).astype(np.int32)   # [seeds, snaps, 3, digits, bins, units]
    run = SimpleNamespace(arrays={"counts_layer1": counts, "snapshot_epochs": np.array([0, 5, 10])})
    over = development.percentile_over_epochs(run, "positive", 80)
    bits = last_layer_information(run, "positive", snapshot=None)
    assert over.shape == (3, 2)
    np.testing.assert_allclose(over[1], percentile_thresholds(bits[:, 1], 80))
    records = development.threshold_records(run, (0.96, 0.94), "positive", 80)
    assert len(records) == 2 * 3 * 2
    assert {r["bits"] for r in records if r["rule"] == "paper's values"} == {0.96, 0.94}
