"""Cell types across conditions (paper 1, Figs. 3-4) and the paper's statistics.

Works on stored results of :func:`~sharedrep.experiments.load_or_run` (one per
condition): the count tables of the last encoding layer after training give the
information of every cell about every digit in the image-only and audio-only analyses;
thresholds turn them into the four cell types; scipy gives the t-tests and the one-way
ANOVA over depth that the paper reports.
"""
from __future__ import annotations

import numpy as np
from scipy import stats

from .. import info
from .. import seeds as seeding
from ..conditions import TWO_STAGE, mixed
from ..validation import Float, Int, one_of
from .analysis import information, type_counts

THRESHOLD_RULES = ("paper", "percentile", "fixed")


def last_layer_information(result, terms: str = "all", snapshot: int | None = -1) -> np.ndarray:
    """I(s, R) of the last encoding layer: ``[seeds, 3 analyses, 10 digits, units]`` bits.

    result : a stored result (``.arrays`` with ``counts_layer<k>``); ``snapshot`` indexes
    ``snapshot_epochs`` (default: the final epoch); ``None``: every snapshot, giving
    ``[seeds, snapshots, 3 analyses, 10 digits, units]``.
    """
    arrays = result.arrays if hasattr(result, "arrays") else result
    depth = max(int(k.removeprefix("counts_layer")) for k in arrays if k.startswith("counts_layer"))
    counts = arrays[f"counts_layer{depth}"]
    return information(counts if snapshot is None else counts[:, snapshot], terms=terms)


def percentile_thresholds(bits: np.ndarray, q: float = 80) -> tuple[float, float]:
    """The paper's rule: the q-th percentile of all (digit, cell) values of the image-only
    and of the audio-only analysis. ``bits`` ``[..., 3, digits, cells]`` (all networks pooled)."""
    return (info.percentile_threshold(bits[..., 1, :, :], q), info.percentile_threshold(bits[..., 2, :, :], q))


def thresholds_for(rule: str, reference_bits: np.ndarray | None = None, q: float = 80,
                   fixed: tuple[float, float] | None = None) -> tuple[float, float]:
    """(image, audio) thresholds in bits by ``rule``:

    "paper" : the published thresholds, 0.96 / 0.94 bits as printed (unrounded as the authors' code holds them);
    "percentile" : the q-th percentile of ``reference_bits`` (the paper's rule, applied to
        our trained depth-4 consistent networks);
    "fixed" : the values in ``fixed``.
    """
    one_of("threshold rule", rule, THRESHOLD_RULES)
    if rule == "paper":
        return info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO
    if rule == "percentile":
        if reference_bits is None:
            raise ValueError("the percentile rule needs the reference networks' information")
        return percentile_thresholds(reference_bits, q)
    if fixed is None or len(fixed) != 2 or min(fixed) < 0:
        raise ValueError(f"fixed thresholds must be two non-negative numbers, got {fixed!r}")
    return float(fixed[0]), float(fixed[1])


def counts_at_depth(bits_by_condition: dict, depth: int, thresholds: tuple[float, float]) -> dict:
    """:func:`counts_by_condition` for the conditions at ``depth`` (the two-stage network is
    depth 4): ``{ConditionKey: counts [seeds, 4 types]}``; the live kernel's sliders call it.

    bits_by_condition : ``{ConditionKey: [seeds, 3 analyses, digits, cells]}``; thresholds in bits.
    """
    chosen = {key: bits for key, bits in bits_by_condition.items() if key.depth == depth}
    if not chosen:
        raise ValueError(f"depth={depth}: no stored condition at this depth "
                         f"(have {sorted({key.depth for key in bits_by_condition})})")
    if min(thresholds) < 0:
        raise ValueError(f"thresholds={thresholds}: must be non-negative (bits)")
    return counts_by_condition(chosen, thresholds)


def counts_by_condition(bits_by_condition: dict, thresholds: tuple[float, float]) -> dict:
    """``{ConditionKey: int [seeds, 4]}`` cell-type counts (order :data:`sharedrep.info.TYPES`)."""
    return {key: type_counts(bits, *thresholds) for key, bits in bits_by_condition.items()}


def consistent_vs_inconsistent(counts: dict, depths) -> dict:
    """Welch t-test of consistent-cell counts, consistent vs inconsistent training, per depth:
    ``{depth: (t, p)}``. ``counts`` is keyed by :class:`~sharedrep.conditions.ConditionKey`."""
    column = info.TYPES.index("consistent")
    out = {}
    for depth in depths:
        a = counts[mixed(depth, "consistent")][:, column]
        b = counts[mixed(depth, "inconsistent")][:, column]
        out[depth] = welch_ttest(a, b)
    return out


def anova_over_depth(counts: dict, depths, pairing: str = "consistent") -> tuple[float, float, tuple]:
    """One-way ANOVA of consistent-cell counts over depth: ``(F, p, (df_between, df_within))``."""
    column = info.TYPES.index("consistent")
    return one_way_anova([counts[mixed(d, pairing)][:, column] for d in depths])


def one_way_anova(groups) -> tuple[float, float, tuple]:
    """One-way ANOVA of samples ``groups`` (one 1-D array per group): ``(F, p, (df_between,
    df_within))``; F and p are nan with fewer than two groups, a group of one value or no
    variance at all."""
    groups = [np.asarray(g, float) for g in groups]
    df = (len(groups) - 1, sum(len(g) for g in groups) - len(groups))
    if len(groups) < 2 or min(len(g) for g in groups) < 2 or np.ptp(np.concatenate(groups)) == 0:
        return float("nan"), float("nan"), df  # undefined with one seed or no variance
    result = stats.f_oneway(*groups)
    return float(result.statistic), float(result.pvalue), df


def mixed_vs_two_stage(counts: dict, pairing: str = "consistent") -> tuple[float, float]:
    """Welch t-test of consistent cells, mixed-input depth 4 vs two-stage: ``(t, p)``."""
    column = info.TYPES.index("consistent")
    return welch_ttest(counts[mixed(4, pairing)][:, column], counts[TWO_STAGE.paired(pairing)][:, column])


def welch_ttest(a, b) -> tuple[float, float]:
    """Welch's t-test of two samples: ``(t, p)``; ``(nan, nan)`` with fewer than 2 values in a
    sample or no variance at all."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    if min(len(a), len(b)) < 2 or (a.var() == 0 and b.var() == 0):
        return float("nan"), float("nan")  # undefined with one seed or no variance
    result = stats.ttest_ind(a, b, equal_var=False)
    return float(result.statistic), float(result.pvalue)


def example_cells(bits: np.ndarray, thresholds: tuple[float, float]) -> dict:
    """One example cell per type for one network: ``{type: cell index or None}``, the cell
    of that type carrying the most information (max over digits and modalities).

    bits : ``[3 analyses, digits, cells]`` of one network.
    """
    typed = info.cell_types(bits[1], bits[2], *thresholds)
    strength = np.maximum(bits[1], bits[2]).max(axis=0)
    out = {}
    for kind in info.TYPES:
        cells = typed.cells(kind)
        out[kind] = int(cells[np.argmax(strength[cells])]) if len(cells) else None
    return out


def significant_cells(run, alpha: float = 0.05, n_shuffles: int = 200, terms: str = "positive",
                      seed: int = 0, snapshot: int | None = None) -> np.ndarray:
    """A principled rule for "selective" (issue 21): a cell is selective for a digit in a
    modality when its information about that digit, in the image-only (or audio-only)
    analysis of the final encoder, is significant at ``alpha`` in a permutation test of the
    digit labels with the maximum over cells as the null (family-wise error over the cells of
    a network, per digit).

    run : a stored paper-1 run (``responses_last`` float16 ``[networks, 1500, cells]``,
        ``test_digits``, ``test_block``); the responses are binned as the count tables are
        (10 bins, global range), from their float16 copy.
    snapshot : None: the final encoder (``responses_last``); an index into the run's
        ``snapshot_epochs``: the encoder at that epoch (``responses_snapshots``, kept by runs
        with ``snapshot_responses``).
    Returns bool ``[networks, 2 (image-only, audio-only), 10 digits, cells]``.
    """
    alpha = Float(0.0, 1.0, closed="neither").check("alpha", alpha)
    n_shuffles = Int(1, 1_000_000).check("n_shuffles", n_shuffles)
    arrays = run.arrays if hasattr(run, "arrays") else run
    if snapshot is None:
        responses = np.asarray(arrays["responses_last"], np.float32)
    elif "responses_snapshots" not in arrays:
        raise ValueError("this run kept no responses at its snapshots (a run with snapshot_responses=True does)")
    else:
        responses = np.asarray(arrays["responses_snapshots"][:, snapshot], np.float32)
    digits, block = np.asarray(arrays["test_digits"]), np.asarray(arrays["test_block"])
    out = np.zeros((responses.shape[0], 2, 10, responses.shape[-1]), dtype=bool)
    for n in range(responses.shape[0]):
        for m, modality in enumerate(("image", "audio")):
            rows = block == modality
            p = info.permutation_test(responses[n, rows], digits[rows], n_shuffles=n_shuffles,
                                      seed=seeding.child(seed, "permutation", n, m), terms=terms, correction="max")
            out[n, m] = p <= alpha
    return out


def significance_counts(selective: np.ndarray) -> np.ndarray:
    """Cell types per network from :func:`significant_cells`: int ``[networks, 5]``, the four
    types of :data:`sharedrep.info.TYPES` and, last, the cells selective for more than one
    digit in either modality (which the paper's typing does not single out)."""
    selective = np.asarray(selective, dtype=bool)
    out = np.zeros((selective.shape[0], len(info.TYPES) + 1), dtype=np.int64)
    for n in range(selective.shape[0]):
        typed = info.cell_types_from_selectivity(selective[n, 0], selective[n, 1])
        several = (selective[n, 0].sum(axis=0) > 1) | (selective[n, 1].sum(axis=0) > 1)
        out[n] = [typed.counts[t] for t in info.TYPES] + [int(several.sum())]
    return out
