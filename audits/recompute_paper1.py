"""Recompute the paper-1 stored runs with the authors' setup (issues 17 and 25), resumable.

Every condition the paper-1 chapters show (``reproduce.conditions`` of the book protocol), with
Adadelta epsilon 1e-8, the authors' audio recipe and spawned seeds, stored under
``results/paper1/`` one by one; an interrupted condition resumes from its checkpoint
(``results/checkpoints/``, every 100 epochs). Run it from a clean checkout so that each
run's provenance names a commit without local changes:

    .venv/bin/python audits/recompute_paper1.py          # the remaining conditions
    .venv/bin/python audits/recompute_paper1.py --dry-run

Once the chapters' defaults are these values, ``sharedrep reproduce --protocol book`` does
the same.
"""
import argparse
import time
from dataclasses import replace

from sharedrep import reproduce
from sharedrep.experiments.runner import PAPER1_CHAPTERS, load_or_run

AUTHORS_SETUP = dict(adadelta_epsilon=1e-8, audio_recipe="authors", seed_scheme="spawned")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="list the conditions and whether each is stored")
    args = parser.parse_args()
    units = [replace(u, **AUTHORS_SETUP) for u in reproduce.conditions(reproduce.plan("book", PAPER1_CHAPTERS))]
    units.sort(key=lambda u: (u.depth, u.framework, u.pairing))
    for i, unit in enumerate(units, 1):
        stored = reproduce._stored(unit, None)
        print(f"[{i}/{len(units)}] {unit.label}: {'stored' if stored else 'to compute'}", flush=True)
        if stored or args.dry_run:
            continue
        start = time.time()
        run = load_or_run(unit, verbose=True, extend=True)
        print(f"[{i}/{len(units)}] {unit.label} stored {run.provenance['key']} in {time.time() - start:.0f} s",
              flush=True)


if __name__ == "__main__":
    main()
