"""Every benchmark's quick mode runs to the end and prints its ratios (the figures themselves
are for people to read on a quiet machine, never asserted here)."""
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
#: script -> (extra arguments of the quick run, text its output must contain)
QUICK = {
    "classifier.py": ([], "x the first size per classifier"),
    "dbn.py": ([], "line: "),
    "info.py": ([], "speed-up"),
    "sweep.py": ([], "throughput ratio"),
    "train.py": (["--repeat", "2"], "median"),
}


def test_every_benchmark_has_a_quick_run():
    assert sorted(p.name for p in BENCHMARKS.glob("*.py")) == sorted(QUICK)


@pytest.mark.parametrize("script", sorted(QUICK))
def test_benchmark_quick_mode(script, tmp_path):
    extra, expected = QUICK[script]
    run = subprocess.run([sys.executable, str(BENCHMARKS / script), "--quick", *extra], cwd=tmp_path,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, f"{script} --quick failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    assert expected in run.stdout
