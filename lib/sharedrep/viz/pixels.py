"""Small arrays as PNG images inside charts: compact enough for a static page.

A 28 x 28 image as altair ``rect`` marks costs ~40 kB of JSON; as a PNG data URL it costs
well under 1 kB, so figures with dozens of images (reconstructions, receptive fields, audio
features) draw them with altair's ``image`` mark and :func:`data_url`.
"""
from __future__ import annotations

import base64
import io

import numpy as np

#: colour maps as (position, RGB) stops, interpolated linearly
SCHEMES = {
    "ink": [(0.0, (255, 255, 255)), (1.0, (0, 0, 0))],                       # 0 white, 1 black
    "viridis": [(0.0, (68, 1, 84)), (0.25, (59, 82, 139)), (0.5, (33, 145, 140)),
                (0.75, (94, 201, 98)), (1.0, (253, 231, 37))],
    "redblue": [(0.0, (33, 102, 172)), (0.5, (247, 247, 247)), (1.0, (178, 24, 43))],  # -1 blue, +1 red
}


def colorize(values, scheme: str = "ink") -> np.ndarray:
    """uint8 RGB ``[h, w, 3]`` for values ``[h, w]`` in [0, 1] (clipped) under ``scheme``."""
    if scheme not in SCHEMES:
        raise ValueError(f"scheme must be one of {sorted(SCHEMES)}, got {scheme!r}")
    v = np.asarray(values, dtype=np.float64)
    if v.ndim != 2 or not np.all(np.isfinite(v)):
        raise ValueError(f"values must be a finite 2-D array, got shape {v.shape}")
    stops = SCHEMES[scheme]
    positions = [p for p, _ in stops]
    v = np.clip(v, 0, 1)
    channels = [np.interp(v, positions, [c[i] for _, c in stops]) for i in range(3)]
    return np.stack(channels, axis=-1).round().astype(np.uint8)


def data_url(values, scheme: str = "ink", scale: int = 1, flip_rows: bool = False) -> str:
    """A ``data:image/png;base64,...`` URL of ``values`` ``[h, w]`` in [0, 1] (see :func:`colorize`);
    each value becomes ``scale`` x ``scale`` pixels; ``flip_rows`` puts row 0 at the bottom."""
    from PIL import Image

    rgb = colorize(values, scheme)
    if flip_rows:
        rgb = rgb[::-1]
    image = Image.fromarray(np.ascontiguousarray(rgb), "RGB")
    if scale > 1:
        image = image.resize((rgb.shape[1] * scale, rgb.shape[0] * scale), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
