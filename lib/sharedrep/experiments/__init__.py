"""Paper 1's experiments: conditions, the batched runner, stored results, information analysis."""
from . import celltypes, dbn_folds, dbn_report, dbn_scaling, demonstration, development, extent, shared_learning
from .analysis import (
    ANALYSES,
    analysis_rows,
    information,
    layer_counts,
    ranked_maximum_information,
    ranking_records,
    type_counts,
)
from .extent import ExtensionNeeded
from .runner import (
    FRAMEWORKS,
    PAIRINGS,
    PAPER1_CHAPTERS,
    RESULT_KIND,
    Condition,
    chapter_design,
    chapter_runs,
    conditions_from,
    describe_runs,
    load_or_run,
    long_design,
    paper1_design,
    run_condition,
    run_grid,
    seconds_per_network_epoch,
    stored_grid,
    transfer_design,
)

__all__ = ["ANALYSES", "analysis_rows", "information", "layer_counts", "ranked_maximum_information",
           "ranking_records", "type_counts",
           "ExtensionNeeded", "FRAMEWORKS", "PAIRINGS", "PAPER1_CHAPTERS", "RESULT_KIND", "Condition",
           "chapter_design", "chapter_runs", "conditions_from", "describe_runs", "load_or_run", "long_design",
           "paper1_design",
           "run_condition", "run_grid", "seconds_per_network_epoch", "stored_grid", "transfer_design", "celltypes",
           "dbn_folds", "dbn_report", "dbn_scaling", "demonstration", "development", "extent", "shared_learning"]
