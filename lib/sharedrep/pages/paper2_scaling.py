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
        per_channel_min_ms=float(per_channel.min()), per_channel_max_ms=float(per_channel.max()),
        flop_r2=flop_fit["r2"], gflop_per_channel=flop_fit["slope"] / 1e9,
        assoc_r2=assoc_fit["r2"], assoc_slope=assoc_fit["slope"],
        configs_max=int(a["configurations"][-1]), n_max=int(n.max()))
    table = markdown_table(
        ["channels", "back-fitting s / sweep (median)", "GFLOP / sweep", "associative RBM s / epoch",
         "back-propagation configurations 2^n − 2"],
        [[k, f"{m:.3f}", f"{f / 1e9:.1f}", f"{s:.2f}", f"{c:,}"]
         for k, m, f, s, c in zip(n, median, a["backfit_flops"], a["associative_seconds"], a["configurations"])])
    return ScalingPage(numbers, table)
