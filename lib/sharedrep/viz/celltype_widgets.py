"""The cell-type sliders for a live kernel (Jupyter, Colab): ipywidgets whose callback is
one library call. The static page has the same sliders as altair params
(:func:`sharedrep.viz.celltype_figures.celltype_explorer`), which need no kernel."""
from __future__ import annotations

from typing import Callable

import numpy as np

from .. import published
from .celltype_figures import counts_table


def counts_explorer(counts_at: Callable[[int, tuple[float, float]], dict], thresholds: tuple[float, float],
                    depths, max_bits: float = np.log2(10)):
    """ipywidgets: depth and the two thresholds; the table below follows them.

    counts_at : ``(depth, (threshold_image, threshold_audio)) -> {label: counts [seeds, 4 types]}``,
        e.g. ``functools.partial(sharedrep.experiments.celltypes.counts_at_depth, bits)``.
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    def show(depth, threshold_image, threshold_audio):
        counts = counts_at(depth, (threshold_image, threshold_audio))
        display(Markdown(counts_table(counts, published.CELL_TYPE_COUNTS)))

    slider = dict(min=0.0, max=float(round(max_bits, 2)), step=0.01, continuous_update=False)
    return widgets.interactive(
        show,
        depth=widgets.SelectionSlider(options=sorted(depths), value=max(depths), description="depth"),
        threshold_image=widgets.FloatSlider(value=float(thresholds[0]), description="image (bits)", **slider),
        threshold_audio=widgets.FloatSlider(value=float(thresholds[1]), description="audio (bits)", **slider))
