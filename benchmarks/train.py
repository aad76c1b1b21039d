"""Training speed of the paper-1 autoencoder: Keras fit vs the batched trainer.

Prints seconds per network-epoch (depth 4, mixed input, 15,000 rows of synthetic
data in [0, 1], batch 50) for
  (a) plain Keras ``model.fit`` (the authors' way),
  (b) ``sharedrep.models.train`` with 1 network and with N networks (each layout; "2 procs"
      = ``workers=2``: two single-threaded processes, each training N/2 networks; "sequential",
      the default, trains them one after another, "stacked" as one computation),
the machine's sustained float32 matmul rate (numpy), the model's own matmuls alone at
batch 50 in numpy and compiled by XLA (the small-batch floors), the ratios (a)/(b) and the fraction of the matmul rate
achieved. Not a test; the machine is shared, so
compare ratios from one run.

    python benchmarks/train.py            # ~8 min on 2 cores
    python benchmarks/train.py --quick    # every variant on 1,500 rows and 2 networks, ~1 min: checks
                                          # the benchmark runs (CI); its figures are not the ones to quote
    python benchmarks/train.py --repeat 3 # then 3 more alternating rounds of (a) and 2 procs (~+6 min)
"""
from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import numpy as np

ROWS = 15_000


def matmul_rate(n: int, reps: int) -> float:
    """Sustained float32 matmul rate of numpy, GFLOP/s (median of ``reps``)."""
    a = np.random.default_rng(0).random((n, n), dtype=np.float32)
    b = np.random.default_rng(1).random((n, n), dtype=np.float32)
    a @ b
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - t0)
    return 2 * n ** 3 / np.median(times) / 1e9


def model_products(arch, batch: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The matmuls of one training step of one network at ``batch`` rows, as pairs of
    random float32 operands: for every layer of fan-in k and u units, the forward
    [batch, k] @ [k, u], the weight gradient [k, batch] @ [batch, u] and (except layers fed
    only by the inputs) the input gradient [batch, u] @ [u, k]."""
    from sharedrep.models.architecture import INPUTS

    rng = np.random.default_rng(0)
    products = []
    for spec in arch.layers:
        k, u = arch.fan_in(spec), spec.units
        a, w, d = (rng.random(shape, dtype=np.float32) for shape in ((batch, k), (k, u), (batch, u)))
        products += [(a, w), (np.ascontiguousarray(a.T), d)]
        if not all(i in INPUTS for i in spec.inputs):
            products.append((d, np.ascontiguousarray(w.T)))
    return products


def matmul_bound(arch, rows: int, batch: int, reps: int) -> float:
    """Seconds per network-epoch of the model's own matmuls alone (:func:`model_products`,
    ``rows // batch`` steps): numpy's BLAS on one thread, median of ``reps`` epochs, divided
    by the number of cores (networks on every core at once, with perfect scaling).
    Element-wise work, the optimiser and data movement are left out, so no trainer that
    calls a BLAS at this batch size can be faster: a floor for small batches, beside the
    large-matmul floor."""
    from threadpoolctl import threadpool_limits

    products = model_products(arch, batch)
    times = []
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(reps + 1):                  # the first epoch warms up the BLAS
            t0 = time.perf_counter()
            for _ in range(rows // batch):
                for left, right in products:
                    left @ right
            times.append(time.perf_counter() - t0)
    return float(np.median(times[1:])) / os.cpu_count()


def xla_matmul_bound(framework: str, depth: int, rows: int, batch: int, reps: int) -> float:
    """The same matmuls as :func:`matmul_bound` as XLA runs them: one compiled loop over
    the epoch's steps on one thread (the left operand changes every step, so nothing is
    hoisted out of the loop; each product is summed so none is skipped), median of ``reps``
    epochs, divided by the number of cores. The trainer's floor under XLA. Run it in a
    fresh process (it fixes TensorFlow's thread count)."""
    import tensorflow as tf

    from sharedrep.models import architecture

    arch = architecture(framework, depth)
    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    products = [(tf.constant(left), tf.constant(right)) for left, right in model_products(arch, batch)]
    steps = rows // batch

    @tf.function(jit_compile=True)
    def epoch():
        total = tf.zeros([])
        for s in tf.range(steps):
            shift = tf.cast(s, tf.float32) * 1e-9
            for left, right in products:
                total += tf.reduce_sum(tf.matmul(left + shift, right))
        return total

    epoch().numpy()                                # compile
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        epoch().numpy()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)) / os.cpu_count()


def synthetic(rows: int, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    t_image = rng.random((rows, 784), dtype=np.float32)
    t_audio = rng.random((rows, 784), dtype=np.float32)
    keep = (np.arange(rows) % 3)[:, None]
    return dict(x_image=t_image * (keep != 1), x_audio=t_audio * (keep != 0), t_image=t_image, t_audio=t_audio)


def keras_fit(arch, data, epochs: int) -> tuple[float, float]:
    """Median (wall, CPU) seconds per epoch of ``model.fit`` at batch 50 after one warm-up epoch."""
    import keras

    from sharedrep.models import build_autoencoder

    model = build_autoencoder(arch, seed=0)
    times, cpu = [], []

    class Timer(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.t0, self.c0 = time.perf_counter(), time.process_time()

        def on_epoch_end(self, epoch, logs=None):
            times.append(time.perf_counter() - self.t0)
            cpu.append(time.process_time() - self.c0)

    model.fit([data["x_image"], data["x_audio"]], [data["t_image"], data["t_audio"]],
              batch_size=50, epochs=epochs + 1, shuffle=True, verbose=0, callbacks=[Timer()])
    return float(np.median(times[1:])), float(np.median(cpu[1:]))


def ours(arch, data, n: int, epochs: int, **kwargs) -> tuple[float, float]:
    """Median (wall, CPU) seconds per network-epoch of ``train`` after one warm-up (compiling) epoch."""
    from sharedrep.models import train

    result = train(arch, data, seeds=list(range(n)), epochs=epochs + 1, **kwargs)
    return float(np.median(result.epoch_seconds[1:])) / n, float(np.median(result.epoch_cpu_seconds[1:])) / n


def repeated(arch, data, per_network, epochs: int, repeat: int, gflop: float, rate: float) -> None:
    """Measure (a) keras fit and (b) the 2-process variants ``repeat`` times, alternating, so
    that a slow spell of the shared machine hits both; print each round's speed-up and the
    median and range over rounds."""
    n = len(per_network)
    variants = {"2 procs, sequential": {}, "2 procs, stacked": {"layout": "stacked"}}
    ratios = {name: [] for name in variants}
    print(f"\nrepeated, alternating: keras fit, then each {n}-network 2-process variant ({repeat} rounds)")
    for r in range(repeat):
        fit = keras_fit(arch, data, epochs)[0]
        line = [f"round {r + 1}: keras fit {fit:.3f} s"]
        for name, kwargs in variants.items():
            seconds = ours(arch, per_network, n, epochs, workers=2, **kwargs)[0]
            ratios[name].append(fit / seconds)
            line.append(f"{name} {seconds:.3f} s ({fit / seconds:.1f}x, {gflop / seconds / rate:.0%} of matmul)")
        print("; ".join(line), flush=True)
    for name, values in ratios.items():
        print(f"{name}: speed-up over keras fit, median {np.median(values):.1f}x "
              f"(range {min(values):.1f}x-{max(values):.1f}x over {repeat} rounds; goal >= 8x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="every variant, 1 epoch of 1,500 rows, 2 networks: checks that it runs")
    parser.add_argument("--networks", type=int, default=None, help="networks trained together (default 10; quick 2)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="then measure (a) and the two 2-process variants this many more times, "
                             "alternating, and print the median and range of their speed-ups (the "
                             "machine is shared: one measurement can be off by 20%%)")
    args = parser.parse_args()
    if args.networks is None:
        args.networks = 2 if args.quick else 10
    if args.repeat < 1 or args.networks < 2:
        parser.error("--repeat must be >= 1 and --networks >= 2")
    epochs = 1 if args.quick else 5
    rows = 1_500 if args.quick else ROWS
    load = os.getloadavg()

    from sharedrep.models import architecture, device_description

    arch = architecture("mixed", 4)
    print(f"device: {device_description()}")
    gflop = arch.flops_per_example() * rows / 1e9
    print(f"depth-4 mixed model: {arch.n_params():,} parameters; one epoch over {rows:,} rows = "
          f"{gflop:.2f} GFLOP (forward 2, weight gradient 2, input gradient 2 FLOP per weight; "
          f"no input gradient for the input layer)")
    rate = matmul_rate(2048 if args.quick else 4096, 3)
    print(f"numpy float32 matmul ({2048 if args.quick else 4096}^3): {rate:.0f} GFLOP/s "
          f"-> arithmetic floor {gflop / rate:.3f} s per network-epoch")

    bound = matmul_bound(arch, rows, 50, 1 if args.quick else 3)
    print(f"its matmuls alone at batch 50 (numpy, 1 thread per core, no other work): {bound:.3f} s per "
          f"network-epoch = {gflop / bound / rate:.0%} of the matmul rate: the small-batch floor")
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:   # TF on one thread
        xla_bound = pool.submit(xla_matmul_bound, "mixed", 4, rows, 50, 1 if args.quick else 3).result()
    print(f"the same matmuls compiled by XLA (1 thread per core): {xla_bound:.3f} s per network-epoch "
          f"({xla_bound / bound:.2f}x numpy's): the floor of an XLA trainer")

    data = synthetic(rows, 0)
    per_network = [synthetic(rows, s) for s in range(args.networks)]
    n = args.networks
    figures = {}
    figures["(a) keras fit, batch 50"] = keras_fit(arch, data, epochs)
    figures["(b) ours, 1 network"] = ours(arch, data, 1, epochs)
    figures[f"(b) ours, {n} networks, own data+order, sequential"] = ours(arch, per_network, n, epochs)
    figures[f"(b) ours, {n} networks, own data+order, stacked"] = ours(arch, per_network, n, epochs, layout="stacked")
    figures[f"(b) ours, {n} networks, shared data+order, stacked"] = ours(arch, data, n, epochs, order_seeds=0)
    figures[f"(b) ours, {n} networks, own data+order, 2 procs, stacked"] = ours(
        arch, per_network, n, epochs, workers=2, layout="stacked")
    figures[f"(b) ours, {n} networks, own data+order, 2 procs, sequential"] = ours(
        arch, per_network, n, epochs, workers=2)

    fit, fit_cpu = figures["(a) keras fit, batch 50"]
    print(f"\n{'variant':52s} {'wall s/net-epoch':>16s} {'speed-up':>8s} {'GFLOP/s':>8s} {'of matmul':>9s}"
          f" {'CPU s/net-epoch':>15s} {'CPU speed-up':>12s}")
    for name, (seconds, cpu) in figures.items():
        print(f"{name:52s} {seconds:16.3f} {fit / seconds:7.1f}x {gflop / seconds:8.1f} {gflop / seconds / rate:9.0%}"
              f" {cpu:15.3f} {fit_cpu / cpu:11.1f}x")
    best = min(v[0] for k, v in figures.items() if f"{n} networks" in k)
    print(f"\nbest {n}-network variant (wall): {fit / best:.1f}x faster than keras fit (goal >= 8x), "
          f"{gflop / best / rate:.0%} of the matmul rate (goal >= 33%)")
    print(f"the same best variant against the small-batch floor (the model's matmuls alone at batch 50): "
          f"{bound / best:.0%} of that floor's speed; against the XLA floor {xla_bound / best:.0%}. "
          f"8x keras fit would need {fit / 8:.3f} s per network-epoch: "
          f"{fit / 8 - xla_bound:.3f} s left beside the XLA matmuls for everything else")
    if args.repeat > 1:
        repeated(arch, data, per_network, epochs, args.repeat, gflop, rate)
    print("CPU s = CPU time of all threads/processes: robust to other load; with 2 free cores the "
          "best reachable wall time is about CPU s / 2.")
    print(f"cores {os.cpu_count()}; load average at start {load[0]:.2f}, at end {os.getloadavg()[0]:.2f} "
          f"(> ~0.5 means other work shared the cores: trust the ratios, not the absolute times)")


if __name__ == "__main__":
    main()
