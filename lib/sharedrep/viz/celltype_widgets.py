"""The cell-type sliders for a live kernel (Jupyter, Colab): ipywidgets whose callback is
one library call. The static page has the same sliders as altair params
(:func:`sharedrep.viz.celltype_figures.celltype_explorer`), which need no kernel."""
from __future__ import annotations

import numpy as np

from .. import published
from ..experiments import celltypes
from .celltype_figures import counts_table


def counts_at(bits_by_condition: dict, depth: int, threshold_image: float, threshold_audio: float) -> str:
    """Markdown table of the cell-type counts of the conditions at ``depth`` (and the two-stage
    network when ``depth == 4``) for the given thresholds in bits.

    bits_by_condition : ``{label: [seeds, 3 analyses, digits, cells]}``.
    """
    chosen = {label: bits for label, bits in bits_by_condition.items() if int(label.split("-")[1]) == depth}
    if not chosen:
        raise ValueError(f"depth={depth}: no stored condition at this depth "
                         f"(have {sorted({int(k.split('-')[1]) for k in bits_by_condition})})")
    if min(threshold_image, threshold_audio) < 0:
        raise ValueError("thresholds must be non-negative (bits)")
    counts = celltypes.counts_by_condition(chosen, (threshold_image, threshold_audio))
    return counts_table(counts, published.CELL_TYPE_COUNTS)


def counts_explorer(bits_by_condition: dict, thresholds: tuple[float, float], depths, max_bits: float = np.log2(10)):
    """ipywidgets: depth and the two thresholds; the table below follows them (:func:`counts_at`)."""
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    def show(depth, threshold_image, threshold_audio):
        display(Markdown(counts_at(bits_by_condition, depth, threshold_image, threshold_audio)))

    slider = dict(min=0.0, max=float(round(max_bits, 2)), step=0.01, continuous_update=False)
    return widgets.interactive(
        show,
        depth=widgets.SelectionSlider(options=sorted(depths), value=max(depths), description="depth"),
        threshold_image=widgets.FloatSlider(value=float(thresholds[0]), description="image (bits)", **slider),
        threshold_audio=widgets.FloatSlider(value=float(thresholds[1]), description="audio (bits)", **slider))
