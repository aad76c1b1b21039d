"""Paper 1's cell typing inside paper 2's associative memory (issue 22): the typing for two
and for four channels on cells of known selectivity, the thresholds, the paired test."""
import numpy as np
import pytest

from sharedrep.experiments import dbn_cells
from sharedrep.pages import paper2_cells as cells

CHANNELS = dbn_cells.CHANNELS            # image, audio, motor, class


def _chosen(spec, n_cells=6):
    """Boolean [4 channels, 10 digits, cells] from {cell: {channel: digits it is selective for}}."""
    chosen = np.zeros((4, 10, n_cells), bool)
    for cell, by_channel in spec.items():
        for channel, digits in by_channel.items():
            chosen[CHANNELS.index(channel), digits, cell] = True
    return chosen


KNOWN = _chosen({
    0: {"image": [3]},                                           # image only
    1: {"audio": [5]},                                           # audio only
    2: {"image": [1], "audio": [2]},                             # both, no common digit
    3: {"image": [7], "audio": [7], "motor": [7], "class": [7]},  # one digit through all four
    4: {"image": [4, 6], "audio": [6], "class": [4]},            # 6 through two, 4 through two
    # cell 5: selective through no channel
})


def test_the_four_types_of_a_pair_on_cells_of_known_selectivity():
    assert cells.pair_types(KNOWN, "image+audio").tolist() == [1, 1, 1, 2]     # visual, audio, incons., cons.
    assert cells.pair_types(KNOWN, "image+class").tolist() == [2, 0, 0, 2]     # cells 0, 2 | 3, 4 share
    assert cells.pair_types(KNOWN, "audio+motor").tolist() == [3, 0, 0, 1]
    assert cells.pair_types(np.stack([KNOWN, KNOWN]), "image+audio").shape == (2, 4)   # leading axes kept


def test_sharedness_counts_channels_selective_for_one_digit():
    assert cells.sharedness(KNOWN).tolist() == [1, 1, 1, 4, 2, 0]
    assert cells.sharedness_counts(KNOWN).tolist() == [1, 3, 1, 0, 1]


def test_thresholds_come_from_each_channel_after_back_fitting_and_are_strict():
    bits = np.zeros((2, 2, 5, 10, 8))                             # [folds, stages, inputs, digits, cells]
    for k in range(len(CHANNELS)):
        bits[:, 1, k] = np.linspace(0, k + 1, 80).reshape(10, 8)  # after back-fitting: 0 .. k+1 bits
    bits[:, 0] = 5.0                                               # before: ignored by the rule
    thresholds = cells.channel_thresholds(bits, 50)
    assert [thresholds[c] for c in CHANNELS] == pytest.approx([0.5, 1.0, 1.5, 2.0])
    chosen = cells.selective(bits, thresholds)
    assert chosen.shape == (2, 2, 4, 10, 8) and chosen[:, 0].all()
    assert chosen[:, 1].sum() == 2 * 4 * 40                          # strictly above the median: half
    assert not cells.selective(np.full((5, 10, 1), 0.5), {c: 0.5 for c in CHANNELS}).any()


def test_the_paired_change_and_its_verdict():
    change = cells.paired_change([1, 2, 3, 4], [5, 7, 6, 9])
    assert change[0] == 4.25 and change[1] > 0 and change[2] < 0.05
    assert cells.verdict(change) == "back-fitting creates shared cells"
    assert "removes" in cells.verdict(cells.paired_change([5, 7, 6, 9], [1, 2, 3, 4]))
    assert "leaves" in cells.verdict(cells.paired_change([1, 2, 3], [2, 3, 4]))   # no variance: no test
    assert "leaves" in cells.verdict(cells.paired_change([1, 5, 3], [2, 3, 5]))


def test_a_cells_unit_checks_its_parameters():
    unit = dbn_cells.cells_unit("theo")
    assert unit.kind == "paper2_cells" and unit.parameters["n_bins"] == 10 and "gibbs_steps" not in unit.parameters
    with pytest.raises(ValueError, match="held_out"):
        dbn_cells.cells_unit("nobody")
    with pytest.raises(ValueError, match="n_bins"):
        dbn_cells.cells_unit("theo", n_bins=1)


def test_the_page_says_whether_it_analyses_the_stored_folds_networks():
    from types import SimpleNamespace

    def run(alignment, machine="x86_64, 2 cores, CPU A"):
        return SimpleNamespace(arrays={"alignment": np.array(alignment)}, provenance={"machine": machine})

    def fold(before, after, machine="x86_64, 2 cores, CPU A"):
        return SimpleNamespace(arrays={"alignment_before": np.array(before), "alignment_after": np.array(after)},
                               provenance={"machine": machine})

    same = cells.same_networks({"theo": run([[1.0, 2.0], [0.5, 0.5]])}, {"theo": fold([1.0, 2.0], [0.5, 0.5])})
    assert same.startswith("The analysed networks are the stored folds'")
    other_cpu = cells.same_networks({"theo": run([[1.0, 2.0], [0.5, 0.5]])},
                                    {"theo": fold([1.0, 2.1], [0.5, 0.5], "x86_64, 2 cores, CPU B")})
    assert "differs by up to 0.1000 (theo; the fold was stored on x86_64, 2 cores, CPU B" in other_cpu
    drift = cells.same_networks({"theo": run([[1.0, 2.0], [0.5, 0.5]])}, {"theo": fold([1.0, 2.1], [0.5, 0.5])})
    assert "the code has changed since the fold was stored" in drift
    assert cells.same_networks({"lucas": run([[1.0], [1.0]])}, {}) == "No stored fold to compare with for lucas."


def test_paper2_s_test_scores_each_rebuilt_modality_by_its_own_classifier():
    """error[target, source] in percent: the classifier of the target modality applied to what
    the network rebuilt from the source alone, against the rows' digits."""
    from sharedrep.experiments import crossmodal

    digits = np.repeat(np.arange(10), 2)                          # two rows per digit
    good = np.eye(10)[digits]                                     # a rebuilt input that names its digit
    bad = np.eye(10)[(digits + 1) % 10]                           # ... and one that names the next digit
    outputs = {"image": {"image": good, "audio": bad, "digits": digits},
               "audio": {"image": good, "audio": good, "digits": digits}}
    predict = {"image": lambda x: x.argmax(axis=1), "audio": lambda x: x.argmax(axis=1)}
    error, by_digit = crossmodal.error_table(predict, outputs)
    assert error.tolist() == [[0.0, 0.0], [100.0, 0.0]]           # sound rebuilt from the image: all wrong
    assert by_digit.shape == (2, 2, 10) and np.all(by_digit[1, 0] == 100)
    with pytest.raises(ValueError, match="audio_recipe"):
        crossmodal.crossmodal_unit("mp3")


def test_the_figures_draw_the_stages_in_the_experiment_s_order():
    from sharedrep.viz import dbn_cell_figures

    assert dbn_cell_figures.STAGES == dbn_cells.STAGES       # viz may not import experiments: kept equal here
