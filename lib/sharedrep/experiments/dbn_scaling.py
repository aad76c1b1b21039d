"""How training cost grows with the number of channels (paper 2's scaling claim), stored for the book.

The paper's argument: back-fitting updates one channel's recognition weights at a time, so
a sweep costs the sum of the channels' costs -- linear in the number of channels n --
whereas fine-tuning by back-propagation must train every input/output configuration,
``2^n - 2`` of them (every non-empty, non-complete subset of channels as input).

:func:`run_scaling` measures it on real features: the image channel of one fold is trained
(784-700-300), and the n channels of a run are its top features plus ``n - 1`` noisy copies
(Gaussian noise of s.d. ``noise`` added, clipped to [0, 1]), 300 units each. For each n an
associative RBM (``hidden`` units) is trained on them and back-fitted for ``sweeps`` sweeps.

Arrays: ``n_channels`` int64 ``[K]``; ``backfit_seconds`` float64 ``[K, sweeps]`` (wall time of
each sweep); ``backfit_flops`` int64 ``[K]`` (matrix-product FLOPs per sweep, counted);
``associative_seconds`` float64 ``[K]`` (wall time per epoch of the associative RBM's CD
training); ``backfit_error`` float64 ``[K, sweeps + 1]`` (summed error ``e`` per sweep);
``configurations`` int64 ``[K]`` (``2^n - 2``).

The cost of a sweep is not the cost of training: the paper stops back-fitting once the summed
error falls below φ. So each system is also back-fitted, from the same start, until its
summed error is ``phi_fraction`` of what it was before the first sweep (a φ relative to each
system's own starting error, since the sum has one term per channel), for at most
:data:`MAX_PHI_SWEEPS` sweeps: ``sweeps_to_phi`` int64 ``[K]`` (-1 if not reached) and
``seconds_to_phi`` float64 ``[K]`` (wall time of those sweeps).
"""
from __future__ import annotations

import time
from functools import partial

import numpy as np

from .. import results, sweep
from .. import seeds as seeding
from ..data import SPEAKERS
from ..dbn import backfit, multimodal_fold, split_rows, train_associative, train_channel
from ..validation import Int

RESULT_KIND = "paper2_scaling"
#: the most sweeps run to reach φ
MAX_PHI_SWEEPS = 100


def _counts(channel_counts) -> list:
    counts = list(channel_counts)
    if not counts or any(isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1 for n in counts):
        raise ValueError(f"channel_counts must be positive integers, got {channel_counts!r}")
    if sorted(set(counts)) != counts:
        raise ValueError(f"channel_counts must be increasing without repeats, got {counts}")
    return [int(n) for n in counts]


def run_scaling(channel_counts=(2, 3, 4, 5, 6, 7, 8), *, held_out: str = "theo", hidden: int = 1000,
                sweeps: int = 5, epochs: int = 5, noise: float = 0.05, seed: int = 0, phi_fraction: float = 0.15,
                verbose: bool = False, directory=None) -> results.StoredResult:
    """Measure (or load) associative training and back-fitting time for each channel count."""
    unit = scaling_unit(channel_counts, held_out=held_out, hidden=hidden, sweeps=sweeps, epochs=epochs,
                        noise=noise, seed=seed, phi_fraction=phi_fraction)
    return sweep.load_or_compute(unit, directory, verbose)


def chapter_unit(cfg) -> sweep.Unit:
    """The measurement the scaling chapter shows, from its frozen parameters (the chapter and
    ``sharedrep reproduce`` both take it from here)."""
    return scaling_unit(cfg.CHANNEL_COUNTS, held_out=cfg.HELD_OUT, hidden=cfg.HIDDEN, sweeps=cfg.SWEEPS,
                        epochs=cfg.EPOCHS, noise=cfg.NOISE, seed=cfg.SEED, phi_fraction=cfg.PHI_FRACTION)


def scaling_unit(channel_counts=(2, 3, 4, 5, 6, 7, 8), *, held_out: str = "theo", hidden: int = 1000,
                 sweeps: int = 5, epochs: int = 5, noise: float = 0.05, seed: int = 0,
                 phi_fraction: float = 0.15) -> sweep.Unit:
    """The measurement of :func:`run_scaling` as a unit of work (:mod:`sharedrep.sweep`), checked."""
    counts = _counts(channel_counts)
    if held_out not in SPEAKERS:
        raise ValueError(f"held_out must be one of {list(SPEAKERS)}, got {held_out!r}")
    for name, value in (("hidden", hidden), ("sweeps", sweeps), ("epochs", epochs)):
        Int(1).check(name, value)
    if not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0, got {noise!r}")
    if not (isinstance(phi_fraction, (int, float)) and 0 < phi_fraction < 1):
        raise ValueError(f"phi_fraction must be a number between 0 and 1 (exclusive), got {phi_fraction!r}")
    parameters = {"channel_counts": counts, "held_out": held_out, "hidden": int(hidden), "sweeps": int(sweeps),
                  "epochs": int(epochs), "noise": float(noise), "seed": int(seed), "phi_fraction": float(phi_fraction)}
    return sweep.Unit(RESULT_KIND, "scaling", parameters,
                      partial(_measure, counts, held_out, int(hidden), int(sweeps), int(epochs), float(noise),
                              int(seed), float(phi_fraction)))


def _measure(counts: list, held_out: str, hidden: int, sweeps: int, epochs: int, noise: float, seed: int,
             phi_fraction: float, verbose: bool) -> dict:
    """The timings :func:`run_scaling` stores."""
    train, _ = multimodal_fold(held_out, seed=seed)
    image = train_channel(train.image, (700, 300), name="image", epochs=epochs, momentum=0.9,
                          seed=seeding.child(seed, "channel", 0)).up(train.image)
    rng = seeding.stream(seeding.child(seed, "copies"))
    copies = [image] + [np.clip(image + noise * rng.standard_normal(image.shape), 0, 1).astype(np.float32)
                        for _ in range(max(counts) - 1)]
    warm = copies[:counts[0]]   # one untimed pass first, so the first count pays no start-up cost
    associative, backfitting = seeding.child(seed, "associative"), seeding.child(seed, "backfitting")
    rbm = train_associative(warm, hidden, epochs=1, seed=associative)
    backfit(warm, split_rows(rbm.weights, [t.shape[1] for t in warm]), rbm.hidden_bias,
            split_rows(rbm.visible_bias, [t.shape[1] for t in warm]), max_sweeps=1, seed=backfitting)
    out = {k: [] for k in ("backfit_seconds", "backfit_flops", "associative_seconds", "backfit_error",
                           "sweeps_to_phi", "seconds_to_phi")}
    for n in counts:
        tops = copies[:n]
        start = time.perf_counter()
        rbm = train_associative(tops, hidden, learning_rate=0.05, epochs=epochs, momentum=0.9,
                                seed=associative)
        out["associative_seconds"].append((time.perf_counter() - start) / epochs)
        result = backfit(tops, split_rows(rbm.weights, [t.shape[1] for t in tops]), rbm.hidden_bias,
                         split_rows(rbm.visible_bias, [t.shape[1] for t in tops]), max_sweeps=sweeps,
                         seed=backfitting)
        out["backfit_seconds"].append(result.seconds_per_sweep)
        out["backfit_flops"].append(result.flops_per_sweep)
        out["backfit_error"].append(result.total_error)
        phi = phi_fraction * float(result.errors[0].sum())
        reach = backfit(tops, split_rows(rbm.weights, [t.shape[1] for t in tops]), rbm.hidden_bias,
                        split_rows(rbm.visible_bias, [t.shape[1] for t in tops]), phi=phi,
                        max_sweeps=MAX_PHI_SWEEPS, seed=backfitting)
        out["sweeps_to_phi"].append(reach.sweeps if reach.converged else -1)
        out["seconds_to_phi"].append(float(np.sum(reach.seconds_per_sweep)))
        if verbose:
            print(f"{n} channels: associative {out['associative_seconds'][-1]:.2f} s/epoch, back-fitting "
                  f"{np.median(result.seconds_per_sweep):.2f} s/sweep", flush=True)
    arrays = {name: np.asarray(values) for name, values in out.items()}
    arrays["sweeps_to_phi"] = arrays["sweeps_to_phi"].astype(np.int64)
    arrays["n_channels"] = np.array(counts, dtype=np.int64)
    arrays["configurations"] = 2 ** arrays["n_channels"] - 2
    return arrays


def linear_fit(n, values) -> dict:
    """Least-squares line ``values = intercept + slope * n`` and a quadratic for comparison.

    n : ``[K]`` channel counts;  values : ``[K]`` costs (seconds, FLOPs).
    Returns slope, intercept, r2 (of the line), and ``curvature_share``: how much a
    least-squares quadratic's prediction at the largest n differs from the line's, relative
    to the line's (0 for data on a line; positive when the cost grows faster than linearly).
    """
    x, y = np.asarray(n, dtype=np.float64), np.asarray(values, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape or len(x) < 3:
        raise ValueError(f"need n and values as 1-D arrays of the same length >= 3, got {x.shape} and {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("n and values must be finite")
    slope, intercept = np.polyfit(x, y, 1)
    fitted = intercept + slope * x
    total = np.sum((y - y.mean()) ** 2)
    r2 = 1.0 - np.sum((y - fitted) ** 2) / total if total > 0 else 1.0
    line_end = intercept + slope * x.max()
    share = (np.polyval(np.polyfit(x, y, 2), x.max()) - line_end) / line_end if line_end else 0.0
    return {"slope": float(slope), "intercept": float(intercept), "r2": float(r2), "curvature_share": float(share)}
