"""Command line: ``sharedrep run-chapter <chapter> -p NAME VALUE ...``, ``sharedrep reproduce``.

Runs one chapter of the book with new parameters through papermill and writes the
executed notebook to ``results/chapters/<chapter>-<key>.ipynb`` (or ``--output``);
heavy results the chapter computes are stored under ``results/`` by the library and
picked up by later builds. Parameters are checked before any kernel starts. With
``--workers N`` (a local Dask cluster) or ``--scheduler ADDRESS`` (an existing one), the
results the chapter loads are computed first on that engine, as ``sharedrep reproduce``
computes them, and the chapter then loads them.
"""
from __future__ import annotations

import argparse
import ast
import logging
import sys
from pathlib import Path

from . import chapters, results


def parse_value(text: str):
    """A -p value as a Python literal (``5``, ``0.9``, ``True``, ``[1, 2]``, ``'x'``) or else a string."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def _short(value) -> str:
    """A parameter value in a few characters: runs of integers as ``0-4``, long lists elided."""
    if isinstance(value, list):
        if len(value) > 2 and all(isinstance(v, int) for v in value) and value == list(range(value[0], value[-1] + 1)):
            return f"{value[0]}-{value[-1]}"
        shown = [_short(v) for v in value]
        return "[" + (", ".join(shown) if len(shown) <= 4 else f"{shown[0]}, ..., {shown[-1]} ({len(shown)})") + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def list_results(directory=None) -> int:
    """Print every stored run (kind, key, parameters, date, wall time, commit, size, status);
    0 when every run is current, 1 otherwise."""
    runs = results.stored_runs(directory)
    print(f"{'kind':<15}{'key':<18}{'date':<12}{'wall':>8}  {'commit':<10}{'size':>9}  status / parameters")
    for run in runs:
        commit = (run.commit or "-")[:9]
        print(f"{run.kind:<15}{run.key:<18}{run.date[:10]:<12}{run.wall_time_s:>7.0f}s  {commit:<10}"
              f"{run.size_bytes / 1e6:>7.2f}MB  {run.status}")
        print(" " * 17 + ", ".join(f"{k}={_short(v)}" for k, v in run.parameters.items())
              + "".join(f"; {k}={_short(v)}" for k, v in run.extent.items()))
    stale = [run for run in runs if not run.current]
    print("commit: the code's git commit; ~commit: stored before commits were recorded, by that commit")
    print(f"{len(runs)} stored runs in {results.results_dir(directory)}; "
          + (f"{len(stale)} not current (recompute them, or delete them)" if stale else "all current"))
    return 1 if stale else 0


def _where(command, what: str) -> None:
    """The engine options of a command that computes results: ``--workers`` | ``--scheduler``,
    and ``--networks-per-unit``."""
    command.add_argument("--networks-per-unit", type=int, metavar="K",
                         help="train a paper-1 condition as units of K networks each (more units for more "
                              "workers; the condition is stored once all its units are)")
    where = command.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N",
                       help=f"{what} on a local Dask cluster of N single-threaded workers")
    where.add_argument("--scheduler", metavar="ADDRESS",
                       help=f"{what} on the Dask cluster at ADDRESS (e.g. tcp://10.0.0.5:8786)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="sharedrep", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run-chapter", help="run one chapter with new parameters (papermill)")
    run.add_argument("chapter", help=f"one of {sorted(chapters.CHAPTERS)}")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                     metavar=("NAME", "VALUE"), help="a parameter, e.g. -p SEED 3 (repeatable)")
    run.add_argument("-o", "--output", type=Path, help="where to write the executed notebook")
    run.add_argument("--timeout", type=int, default=None, metavar="SECONDS",
                     help="stop if one cell runs longer than this (default: no limit; paper-protocol runs take hours)")
    _where(run, "first compute the results the chapter loads")
    commands.add_parser("chapters", help="list the chapters and their default parameters")
    listing = commands.add_parser("results", help="list the stored runs; exit 1 if one is not current")
    listing.add_argument("--directory", type=Path, help="the results folder (default: $SHAREDREP_RESULTS or results/)")
    again = commands.add_parser("reproduce", help="run every chapter at a protocol (resumable)")
    again.add_argument("--protocol", default="paper", help="'paper' (default) or 'book'")
    again.add_argument("--chapters", nargs="+", metavar="CHAPTER", help="only these chapters (default: all)")
    again.add_argument("--dry-run", action="store_true", help="print the plan and a time estimate; run nothing")
    _where(again, "compute the missing results")
    args = parser.parse_args(argv)

    if args.command == "chapters":
        for name in sorted(chapters.CHAPTERS):
            print(f"{name}: {chapters.default_parameters(name)}")
        return 0
    if args.command == "results":
        try:
            return list_results(args.directory)
        except (RuntimeError, ValueError, TypeError) as error:
            print(f"sharedrep: {error}", file=sys.stderr)
            return 2
    if args.command == "reproduce":
        from .reproduce import reproduce

        if not args.dry_run:
            logging.basicConfig(level=logging.INFO, format="%(message)s")
        try:
            reproduce(args.protocol, args.chapters, dry_run=args.dry_run, workers=args.workers,
                      scheduler=args.scheduler, networks_per_unit=args.networks_per_unit)
        except (ValueError, ConnectionError) as error:
            print(f"sharedrep: {error}", file=sys.stderr)
            return 2
        except RuntimeError as error:      # sweep.UnitFailed: a unit raised on a worker
            print(f"sharedrep: {error}", file=sys.stderr)
            return 1
        return 0
    parameters = {name: parse_value(value) for name, value in args.parameter}
    # papermill streams the notebook's printed output (training progress) through logging
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        output = args.output or (results.results_dir() / "chapters" /
                                 f"{args.chapter}-{results.parameters_digest(parameters, chapter=args.chapter)}.ipynb")
        if args.workers is not None or args.scheduler is not None or args.networks_per_unit is not None:
            compute_first(args.chapter, parameters, workers=args.workers, scheduler=args.scheduler,
                          networks_per_unit=args.networks_per_unit)
        chapters.run_chapter(args.chapter, output, parameters, timeout=args.timeout, progress=True)
    except (ValueError, ConnectionError) as error:
        print(f"sharedrep: {error}", file=sys.stderr)
        return 2
    except RuntimeError as error:      # sweep.UnitFailed: a unit raised on a worker
        print(f"sharedrep: {error}", file=sys.stderr)
        return 1
    print(f"executed notebook: {output}")
    return 0


def compute_first(chapter: str, parameters: dict, *, workers=None, scheduler=None, networks_per_unit=None,
                  echo=print) -> int:
    """Compute on the Dask engine (:func:`sharedrep.sweep.execute`) every result ``chapter``
    loads with ``parameters`` that is not stored, before the chapter runs and loads them;
    returns how many were computed. The list is :func:`sharedrep.reproduce.units`, the one
    ``sharedrep reproduce`` uses."""
    from . import params, sweep
    from .reproduce import merge_groups, units

    params.freeze(chapter, **{**chapters.default_parameters(chapter), **parameters})
    todo = units([(chapter, parameters)], networks_per_unit=networks_per_unit)
    echo(f"{chapter}: {len(todo)} result(s) to compute first" + (" on the Dask engine" if todo else ""))
    if todo:
        sweep.execute(todo, workers=workers, scheduler=scheduler, verbose=True, echo=echo)
    merge_groups([(chapter, parameters)])
    return len(todo)


if __name__ == "__main__":
    sys.exit(main())
