"""Single-cell information analysis (Rolls et al. 1997), bias, significance and cell types.

Modules: ``measure`` (binning, counts, I(s, R), I(S; R)), ``shuffle`` (label-shuffled
null), ``bias`` (shuffle and Panzeri-Treves corrections), ``significance`` (permutation
test), ``celltypes`` (thresholds and the four cell types of paper 1), ``tuning`` (model
cells with a known selectivity, for teaching and tests).
"""
from .bias import bias_corrected_information, panzeri_treves_bias, shuffle_bias
from .celltypes import (
    ALL_TYPES,
    PAPER_THRESHOLD_AUDIO,
    PAPER_THRESHOLD_IMAGE,
    TYPES,
    CellTypes,
    cell_types,
    cell_types_from_selectivity,
    percentile_threshold,
    selective,
)
from .measure import (
    bin_responses,
    information_from_counts,
    mutual_information,
    mutual_information_from_counts,
    response_counts,
    single_cell_information,
    stimulus_labels,
)
from .significance import permutation_test
from .tuning import tuned_responses, untuned_bias, untuned_responses

__all__ = [
    "ALL_TYPES", "PAPER_THRESHOLD_AUDIO", "PAPER_THRESHOLD_IMAGE", "TYPES", "CellTypes",
    "bias_corrected_information", "bin_responses", "cell_types",
    "cell_types_from_selectivity", "information_from_counts", "mutual_information",
    "mutual_information_from_counts", "panzeri_treves_bias", "percentile_threshold",
    "permutation_test", "response_counts", "selective", "shuffle_bias",
    "single_cell_information", "stimulus_labels", "tuned_responses", "untuned_bias",
    "untuned_responses",
]
