"""Paper 1's experiments: conditions, the batched runner, stored results, information analysis."""
from .analysis import ANALYSES, analysis_rows, information, layer_counts, type_counts
from . import celltypes
from .runner import (FRAMEWORKS, PAIRINGS, RESULT_KIND, Condition, conditions_from, describe_runs,
                     load_or_run, paper1_design, run_condition, run_grid)

__all__ = ["ANALYSES", "analysis_rows", "information", "layer_counts", "type_counts",
           "FRAMEWORKS", "PAIRINGS", "RESULT_KIND", "Condition", "conditions_from", "describe_runs",
           "load_or_run", "paper1_design", "run_condition", "run_grid", "celltypes"]
