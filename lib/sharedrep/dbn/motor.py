"""The motor channel: seven (x, y) pen positions that draw each digit.

Units: coordinates in a 0..10 square, x to the right, y **up** (0 at the bottom), the pen
moving through the seven points in order. The templates below were designed by us (the
paper's are not published; its Figure 4 only shows them as drawings). A training or test
example is its digit's template plus independent Gaussian noise on every coordinate
(``noise`` units, default 0.3 = 3 % of the square), clipped to the square.

A motor vector is float32 ``[14]`` = ``(x1, y1, x2, y2, ..., x7, y7)``. The RBM sees it
divided by :data:`EXTENT` (values in [0, 1] for logistic units): :func:`to_unit`,
:func:`from_unit`.

Error metric (the paper's): the mean, over the 7 points, of the Euclidean distance between
a reconstructed point and the same point of the target digit's template
(:func:`motor_distance`). The paper calls a drawing correct below an error of 2.2, in units
it does not give. Its Figure 4 draws templates and examples as digit images like the
28 x 28 MNIST ones, so we read its units (an assumption, stated on the pages) as pixels of a
28-pixel square and translate the threshold by 10/28: ``2.2 * 10 / 28 = 0.786`` of our units (:data:`MOTOR_THRESHOLD`).
For scale: the smallest mean distance between two different templates is
:func:`template_separation` (1.61 units, between 3 and 7), above twice the threshold, so a
drawing within the threshold of one template cannot be within it of another; the noise
alone gives a mean distance of about 1.25 * noise.
"""
from __future__ import annotations

import numpy as np

from ..published import DBN_MOTOR_THRESHOLD

EXTENT = 10.0  # side of the drawing square, motor units
N_POINTS = 7
PAPER_UNITS_PER_SIDE = 28.0  # our reading of the paper's units: pixels of a 28-pixel square
#: the paper's 2.2 correct-drawing threshold in our units (see the module docstring)
MOTOR_THRESHOLD = DBN_MOTOR_THRESHOLD * EXTENT / PAPER_UNITS_PER_SIDE
DEFAULT_NOISE = 0.3

#: ten templates, float32 [10, 7, 2] (digit, point, (x, y)), 0..10 square, y up
TEMPLATES = np.array([
    [(5, 9), (2, 7), (2, 3), (5, 1), (8, 3), (8, 7), (5.5, 9)],        # 0: an oval
    [(3, 7), (5, 9), (5, 6.5), (5, 4), (5, 1), (3, 1), (7, 1)],        # 1: flag, stem, base
    [(2, 7), (4, 9), (7, 8), (7, 6), (4, 4), (2, 1), (8, 1)],          # 2
    [(2, 8), (5, 9), (8, 7), (5, 5), (8, 3), (5, 1), (2, 2)],          # 3: two bumps
    [(6, 1), (6, 5), (6, 9), (4, 6.5), (2, 4), (5, 4), (8, 4)],        # 4: stem, diagonal, bar
    [(8, 9), (3, 9), (2, 5), (6, 6), (8, 3), (5, 1), (2, 2)],          # 5
    [(7, 9), (4, 7), (2, 4), (4, 1), (7, 2), (6, 5), (3, 4.5)],        # 6
    [(2, 9), (5, 9), (8, 9), (7, 6.5), (6, 4), (5, 2), (4, 0.5)],      # 7
    [(5, 5), (2, 7.5), (5, 9), (8, 7.5), (2, 2.5), (5, 1), (8, 2.5)],  # 8
    [(8, 7), (5, 9), (2, 7), (5, 5), (8, 6), (8, 4), (7, 1)],          # 9: loop, then tail
], dtype=np.float32)


def templates() -> np.ndarray:
    """The ten templates as motor vectors, float32 ``[10, 14]`` (a copy)."""
    return TEMPLATES.reshape(10, 2 * N_POINTS).copy()


def _check_digits(digits) -> np.ndarray:
    d = np.asarray(digits)
    if d.ndim != 1 or not np.issubdtype(d.dtype, np.integer) or (d.size and (d.min() < 0 or d.max() > 9)):
        raise ValueError(f"digits must be a 1-D integer array with values 0..9, got {d!r:.80}")
    return d.astype(np.int64)


def motor_examples(digits, *, noise: float = DEFAULT_NOISE, seed: int = 0) -> np.ndarray:
    """Noisy drawings: template of each digit + N(0, noise^2) per coordinate, clipped to [0, 10].

    digits : int ``[n]`` in 0..9.  Returns float32 ``[n, 14]`` in motor units.
    """
    d = _check_digits(digits)
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0 (motor units), got {noise!r}")
    rng = np.random.default_rng(seed)
    out = templates()[d] + noise * rng.standard_normal((len(d), 2 * N_POINTS))
    return np.clip(out, 0, EXTENT).astype(np.float32)


def to_unit(coordinates) -> np.ndarray:
    """Motor units (0..10) -> [0, 1] for the RBM."""
    return (np.asarray(coordinates, dtype=np.float32) / EXTENT).astype(np.float32)


def from_unit(values) -> np.ndarray:
    """[0, 1] -> motor units (0..10)."""
    return (np.asarray(values, dtype=np.float32) * EXTENT).astype(np.float32)


def motor_distance(coordinates, digits) -> np.ndarray:
    """Mean Euclidean distance per point to the digit's template, float64 ``[n]`` (motor units).

    coordinates : ``[n, 14]`` motor vectors (motor units);  digits : int ``[n]`` target digits.
    """
    c = np.asarray(coordinates, dtype=np.float64)
    d = _check_digits(digits)
    if c.ndim != 2 or c.shape != (len(d), 2 * N_POINTS):
        raise ValueError(f"coordinates must have shape [{len(d)}, 14], got {c.shape}")
    diff = c.reshape(-1, N_POINTS, 2) - TEMPLATES[d].astype(np.float64)
    return np.sqrt((diff ** 2).sum(axis=2)).mean(axis=1)


def template_separation() -> float:
    """The smallest :func:`motor_distance` between two different templates (motor units)."""
    t = templates()
    return float(min(motor_distance(t[[j]], np.array([i]))[0]
                     for i in range(10) for j in range(10) if i != j))
