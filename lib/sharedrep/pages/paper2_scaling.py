"""The scaling page of paper 2 (back-fitting's cost against the number of channels): its
numbers and its table.

``run``: the stored run of :func:`sharedrep.experiments.dbn_scaling.run_scaling`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..experiments import dbn_scaling
from . import markdown_table


@dataclass(frozen=True)
class ScalingPage:
    numbers: dict        # {glue name: raw value}
    table: str           # markdown: one row per channel count


def compute(cfg, run) -> ScalingPage:
    """The page's numbers for ``cfg`` (the chapter's frozen parameters) and the stored ``run``."""
    a = run.arrays
    n = a["n_channels"]
    median = np.median(a["backfit_seconds"], axis=1)          # s per sweep, per channel count
    time_fit = dbn_scaling.linear_fit(n, median)
    flop_fit = dbn_scaling.linear_fit(n, a["backfit_flops"])
    assoc_fit = dbn_scaling.linear_fit(n, a["associative_seconds"])
    per_channel = 1000 * median / n
    numbers = dict(
        counts=f"{n.min()} to {n.max()} channels", noise=cfg.NOISE, hidden=cfg.HIDDEN, epochs=cfg.EPOCHS,
        sweeps=cfg.SWEEPS, source="loaded" if run.loaded else "computed in this build",
        minutes=run.provenance["wall_time_s"] / 60,
        slope_ms=1000 * time_fit["slope"], r2=time_fit["r2"],
        curvature_pct=int(round(100 * time_fit["curvature_share"])),   # an int: never "-0"
        curvature_words=("by less than 1 %" if abs(time_fit["curvature_share"]) < 0.01 else
                         f"by {100 * time_fit['curvature_share']:+.0f} %"),
        per_channel_min_ms=float(per_channel.min()), per_channel_max_ms=float(per_channel.max()),
        flop_r2=flop_fit["r2"], gflop_per_channel=flop_fit["slope"] / 1e9,
        assoc_r2=assoc_fit["r2"], assoc_slope=assoc_fit["slope"],
        configs_max=int(a["configurations"][-1]), n_max=int(n.max()))
    numbers.update(to_phi(n, a["sweeps_to_phi"], a["seconds_to_phi"], a["backfit_flops"], cfg.PHI_FRACTION))
    table = markdown_table(
        ["channels", "back-fitting s / sweep (median)", "GFLOP / sweep", "associative RBM s / epoch",
         "back-propagation configurations 2^n − 2"],
        [[k, f"{m:.3f}", f"{f / 1e9:.1f}", f"{s:.2f}", f"{c:,}"]
         for k, m, f, s, c in zip(n, median, a["backfit_flops"], a["associative_seconds"], a["configurations"])])
    return ScalingPage(numbers, table)


def to_phi(n, sweeps, seconds, flops_per_sweep, fraction: float) -> dict:
    """Sweeps and cost to reach φ against the number of channels, in numbers and words.

    n, sweeps, seconds, flops_per_sweep : ``[K]`` channel counts, sweeps to φ (-1: not
    reached within :data:`~sharedrep.experiments.dbn_scaling.MAX_PHI_SWEEPS`), their wall time
    and the counted FLOPs of one sweep. The cost to φ is sweeps x FLOPs per sweep (exact; the
    wall time shifts with the machine's load). Linear growth means the cost at the most
    channels is at most the cost at the fewest times their ratio (10 % tolerance).
    """
    n, sweeps = np.asarray(n), np.asarray(sweeps)
    seconds, flops = np.asarray(seconds, float), np.asarray(flops_per_sweep, float)
    reached = sweeps >= 0
    shown = ", ".join(str(s) if s >= 0 else f"more than {dbn_scaling.MAX_PHI_SWEEPS}" for s in sweeps)
    if not reached.all():
        return dict(phi_percent=100 * fraction, phi_sweeps=shown, phi_gflop="—", phi_seconds="—",
                    phi_words=f"Some systems did not reach φ within {dbn_scaling.MAX_PHI_SWEEPS} sweeps.",
                    phi_growth=float("nan"), phi_n_ratio=float(n.max() / n.min()),
                    phi_verdict="the measurement cannot say how the cost to φ grows")
    trend = np.corrcoef(n, sweeps)[0, 1] if len(set(sweeps.tolist())) > 1 else 0.0
    words = ("The number of sweeps does not change with the number of channels." if len(set(sweeps.tolist())) == 1
             else f"The number of sweeps goes from {sweeps[0]} to {sweeps[-1]} and "
                  + ("grows" if trend > 0.5 else "falls" if trend < -0.5 else "shows no trend")
                  + " with the number of channels.")
    cost = sweeps * flops
    growth, n_ratio = float(cost[-1] / cost[0]), float(n[-1] / n[0])
    return dict(phi_percent=100 * fraction, phi_sweeps=shown, phi_words=words,
                phi_gflop=", ".join(f"{c / 1e9:.1f}" for c in cost), phi_seconds=", ".join(f"{t:.1f}" for t in seconds),
                phi_growth=growth, phi_n_ratio=n_ratio,
                phi_verdict=("no faster than linearly in the number of channels in this one measurement, "
                             "in line with the paper's argument"
                             if growth <= 1.1 * n_ratio else "faster than linearly here, against the paper's argument"))
