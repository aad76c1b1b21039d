"""The information page (single-cell information, its bias, the threshold and the four cell
types, on simulated cells): each section's numbers and the records its figure draws.

Every function returns raw numbers (``{glue name: value}``, formatted in the prose) and, where
the section has a figure, what the figure takes. ``cfg`` is the chapter's frozen parameters.
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from .. import info, published

# paper 1's analysis of one modality: 10 digits, 50 test inputs of each, 10 bins, 64 cells
PAPER_DIGITS, PAPER_TRIALS, PAPER_BINS, PAPER_CELLS = 10, 50, 10, 64
WEAK_SELECTIVITY, ALPHA = 0.2, 0.05      # the permutation test's weakly tuned cell; its level
THRESHOLD_Q = 80                         # the paper's percentile rule
# I(s, cell) in bits, [digits, cells], made up to show every branch of the cell-type rule
EXAMPLE_IMAGE_BITS = np.array([[1.80, 0.20, 1.20, 0.20, 0.90],
                               [0.10, 0.30, 0.10, 2.10, 0.50],
                               [0.20, 0.10, 0.30, 0.40, 0.30]])
EXAMPLE_AUDIO_BITS = np.array([[0.10, 0.20, 0.10, 0.30, 0.40],
                               [0.30, 1.50, 0.20, 1.70, 0.93],
                               [0.20, 0.10, 1.10, 0.20, 0.60]])


def paper_numbers() -> dict:
    """The size of the paper's analysis of one modality (digits, test inputs per digit, bins, cells)."""
    return dict(paper_digits=PAPER_DIGITS, paper_trials=PAPER_TRIALS, paper_bins=PAPER_BINS,
                paper_cells=PAPER_CELLS)


def table1_numbers() -> dict:
    """Paper 1's Table 1 (rows A-D, three response bins) recomputed: per row the counts, the
    information with all terms and with positive terms only (bits) beside the printed values,
    and the worked example of row A's top bin."""
    table1, letters = published.TABLE1_COUNTS, published.TABLE1_LETTERS
    bits_all = info.information_from_counts(table1, terms="all")
    bits_positive = info.information_from_counts(table1, terms="positive")
    numbers = {}
    for k, letter in enumerate(letters):
        numbers.update({f"t1_counts_{letter}": " / ".join(str(n) for n in table1[k]),
                        f"t1_all_{letter}": float(bits_all[k]), f"t1_paper_{letter}": published.TABLE1_BITS[k],
                        f"t1_positive_{letter}": float(bits_positive[k])})
    p_top_given_a = table1[0, 2] / table1[0].sum()
    p_top = table1[:, 2].sum() / table1.sum()
    numbers.update(
        t1_p_top_a=float(p_top_given_a), t1_p_top=float(p_top),
        t1_term_top_a=float(p_top_given_a * np.log2(p_top_given_a / p_top)),
        t1_mi=float(info.mutual_information_from_counts(table1)),
        t1_max_diff=float(np.abs(bits_all - np.array(published.TABLE1_BITS)).max()),
        t1_letters=len(letters), t1_trials=int(table1[0].sum()), t1_bins=table1.shape[1])
    return numbers


@dataclass(frozen=True)
class TuningSection:
    numbers: dict
    model_cells: dict        # {selectivity: (responses [stimuli*trials, 1], stimuli)}
    selectivities: np.ndarray
    default_selectivity: float
    default_bins: int


def tuning(cfg) -> TuningSection:
    """Model cells of every selectivity the slider offers and the worked examples: an untuned
    cell with few and many bins, a fully tuned cell's information about its preferred and
    other stimuli, and the limits log2(N) and log2(N / (N - 1)) (bits)."""
    defaults = inspect.signature(info.tuned_responses).parameters
    selectivities = np.round(np.linspace(0, 1, cfg.SELECTIVITY_STEPS), 4)
    model_cells = {float(sel): info.tuned_responses(cfg.N_STIMULI, cfg.TRIALS, sel, cfg.NOISE, seed=cfg.SEED)
                   for sel in selectivities}
    default_sel = float(selectivities[np.abs(selectivities - 0.6).argmin()])
    default_bins = 10 if 10 in cfg.BIN_CHOICES else cfg.BIN_CHOICES[0]
    binned_01 = dict(normalize=None)
    untuned, tuned = model_cells[0.0], model_cells[1.0]
    few, many = min(cfg.BIN_CHOICES), max(cfg.BIN_CHOICES)
    tuned_bits = info.single_cell_information(*tuned, default_bins, **binned_01)[:, 0]
    numbers = dict(
        model_baseline=defaults["baseline"].default, model_gain=defaults["gain"].default, model_noise=cfg.NOISE,
        ex_trials=cfg.TRIALS, ex_few_bins=few, ex_many_bins=many, ex_default_bins=default_bins,
        ex_untuned_few=float(info.single_cell_information(*untuned, few, **binned_01).max()),
        ex_untuned_many=float(info.single_cell_information(*untuned, many, **binned_01).max()),
        ex_tuned_pref=float(tuned_bits[0]), ex_tuned_other=float(tuned_bits[1:].mean()),
        ex_max_bits=float(np.log2(cfg.N_STIMULI)),
        ex_other_limit=float(np.log2(cfg.N_STIMULI / (cfg.N_STIMULI - 1))))
    return TuningSection(numbers, model_cells, selectivities, default_sel, default_bins)


def bias(cfg) -> tuple[dict, list]:
    """The information of untuned cells (bits, mean over ``cfg.BIAS_CELLS`` cells) by five
    estimators against the trials per digit: (numbers at the paper's 50 trials and at the
    fewest, records ``{trials, estimate, bits}`` for the figure)."""
    kw = dict(n_bins=PAPER_BINS, normalize=None)
    trial_counts = sorted(set(cfg.BIAS_TRIALS) | {PAPER_TRIALS})
    records, at = [], {}
    for n in trial_counts:
        responses, stimuli = info.untuned_responses(PAPER_DIGITS, n, cfg.BIAS_CELLS, seed=cfg.SEED)
        at[n] = {
            "plug-in, all terms": info.single_cell_information(responses, stimuli, **kw),
            "plug-in, positive terms": info.single_cell_information(responses, stimuli, terms="positive", **kw),
            "shuffle-corrected": info.bias_corrected_information(
                responses, stimuli, n_shuffles=cfg.N_SHUFFLES, seed=cfg.SEED, **kw),
            "Panzeri-Treves-corrected": info.bias_corrected_information(
                responses, stimuli, method="panzeri-treves", **kw),
            "first-order expectation": np.array(info.untuned_bias(PAPER_BINS, PAPER_DIGITS, n)),
        }
        if n in cfg.BIAS_TRIALS:
            records += [dict(trials=n, estimate=k, bits=round(float(v.mean()), 4)) for k, v in at[n].items()]
    paper_n, fewest = at[PAPER_TRIALS], min(trial_counts)
    numbers = dict(
        bias_raw_paper=float(paper_n["plug-in, all terms"].mean()),
        bias_pos_paper=float(paper_n["plug-in, positive terms"].mean()),
        bias_expected_paper=float(paper_n["first-order expectation"]),
        bias_shuffle_paper=float(paper_n["shuffle-corrected"].mean()),
        bias_pt_paper=float(paper_n["Panzeri-Treves-corrected"].mean()),
        bias_fewest=fewest, bias_fewest_vs_bins=("fewer trials than response bins" if fewest < PAPER_BINS else
                                                 "as many trials as response bins" if fewest == PAPER_BINS else
                                                 f"only {fewest / PAPER_BINS:.2g} trials per response bin"),
        bias_raw_fewest=float(at[fewest]["plug-in, all terms"].mean()),
        bias_pt_fewest=float(at[fewest]["Panzeri-Treves-corrected"].mean()),
        bias_shuffle_fewest=float(at[fewest]["shuffle-corrected"].mean()), bias_cells=cfg.BIAS_CELLS,
        bias_pos_max_paper=float(paper_n["plug-in, positive terms"].max()),
        bias_pos_max_fewest=float(at[fewest]["plug-in, positive terms"].max()))
    return numbers, records


def permutation(cfg) -> tuple[dict, np.ndarray, np.ndarray]:
    """The permutation test on a weakly tuned and an untuned cell: (numbers, p values of the
    weak cell per digit [10], p values of the untuned cell per digit [10])."""
    weak = info.tuned_responses(PAPER_DIGITS, PAPER_TRIALS, WEAK_SELECTIVITY, cfg.NOISE, seed=cfg.SEED)
    flat = info.tuned_responses(PAPER_DIGITS, PAPER_TRIALS, 0.0, cfg.NOISE, seed=cfg.SEED)
    test = dict(n_shuffles=cfg.N_PERMUTATIONS, seed=cfg.SEED, n_bins=PAPER_BINS, terms="positive")
    p_weak = info.permutation_test(*weak, **test)[:, 0]
    p_flat = info.permutation_test(*flat, **test)[:, 0]
    weak_bits = info.single_cell_information(*weak, n_bins=PAPER_BINS, terms="positive")[:, 0]
    flat_passing = int((p_flat <= ALPHA).sum())
    numbers = dict(perm_weak_selectivity=WEAK_SELECTIVITY, alpha=ALPHA, perm_n=cfg.N_PERMUTATIONS,
                   perm_weak_bits=float(weak_bits[0]), perm_weak_p=float(p_weak[0]),
                   perm_min_p=1 / (cfg.N_PERMUTATIONS + 1), perm_flat_min_p=float(p_flat.min()),
                   perm_flat_n05=flat_passing, perm_flat_have="has" if flat_passing == 1 else "have",
                   perm_tests=PAPER_DIGITS * PAPER_CELLS,
                   perm_expected=ALPHA * PAPER_DIGITS * PAPER_CELLS)
    return numbers, p_weak, p_flat


def permutation_table(p_weak, p_flat) -> str:
    """The permutation test's p values per digit (:func:`permutation`) as a markdown table,
    one row per cell."""
    from ..tables import markdown_table

    rows = [[name, *(f"{p:.3f}" for p in values)] for name, values in
            (("weakly tuned", p_weak), ("untuned", p_flat))]
    return markdown_table(["cell", *(f"digit {d}" for d in range(len(p_weak)))], rows, align="l" + "r" * len(p_weak))


def threshold(cfg) -> tuple[dict, np.ndarray, float]:
    """A simulated population of the paper's size (cells of random selectivity and preferred
    digit) and its 80th-percentile threshold: (numbers, bits [digits, cells], threshold in bits)."""
    rng = np.random.default_rng(cfg.SEED)
    population = info.tuned_responses(
        PAPER_DIGITS, PAPER_TRIALS, rng.uniform(0, 1, PAPER_CELLS), cfg.NOISE,
        n_cells=PAPER_CELLS, preferred=rng.integers(0, PAPER_DIGITS, PAPER_CELLS), seed=cfg.SEED)
    bits = info.single_cell_information(*population, n_bins=PAPER_BINS, terms="positive")
    cut = info.percentile_threshold(bits, q=THRESHOLD_Q)
    numbers = dict(threshold_q=THRESHOLD_Q, paper_threshold_image=info.PAPER_THRESHOLD_IMAGE,
                   paper_threshold_audio=info.PAPER_THRESHOLD_AUDIO, paper_values=bits.size,
                   sim_threshold=cut, sim_above=int((bits > cut).sum()))
    return numbers, bits, cut


def cell_type_example() -> tuple[dict, info.CellTypes]:
    """The four cell types of the made-up example cells under the paper's thresholds."""
    types = info.cell_types(EXAMPLE_IMAGE_BITS, EXAMPLE_AUDIO_BITS, info.PAPER_THRESHOLD_IMAGE,
                            info.PAPER_THRESHOLD_AUDIO)
    numbers = {f"types_{name}": n for name, n in types.counts.items()}
    numbers["types_close_audio"] = float(EXAMPLE_AUDIO_BITS[1, 4])
    return numbers, types
