"""Figures of the paper-1 model: its architecture drawn from the description, and its
reconstructions as one picture.

The reconstructions are a PNG mosaic (Pillow) rather than a vega chart: a hundred small
heatmaps would put ~100,000 records into the page for no interaction.
"""
from __future__ import annotations

import io

import altair as alt
import numpy as np

from ..data import BLOCKS
from ..models.architecture import INPUTS, PIXELS, Architecture
from ..validation import Int, one_of
from .pixels import colorize

ROLE_COLORS = {"input": "#bab0ac", "encoder": "#4c78a8", "shared": "#54a24b", "decoder": "#f58518",
               "output": "#e45756"}


def _levels(arch: Architecture) -> dict[str, int]:
    level = {name: 0 for name in INPUTS}
    for spec in arch.layers:
        level[spec.name] = 1 + max(level[i] for i in spec.inputs)
    return level


def _role(arch: Architecture, name: str) -> str:
    if name in INPUTS:
        return "input"
    if name.startswith("out_"):
        return "output"
    if name.startswith("dec_"):
        return "decoder"
    return "shared" if name in arch.encoding[-1] else "encoder"


def architecture_diagram(arch: Architecture, title: str = "") -> alt.LayerChart:
    """Boxes (layers: name, units, activation) top to bottom by distance from the inputs, the
    parallel layers of a level side by side, lines for connections; labels right of their box.
    Colour: input, encoder, last encoding layer, decoder, output. 320 px wide whatever the
    depth (a phone's text column), 48 px per level."""
    level = _levels(arch)
    by_level: dict[int, list[str]] = {}
    for name in [*INPUTS, *(s.name for s in arch.layers)]:
        by_level.setdefault(level[name], []).append(name)
    position = {}
    for lvl, names in by_level.items():
        for k, name in enumerate(names):
            position[name] = ((k + 0.5) / len(names), lvl)
    nodes = []
    for name, (x, y) in position.items():
        spec = None if name in INPUTS else arch.layer(name)
        units = PIXELS if spec is None else spec.units
        label = f"{name}\n{units}" + ("" if spec is None else f" {spec.activation}")
        nodes.append(dict(name=name, x=x, y=y, label=label, role=_role(arch, name)))
    edges = [dict(x=position[i][0], y=position[i][1], x2=position[s.name][0], y2=position[s.name][1])
             for s in arch.layers for i in s.inputs]
    levels = max(level.values())
    x_scale = alt.Scale(domain=[0, 1])
    y_scale = alt.Scale(domain=[-0.5, levels + 0.5], reverse=True)
    lines = alt.Chart(alt.Data(values=edges)).mark_rule(color="#999").encode(
        x=alt.X("x:Q", scale=x_scale, axis=None), y=alt.Y("y:Q", axis=None, scale=y_scale), x2="x2:Q", y2="y2:Q")
    boxes = alt.Chart(alt.Data(values=nodes)).mark_point(shape="square", size=500, filled=True, opacity=1).encode(
        x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale),
        color=alt.Color("role:N", title="layer", scale=alt.Scale(domain=list(ROLE_COLORS),
                                                                 range=list(ROLE_COLORS.values())),
                        legend=alt.Legend(orient="bottom", columns=3)),
        tooltip=["name:N", "label:N"])
    text = alt.Chart(alt.Data(values=nodes)).mark_text(dx=17, align="left", fontSize=11, lineBreak="\n").encode(
        x=alt.X("x:Q", scale=x_scale), y=alt.Y("y:Q", scale=y_scale), text="label:N")
    return alt.layer(lines, boxes, text).properties(
        width=320, height=48 * (levels + 1), title=title or f"{arch.framework}, depth {arch.depth}")


def _tile(values: np.ndarray, shape: tuple[int, int], spectrogram: bool) -> np.ndarray:
    """uint8 RGB tile: an image in grey levels (white 0, black 1: ink dark, as in the data
    chapter's figures); a spectrogram with low
    frequencies at the bottom, each frequency row drawn twice as tall, coloured by the square
    root of its value (viridis: dark purple 0, yellow 1) so that faint energy stays visible."""
    tile = np.clip(np.asarray(values, np.float64).reshape(shape), 0, 1)
    if not spectrogram:
        return np.repeat(((1 - tile) * 255).round().astype(np.uint8)[..., None], 3, axis=-1)
    return np.repeat(colorize(np.sqrt(tile[::-1]), "viridis"), 2, axis=0)


#: the rows of each band of :func:`reconstruction_mosaic`, as labelled beside them
ROW_LABELS = ("image", "rebuilt", "sound", "rebuilt")


def reconstruction_mosaic(inputs: np.ndarray, outputs: np.ndarray, block: str, scale: int = 2,
                          gap: int = 2, per_band: int = 5, labels: bool = True) -> bytes:
    """PNG bytes: for one block (``"image"``, ``"audio"`` or ``"both"``), a column per digit
    and four rows: input image, reconstructed image (grey levels, white 0, black 1), input
    spectrogram, reconstructed spectrogram (low frequencies at the bottom, each frequency row
    twice as tall, colour = square root of the value on viridis, dark purple 0, yellow 1).
    The digits are laid out in bands of ``per_band`` columns (5: digits 0-4 above 5-9), so
    that the picture fits a page's text column at ``scale`` times the data's resolution;
    ``labels`` names the rows (:data:`ROW_LABELS`) in a column ``30 * scale`` pixels wide on
    the left.

    inputs, outputs : ``[3 blocks, 10 digits, 2 modalities, 784]`` in [0, 1]
    (:func:`sharedrep.experiments.demonstration.train_demonstration`).
    """
    from PIL import Image

    one_of("block", block, BLOCKS)
    per_band = Int(1).check("per_band", per_band)
    inputs, outputs = np.asarray(inputs), np.asarray(outputs)
    if inputs.shape != outputs.shape or inputs.shape[-2:] != (2, PIXELS):
        raise ValueError(f"inputs and outputs must both be [blocks, digits, 2, {PIXELS}], "
                         f"got {inputs.shape} and {outputs.shape}")
    b = BLOCKS.index(block)
    shapes = [((28, 28), False), ((14, 56), True)]
    width = max(shape[1] for shape, _ in shapes)
    white = 255

    def pad(array, rows, columns):
        return np.pad(array, (rows, columns, (0, 0)), constant_values=white)

    bands = []
    for first in range(0, inputs.shape[1], per_band):
        digits = range(first, min(first + per_band, inputs.shape[1]))
        rows = []
        for modality, (shape, spectrogram) in enumerate(shapes):
            for source in (inputs, outputs):
                tiles = [_tile(source[b, d, modality], shape, spectrogram) for d in digits]
                padded = [pad(t, (0, 0), (0, width - t.shape[1] + gap)) for t in tiles]
                padded += [np.full((tiles[0].shape[0], width + gap, 3), white, np.uint8)] * (per_band - len(tiles))
                rows.append(pad(np.hstack(padded), (0, gap), (0, 0)))
        bands.append(pad(np.vstack(rows), (0, 3 * gap), (0, 0)))
    mosaic = np.ascontiguousarray(np.vstack(bands))
    image = Image.fromarray(mosaic, "RGB").resize((mosaic.shape[1] * scale, mosaic.shape[0] * scale), Image.NEAREST)
    if labels:
        image = _with_row_labels(image, scale, row_height=28 + gap, band_gap=3 * gap, bands=len(bands))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


#: the width of the label column of :func:`reconstruction_mosaic` (pixels at scale 1)
LABEL_WIDTH = 38


def _with_row_labels(image, scale: int, row_height: int, band_gap: int, bands: int):
    """``image`` with a white column on the left naming each row of every band (Pillow's
    bundled font, so the picture is the same on every machine)."""
    from PIL import Image, ImageDraw, ImageFont

    width = LABEL_WIDTH * scale
    canvas = Image.new("RGB", (image.width + width, image.height), "white")
    canvas.paste(image, (width, 0))
    draw, font = ImageDraw.Draw(canvas), ImageFont.load_default(size=max(6, int(7 * scale)))   # legible on a phone
    for band in range(bands):
        top = band * (len(ROW_LABELS) * row_height + band_gap)
        for k, label in enumerate(ROW_LABELS):
            middle = (top + k * row_height + (row_height - 2) / 2) * scale
            draw.text((width - 3 * scale, middle), label, fill=(60, 60, 60), font=font, anchor="rm")
    return canvas
