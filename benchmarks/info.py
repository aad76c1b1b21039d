"""Benchmark of sharedrep.info against a straightforward per-cell Python loop.

Prints (a) the time of the information analysis of 100 networks x 64 cells with the
paper's three analyses (all 1,500 test rows; the 500 image-only rows; the 500 audio-only
rows; 10 digits, 10 bins), goal < 1 s; (b) the time of a 1,000-shuffle permutation test of
one network, goal < 10 s; and the speed-up over the loop version, whose time is measured
in the same run on a subset and scaled up. Also checks that both versions agree.
Random data from a seeded generator.  Run: python benchmarks/info.py
``--quick``: 10 networks and 100 shuffles (goals scaled alike): checks that it runs (CI).
"""
import argparse
import time

import numpy as np

from sharedrep import info
from sharedrep.info.reference import loop_information

SEED = 0
N_TRIALS, N_CELLS, N_DIGITS, N_BINS = 1500, 64, 10, 10
FULL = {"networks": 100, "shuffles": 1000, "loop_networks": 10, "loop_shuffles": 20}
QUICK = {"networks": 10, "shuffles": 100, "loop_networks": 2, "loop_shuffles": 5}


def loop_permutation_test(responses, stimuli, n_shuffles, seed):
    """Reference: re-run the loop analysis on each label shuffle (same shuffles as the library)."""
    rng = np.random.default_rng(seed)
    observed = loop_information(responses, stimuli)
    exceed = np.zeros_like(observed)
    for _ in range(n_shuffles):
        shuffled = rng.permuted(stimuli[None, :], axis=1)[0]
        exceed += loop_information(responses, shuffled) >= observed - 1e-12
    return (1 + exceed) / (n_shuffles + 1)


def timed(fn, repeat=1):
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10 networks, 100 shuffles: checks that it runs")
    sizes = QUICK if parser.parse_args().quick else FULL
    n_networks, n_shuffles = sizes["networks"], sizes["shuffles"]
    loop_networks, loop_shuffles = sizes["loop_networks"], sizes["loop_shuffles"]
    goal_info = n_networks / 100          # goals: 1 s per 100 networks, 10 s per 1,000 shuffles
    goal_perm = 10 * n_shuffles / 1000
    rng = np.random.default_rng(SEED)
    # 1,500 test rows: 500 mixed, 500 image-only, 500 audio-only; 50 per digit in each block
    stimuli = np.tile(np.repeat(np.arange(N_DIGITS), 50), 3)
    tuning = rng.normal(size=(n_networks, N_DIGITS, N_CELLS))
    responses = rng.gamma(2.0, size=(n_networks, N_TRIALS, N_CELLS)) + tuning[:, stimuli]
    analyses = {"all": slice(0, 1500), "image": slice(500, 1000), "audio": slice(1000, 1500)}

    def run(fn, networks):
        return [fn(responses[n, rows], stimuli[rows]) for n in networks
                for rows in analyses.values()]

    n_an = n_networks * len(analyses)
    print(f"information analysis: {n_networks} networks x {N_CELLS} cells x {N_TRIALS} "
          f"trials x {len(analyses)} analyses ({n_an} calls), {N_DIGITS} digits, {N_BINS} bins")
    t_fast, fast = timed(lambda: run(info.single_cell_information, range(n_networks)), 3)
    print(f"  sharedrep.info     : {t_fast:8.3f} s  ({1e3 * t_fast / n_an:.2f} ms per call; "
          f"goal < {goal_info:g} s: {'PASS' if t_fast < goal_info else 'FAIL'})")
    t_loop, loop = timed(lambda: run(loop_information, range(loop_networks)))
    t_loop_all = t_loop * n_networks / loop_networks
    print(f"  per-cell loop      : {t_loop_all:8.3f} s  (measured {t_loop:.3f} s on "
          f"{loop_networks} networks, scaled x{n_networks // loop_networks})")
    print(f"  speed-up           : {t_loop_all / t_fast:8.1f} x")
    diff = max(np.abs(a - b).max() for a, b in zip(fast, loop))
    pos_diff = np.abs(info.single_cell_information(responses[0], stimuli, terms="positive")
                      - loop_information(responses[0], stimuli, terms="positive")).max()
    print(f"  agreement          : max |fast - loop| = {diff:.1e} bits (all terms), "
          f"{pos_diff:.1e} (positive terms)")
    assert diff < 1e-10 and pos_diff < 1e-10, "fast and loop versions disagree"

    print(f"permutation test: {n_shuffles} label shuffles of one network "
          f"({N_TRIALS} trials x {N_CELLS} cells x {N_DIGITS} digits)")
    net = responses[0]
    t_perm, _ = timed(lambda: info.permutation_test(net, stimuli, n_shuffles, seed=SEED))
    print(f"  sharedrep.info     : {t_perm:8.3f} s  ({1e3 * t_perm / n_shuffles:.2f} ms per "
          f"shuffle; goal < {goal_perm:g} s: {'PASS' if t_perm < goal_perm else 'FAIL'})")
    t_ploop, p_loop = timed(lambda: loop_permutation_test(net, stimuli, loop_shuffles, SEED))
    t_ploop_all = t_ploop * n_shuffles / loop_shuffles
    print(f"  per-cell loop      : {t_ploop_all:8.3f} s  (measured {t_ploop:.3f} s on "
          f"{loop_shuffles} shuffles, scaled x{n_shuffles // loop_shuffles})")
    print(f"  speed-up           : {t_ploop_all / t_perm:8.1f} x")
    p_fast = info.permutation_test(net, stimuli, loop_shuffles, seed=SEED)
    same = np.array_equal(p_fast, p_loop)
    print(f"  agreement          : p-values of the first {loop_shuffles} shuffles identical: "
          f"{same}")
    assert same, "fast and loop permutation tests disagree"


if __name__ == "__main__":
    main()
