"""The Fig.-2 and development chapters run end to end with tiny parameters (real data),
on the same stored runs as the cell-type chapter."""
import numpy as np
import pytest
from conftest import PAPER1_TINY as TINY
from conftest import glued_run

from sharedrep import chapters

pytestmark = [pytest.mark.notebook, pytest.mark.slow]


@pytest.fixture(scope="module")
def glued(tmp_path_factory, paper1_results):
    folder = tmp_path_factory.mktemp("pages")
    values = {name: glued_run(name, folder, TINY, paper1_results, name=name)
              for name in ("paper1_information", "paper1_development", "paper1_authors")}
    stored = sorted(p.name for p in (paper1_results / "paper1").glob("*.npz"))
    return values, stored


def test_information_chapter(glued):
    values = glued[0]["paper1_information"]
    assert values["fig2_depth"] == 4 and values["fig2_has_before"] == "these runs did, so it is"
    for state in ("before", "inconsistent", "consistent"):
        for analysis in ("all", "image", "audio"):
            assert 0 <= float(values[f"fig2_mean_{state}_{analysis}"]) <= 3.33
        assert 0 <= float(values[f"fig2_above_{state}"]) <= 64
        assert 0 <= float(values[f"fig2_above_percentile_{state}"]) <= 64
    # the paper's claims, depth by depth, and the percentile rule on the tiny networks
    for depth in (1, 4):
        for analysis in ("all", "image", "audio"):
            assert 0 <= values[f"fig2_higher_{analysis}_{depth}"] <= 64
        assert 0 <= values[f"fig2_before_above_both_{depth}"] <= 64
    assert values["fig2_largest_gain"] in ("image-only", "audio-only")
    assert 0 <= float(values["fig2_percentile_image"]) <= 3.33


def test_development_chapter(glued):
    values = glued[0]["paper1_development"]
    assert 0.2 < float(values["plateau_loss"]) < 0.5   # mean-image + mean-spectrogram cross-entropy
    # the same images and sounds, paired otherwise: the same plateau (computed, not assumed)
    assert values["plateau_same"] == "the same" and values["plateau_loss_inconsistent"] == values["plateau_loss"]
    assert values["early_epoch"] == 5 and values["shallow_above"] == "nan"   # 2 epochs: no epoch 5 to compare
    assert values["epochs_trained"] == 2 and values["n_networks"] == 2
    assert values["smallest_epoch"] == "none of the saved epochs" or values["smallest_epoch"].startswith("epoch ")
    assert float(values["paper_protocol_hours"]) > 0
    # cross-modal transfer at every saved epoch (runs with classifiers of 3 epochs)
    assert values["transfer_classifier_epochs"] == "3"
    for key in ("cons_start", "cons_end", "incons_start", "incons_end"):
        assert 0 <= float(values[f"transfer_{key}"]) <= 1
    assert values["transfer_encoders"] == 3 * 2 * 2   # 3 conditions x 2 networks x epochs 0 and 2
    assert -1 <= float(values["transfer_rho"]) <= 1 or values["transfer_rho"] == "nan"
    since = values["transfer_pairing_from"]
    assert since == "none of the saved epochs" or since.startswith("epoch ")
    # the thresholds during training, and no comparison with first runs that are not stored
    assert 0 <= float(values["pct_final_image"]) <= float(values["pct_peak_image"]) <= 3.33
    assert values["pct_peak_epoch"] in (0, 2)
    assert not any(name.startswith("change_") for name in values)


def test_authors_chapter(glued):
    """The authors' networks through the book's analysis, beside the tiny runs of the book."""
    from sharedrep import published

    values = glued[0]["paper1_authors"]
    assert values["authors_image"] == published.THRESHOLD_IMAGE_EXACT and values["image_match"].startswith("identical")
    assert 0.5 < values["authors_audio"] < 3.33
    assert 0 <= values["shared_authors_mixed4_consistent"] <= 64 and values["shared_paper_mixed4_consistent"] == 29
    assert 0 <= values["shared_ours_mixed4_consistent"] <= 64     # the tiny runs of the other chapters
    assert values["n_files"] == 14
    assert 0 <= values["gap_authors"] <= values["gap_authors_max"] and values["gap_by_depth"].startswith("depth 1: ")


@pytest.mark.parametrize("ours, verdict", [(6.0, "lies in how the book's own networks"), (2.5, "about as close")])
def test_the_authors_page_says_where_the_distance_to_the_paper_lies(ours, verdict):
    """Mean absolute differences from the printed counts: the authors' networks through this
    analysis against the book's own (pooled per depth, largest named), and the verdict."""
    from sharedrep.conditions import TWO_STAGE, mixed
    from sharedrep.pages.paper1_authors import agreement_numbers

    gaps = {mixed(1): (1.0, ours), mixed(1, "inconsistent"): (3.0, ours + 2), TWO_STAGE: (2.0, float("nan"))}
    numbers = agreement_numbers(gaps)
    assert numbers["gap_authors"] == 2.0 and numbers["gap_authors_max"] == 3.0
    assert numbers["gap_authors_worst"] == "mixed-1-inconsistent" and numbers["gap_ours"] == ours + 1
    assert numbers["gap_by_depth"] == f"depth 1: 2.0 against {ours + 1:.1f}"
    assert verdict in numbers["gap_verdict"]


def test_the_chapters_share_the_stored_runs(glued):
    # 2 depths x 2 pairings + two-stage, each stored once with its classifiers, whichever chapter
    # ran first: the development page's cross-modal runs are three of them
    assert len(glued[1]) == 5


def test_bad_snapshot_parameter(tmp_path):
    with pytest.raises(ValueError, match="SNAPSHOTS"):
        chapters.run_chapter("paper1_development", tmp_path / "x.ipynb", {"SNAPSHOTS": [-1]})


def test_the_authors_page_names_untrained_files_that_are_not_their_networks_start():
    from sharedrep.pages.paper1_authors import initial_states

    numbers = initial_states([0.14, 0.21, 0.29, 0.32, 0.0, 0.42, 0.43])    # authors.NETWORKS order
    assert numbers["init_unrelated"] == "mixed-4-consistent" and numbers["init_unrelated_r"] == 0.0
    assert (numbers["init_related_min"], numbers["init_related_max"]) == (0.14, 0.43)
    assert initial_states([0.3] * 7)["init_unrelated"] == "none"


def test_the_authors_page_says_which_way_each_audio_side_number_leans():
    """Issue 19: no claim that every audio-side number leans one way when the counts do not."""
    from sharedrep.conditions import mixed
    from sharedrep.pages.paper1_authors import audio_side_text

    compared = {mixed(1): (np.array([7, 19, 5, 8]), np.array([10, 24, 3, 7])),
                mixed(2): (np.array([2, 22, 18, 13]), np.array([3, 16, 17, 13]))}
    numbers = dict(authors_audio=1.17, paper_audio=0.94,
                   acc_authors_mixed1_consistent_audio_audio=0.828, acc_paper_mixed1_consistent_audio_audio=0.718,
                   acc_authors_mixed2_consistent_audio_audio=0.738, acc_paper_mixed2_consistent_audio_audio=0.742)
    text = audio_side_text(compared, numbers)
    assert "1.17 bits against the paper's 0.94" in text
    assert "at least the printed ones in 2 of the 2 networks" in text
    assert "higher than published in 1 of the 2 networks (the largest shortfall 0.004)" in text
    assert "lean no one way (higher than printed in 1, lower in 1, equal in 0)" in text
    same = {key: (t, t) for key, (t, _) in compared.items()}
    assert "audio-only counts are the same" in audio_side_text(same, numbers)


def test_the_development_chapter_shows_longer_training_once_it_is_stored(tmp_path, paper1_results, glued):
    """The long runs are never trained by the chapter: not stored, the section says so; once
    stored (here: 3 epochs instead of 2), it draws them and checks they continue the book's runs."""
    import shutil

    from sharedrep import params
    from sharedrep.experiments import long_design, run_grid

    results = tmp_path / "results"                 # the session's tiny runs, and the long ones beside them
    shutil.copytree(paper1_results, results)

    parameters = {**TINY, "LONG_EPOCHS": 3, "LONG_SNAPSHOTS": [1]}
    cfg = params.freeze("paper1_development", **{**chapters.default_parameters("paper1_development"), **parameters})
    design = long_design(cfg)
    assert [(c.depth, c.pairing, c.epochs, c.snapshot_epochs, c.classifier_epochs, c.snapshot_responses)
            for c in design] == [(4, pairing, 3, (0, 1, 2, 3), 0, True) for pairing in ("consistent", "inconsistent")]
    before = glued_run("paper1_development", tmp_path, parameters, results, name="not-stored")
    assert not any(name.startswith("long_") for name in before)
    run_grid(design, directory=results)
    values = glued_run("paper1_development", tmp_path, parameters, results, name="stored")
    assert values["long_epochs"] == 3 and values["book_epochs"] == 2
    assert values["long_same_networks"] == "yes"      # the first 2 epochs are the book's tiny runs
    for pairing in ("consistent", "inconsistent"):
        for rule in ("values", "rule"):
            assert 0 <= values[f"long_shared_{rule}_{pairing}_long"] <= 64
        assert 0 <= values[f"long_sig_{pairing}_long"] <= 64 and 0 <= values[f"long_sig_{pairing}_book"] <= 64
    assert values["long_min_gap_sig_epoch"] in (2, 3)          # the significance rule at every saved epoch


def test_what_the_long_runs_say_about_the_protocol_follows_the_numbers():
    """The protocol paragraph's verdicts come from the records: the distance to the printed
    counts (29 and 2), the contrast between the pairings at every saved epoch, and the
    significance rule's difference; flipping a number flips the sentence."""
    from sharedrep.experiments.development import RULES_OVER_EPOCHS
    from sharedrep.pages.paper1_development import _protocol_numbers, _protocol_text

    def records(consistent, inconsistent):
        return [dict(pairing=pairing, rule=rule, epoch=epoch, mean=mean)
                for rule in RULES_OVER_EPOCHS
                for pairing, means in (("consistent", consistent), ("inconsistent", inconsistent))
                for epoch, mean in zip((0, 400, 1000, 2000), means)]

    base = dict(book_epochs=400, long_epochs=2000, long_paper_image=0.96, long_paper_audio=0.94,
                long_threshold_image_book=1.4, long_threshold_audio_book=1.2,
                long_threshold_image_long=1.0, long_threshold_audio_long=1.0,
                long_sig_consistent_book=60.0, long_sig_inconsistent_book=30.0,
                long_sig_consistent_long=50.0, long_sig_inconsistent_long=40.0)
    numbers = {**base, **_protocol_numbers(records((0, 49, 40, 31), (0, 3, 12, 7)), 400, 2000)}
    assert numbers["long_distance_values_book"] == (20 + 1) / 2 and numbers["long_distance_values_long"] == (2 + 5) / 2
    assert (numbers["long_incons_peak_epoch"], numbers["long_min_gap_values"]) == (1000, 24.0)
    text = _protocol_text(numbers)
    assert "come closer to the paper's printed ones" in text and "does not depend on" in text
    assert "shrinks from 30.0 cells at epoch 400 to 10.0 at epoch 2000" in text
    assert "gives some of it to more cells" in text
    assert "gives more at every saved epoch from 400 to 2000 (smallest difference 24.0 cells, epoch 2000)" in text
    assert "thresholds fall towards" in text

    reversed_ = {**base, **_protocol_numbers(records((0, 31, 40, 49), (0, 3, 41, 7)), 400, 2000)}
    text = _protocol_text(reversed_)
    assert "do not come closer to" in text and "does *not* hold" in text and "epoch 1000" in text
    assert ("does *not* give more at every saved epoch from 400 to 2000 (smallest difference -1.0 cells, "
            "epoch 1000)") in text


def test_the_printed_accuracies_are_one_networks_each(monkeypatch):
    """Issue 19: the crosses are one network's accuracies (whole test rows out of 500), said from the values."""
    from sharedrep import published
    from sharedrep.conditions import mixed
    from sharedrep.pages.paper1_shared import printed_grain

    numbers = printed_grain()
    assert numbers["grain_rows"] == 500 and numbers["grain_words"].startswith("every one of the")
    monkeypatch.setitem(published.SHARED_ACCURACY, (mixed(9), "image"), (0.9371, 0.5))
    assert printed_grain()["grain_words"].startswith(f"{numbers['grain_printed'] + 1} of the "
                                                     f"{numbers['grain_printed'] + 2} printed accuracies")


def test_transfer_after_inconsistent_training_is_tested_against_chance():
    """Issue 19: an accuracy below chance (0.079) is not left uncommented: a t-test says whether it differs."""
    from sharedrep.pages.paper1_development import chance_words

    below = np.array([[0.08, 0.07], [0.09, 0.08], [0.07, 0.08], [0.08, 0.09], [0.075, 0.085]])
    assert chance_words(below).startswith("below chance, p = ") and "over 5 networks" in chance_words(below)
    assert chance_words(np.array([[0.1, 0.11], [0.09, 0.1], [0.12, 0.08]])).startswith("not different from chance")
    assert chance_words(np.array([[0.08, 0.07]])).startswith("no test")
