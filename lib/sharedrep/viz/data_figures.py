"""Figures of the data chapter: MNIST and FSDD examples, the spectrogram recipe, the pairing."""
from __future__ import annotations

import altair as alt
import numpy as np

from ..constants import IMAGE_SHAPE
from .charts import heatmap, long_format

AUDIO_SHAPE = (14, 56)


def digit_examples(images: np.ndarray, labels: np.ndarray, size: int = 2) -> alt.HConcatChart:
    """The first image of each digit 0..9. ``images`` uint8 or float ``[n, 28, 28]``, ``labels`` ``[n]``."""
    panels = []
    for digit in range(10):
        first = images[np.flatnonzero(labels == digit)[0]].reshape(IMAGE_SHAPE)
        panels.append(heatmap(long_format(first / first.max()), title=str(digit), size=size,
                              color_title="intensity"))
    return alt.hconcat(*panels, spacing=4).configure_legend(disable=True)


def waveform(steps, every: int = 4) -> alt.Chart:
    """The 1-s padded waveform of :class:`~sharedrep.data.spectrogram.SpectrogramSteps` (every 4th sample)."""
    x = steps.waveform[::every]
    records = [dict(t=round(i * every / 8000, 5), amplitude=float(v)) for i, v in enumerate(x)]
    return alt.Chart(alt.Data(values=records)).mark_line(strokeWidth=0.8).encode(
        x=alt.X("t:Q", title="time (s)"), y=alt.Y("amplitude:Q", title="amplitude (int16 units)"),
    ).properties(width=560, height=140, title="1. waveform, padded or cut to 1 s")


def spectrogram_recipe(steps, size: int = 4) -> alt.VConcatChart:
    """The PSD (log scale for visibility), its 15-bin crop, the min-max scaled crop, and the 14x56 result."""
    log_psd = np.log10(steps.psd + 1e-12)
    log_psd = (log_psd - log_psd.min()) / (log_psd.max() - log_psd.min())
    psd = heatmap(long_format(log_psd), size=3, flip_rows=True, scheme="viridis", color_title="log power, scaled",
                  title="2. power spectral density, 75 bins x 54 frames (log colour)")
    crop = heatmap(long_format(steps.scaled), size=size, flip_rows=True, scheme="viridis",
                   color_title="scaled", title="3. lowest 15 bins (0-757 Hz), min-max scaled")
    final = heatmap(long_format(steps.image), size=size, flip_rows=True, scheme="viridis",
                    color_title="scaled", title="4. bilinear resize to 14 x 56")
    return alt.vconcat(psd, alt.hconcat(crop, final)).resolve_scale(color="independent")


def pairing_rows(split, indices, size: int = 3) -> alt.VConcatChart:
    """Inputs and targets of chosen rows of a :class:`~sharedrep.data.BimodalSplit`, one row each:
    images in grey levels (0 white, 1 black), spectrograms in the viridis colours of the
    spectrogram figures (0 dark blue, 1 yellow), both on the fixed range [0, 1]; an absent
    input is all zeros."""
    image = dict(size=size, colors=("white", "black"), domain=(0, 1))
    audio = dict(size=size, scheme="viridis", domain=(0, 1), flip_rows=True)
    rows = []
    for i in indices:
        block = split.block[i]
        title = f"row {i}: {block} input; digit shown {split.digit_image[i]}, spoken {split.digit_audio[i]}"
        panels = [
            heatmap(long_format(split.x_image[i].reshape(IMAGE_SHAPE)), "input: image", **image),
            heatmap(long_format(split.x_audio[i].reshape(AUDIO_SHAPE)), "input: audio", **audio),
            heatmap(long_format(split.t_image[i].reshape(IMAGE_SHAPE)), "target: image", **image),
            heatmap(long_format(split.t_audio[i].reshape(AUDIO_SHAPE)), "target: audio", **audio),
        ]
        rows.append(alt.hconcat(*panels).properties(title=title).resolve_scale(color="independent"))
    return alt.vconcat(*rows).resolve_scale(color="independent").configure_legend(disable=True)


def spectrogram_browser(images: np.ndarray, digits: np.ndarray, per_digit: int = 4,
                        size: int = 4, per_row: int = 2) -> alt.Chart:
    """Spectrograms ``[n, 14, 56]`` of ``per_digit`` recordings of each digit, ``per_row`` to a
    row (two rows of two fit a desktop's text column), with a slider (an altair param, so it
    works in the static page) that picks the digit; ``size``: pixels per spectrogram cell."""
    if per_digit < 1 or per_row < 1:
        raise ValueError(f"per_digit and per_row must be >= 1, got {per_digit} and {per_row}")
    gap = 4  # space between examples, in spectrogram cells
    columns, rows = min(per_digit, per_row), -(-per_digit // per_row)
    records = []
    for digit in range(10):
        for k, i in enumerate(np.flatnonzero(digits == digit)[:per_digit]):
            for rec in long_format(images[i].reshape(AUDIO_SHAPE)):
                rec["col"] += (k % per_row) * (AUDIO_SHAPE[1] + gap)  # place the examples in a grid
                rec["row"] += (rows - 1 - k // per_row) * (AUDIO_SHAPE[0] + gap)  # first row on top
                records.append(dict(rec, digit=digit))
    chosen = alt.param(name="digit", value=0,
                       bind=alt.binding_range(min=0, max=9, step=1, name="spoken digit "))
    width, height = columns * (AUDIO_SHAPE[1] + gap) - gap, rows * (AUDIO_SHAPE[0] + gap) - gap
    return alt.Chart(alt.Data(values=records)).mark_rect().encode(
        x=alt.X("col:Q", axis=None, scale=alt.Scale(domain=[0, width], nice=False)),
        x2="col_end:Q",
        y=alt.Y("row:Q", axis=None, scale=alt.Scale(domain=[0, height], nice=False)),  # low frequencies down
        y2="row_end:Q",
        color=alt.Color("value:Q", scale=alt.Scale(scheme="viridis", domain=[0, 1]), title="scaled"),
    ).transform_calculate(
        col_end="datum.col + 1", row_end="datum.row + 1").add_params(chosen).transform_filter(
        alt.datum.digit == chosen).properties(
        width=size * width, height=size * height,
        title=f"{per_digit} spectrograms of the chosen digit (move the slider)")
