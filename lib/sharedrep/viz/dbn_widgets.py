"""The input-channel menu of paper 2's results chapter for a live kernel (Jupyter, Colab):
an ipywidgets dropdown whose callback is one library call,
:func:`sharedrep.viz.dbn_result_figures.from_input`. The static page has the same menu as an
altair param (:func:`~sharedrep.viz.dbn_result_figures.reconstruction_explorer`)."""
from __future__ import annotations

from .dbn_result_figures import from_input


def input_channel_explorer(arrays: dict, names, initial: str = "class"):
    """ipywidgets: pick the input channel (and before/after back-fitting); the figure follows."""
    import ipywidgets as widgets
    from IPython.display import display

    def show(source, stage):
        display(from_input(arrays, source, names, stage))

    return widgets.interactive(
        show, source=widgets.Dropdown(options=list(names), value=initial, description="input"),
        stage=widgets.ToggleButtons(options=["after", "before"], description="back-fitting"))
