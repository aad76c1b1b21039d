"""Audit: do the stored paper-1 runs match what the current trainer computes?

The stored paper-1 runs were computed before commit d68b2e4 changed the trainer's Adadelta
step from Keras' ``g sqrt(a_d + eps) / sqrt(a_g + eps)`` to ``g sqrt((a_d + eps) / (a_g + eps))``
(and d216036 made the "sequential" layout the default). Both are meant to change results
only at float rounding. This script trains the same small condition (mixed input, depth 4,
consistent pairing, 2 networks x 60 epochs, encoders analysed at epochs 0, 30, 60) with the
sharedrep it imports, and compares two such runs: training losses, information of every
cell, and the cell-type counts at the paper's thresholds and under the 80th-percentile rule.

    git worktree add /tmp/old d68b2e4^                          # the code of the stored runs
    PYTHONPATH=/tmp/old/lib python audits/adadelta_form.py run /tmp/old.npz
    python audits/adadelta_form.py run /tmp/new.npz             # this checkout
    python audits/adadelta_form.py compare /tmp/old.npz /tmp/new.npz

The outcome is recorded in audits/README.md.
"""
import sys

import numpy as np


def run(out: str) -> None:
    import sharedrep
    from sharedrep.experiments.runner import Condition, run_condition

    condition = Condition("mixed", 4, "consistent", seeds=(0, 1), epochs=60, snapshot_epochs=(0, 30, 60))
    arrays = run_condition(condition)
    np.savez(out, **{k: v for k, v in arrays.items() if k.startswith(("counts_layer", "losses", "snapshot"))})
    print(f"sharedrep from {sharedrep.__file__}: wrote {out}")


def compare(old_path: str, new_path: str) -> None:
    from sharedrep import info
    from sharedrep.experiments.analysis import information, type_counts
    from sharedrep.experiments.celltypes import percentile_thresholds

    old, new = np.load(old_path), np.load(new_path)
    losses = np.abs(old["losses"] - new["losses"])
    relative = losses / np.abs(old["losses"])
    print(f"training loss, 2 networks x 60 epochs: max |old - new| = {losses.max():.2e} "
          f"(relative {relative.max():.2e}); final losses old {old['losses'][:, -1].round(6).tolist()}, "
          f"new {new['losses'][:, -1].round(6).tolist()}")
    for layer in (1, 4):
        key = f"counts_layer{layer}"
        changed = (old[key] != new[key]).mean()
        print(f"layer {layer}: {changed:.2%} of the count-table entries differ")
    bits_old = information(old["counts_layer4"], terms="positive")   # [seeds, snapshots, 3, 10, units]
    bits_new = information(new["counts_layer4"], terms="positive")
    print(f"information of the last layer (bits): max |old - new| = {np.abs(bits_old - bits_new).max():.3f}, "
          f"mean {np.abs(bits_old - bits_new).mean():.4f}")
    rules = {"paper (0.96 / 0.94 bits)": (info.PAPER_THRESHOLD_IMAGE, info.PAPER_THRESHOLD_AUDIO),
             "80th percentile (of each run)": None}
    for name, thresholds in rules.items():
        for epoch_index, epoch in enumerate(old["snapshot_epochs"]):
            per = []
            for bits in (bits_old, bits_new):
                at = bits[:, epoch_index]
                t = thresholds or percentile_thresholds(at, 80)
                per.append(np.stack([type_counts(b, *t) for b in at]))   # [seeds, 5 types]
            print(f"{name}, epoch {epoch}: cell-type counts (visual, audio, inconsistent, consistent) "
                  f"per network old {per[0].tolist()} new {per[1].tolist()}")


if __name__ == "__main__":
    {"run": lambda: run(sys.argv[2]), "compare": lambda: compare(sys.argv[2], sys.argv[3])}[sys.argv[1]]()
