"""Command line: ``sharedrep run-chapter <chapter> -p NAME VALUE ...``, ``sharedrep reproduce``.

Runs one chapter of the book with new parameters through papermill and writes the
executed notebook to ``results/chapters/<chapter>-<key>.ipynb`` (or ``--output``);
heavy results the chapter computes are stored under ``results/`` by the library and
picked up by later builds. Parameters are checked before any kernel starts.
"""
from __future__ import annotations

import argparse
import logging
import ast
import sys
from pathlib import Path

from . import chapters, results


def parse_value(text: str):
    """A -p value as a Python literal (``5``, ``0.9``, ``True``, ``[1, 2]``, ``'x'``) or else a string."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


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
    commands.add_parser("chapters", help="list the chapters and their default parameters")
    again = commands.add_parser("reproduce", help="run every chapter at a protocol (resumable)")
    again.add_argument("--protocol", default="paper", help="'paper' (default) or 'book'")
    again.add_argument("--chapters", nargs="+", metavar="CHAPTER", help="only these chapters (default: all)")
    again.add_argument("--dry-run", action="store_true", help="print the plan and a time estimate; run nothing")
    args = parser.parse_args(argv)

    if args.command == "chapters":
        for name in sorted(chapters.CHAPTERS):
            print(f"{name}: {chapters.default_parameters(name)}")
        return 0
    if args.command == "reproduce":
        from .reproduce import reproduce

        if not args.dry_run:
            logging.basicConfig(level=logging.INFO, format="%(message)s")
        try:
            reproduce(args.protocol, args.chapters, dry_run=args.dry_run)
        except ValueError as error:
            print(f"sharedrep: {error}", file=sys.stderr)
            return 2
        return 0
    parameters = {name: parse_value(value) for name, value in args.parameter}
    # papermill streams the notebook's printed output (training progress) through logging
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        output = args.output or (results.results_dir() / "chapters" /
                                 f"{args.chapter}-{results.result_key(args.chapter, parameters)}.ipynb")
        chapters.run_chapter(args.chapter, output, parameters, timeout=args.timeout, progress=True)
    except ValueError as error:
        print(f"sharedrep: {error}", file=sys.stderr)
        return 2
    print(f"executed notebook: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
