"""Figures for the book (altair). Chapters call these; the static page needs no kernel."""
from . import (
    data_figures,
    dbn_figures,
    dbn_result_figures,
    development_figures,
    info_figures,
    model_figures,
    ranking_figures,
    shared_figures,
)
from .charts import heatmap, live_kernel, long_format, setup_charts

__all__ = ["heatmap", "live_kernel", "long_format", "setup_charts", "data_figures", "dbn_figures",
           "dbn_result_figures", "development_figures",
           "info_figures", "model_figures", "ranking_figures", "shared_figures"]
