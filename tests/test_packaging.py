"""Packaging: pyproject declares what the library imports, requirements.txt agrees with it,
and a non-editable install (no source checkout) imports every module and asks for explicit
folders instead of guessing them."""
import ast
import importlib.metadata
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def _requirements(lines) -> dict[str, set[str]]:
    """{distribution name: {specifier; marker}} of requirement strings."""
    out = {}
    for line in lines:
        requirement = Requirement(line.split("  #")[0].strip())
        if requirement.name == "sharedrep":
            continue
        out.setdefault(requirement.name.lower().replace("_", "-"), set()).add(
            f"{requirement.specifier};{requirement.marker}")
    return out


def _imported_distributions() -> set[str]:
    modules = set()
    for path in (REPO / "lib" / "sharedrep").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module.split(".")[0])
    third_party = {m for m in modules if m not in sys.stdlib_module_names and m != "sharedrep"}
    owners = importlib.metadata.packages_distributions()
    return {owners[m][0].lower().replace("_", "-") for m in third_party}


def test_every_imported_distribution_is_a_dependency():
    declared = set(_requirements(PROJECT["dependencies"]))
    # tensorflow-cpu where it exists, tensorflow elsewhere: either satisfies "tensorflow"
    assert {"tensorflow-cpu", "tensorflow"} <= declared
    assert _imported_distributions() - declared == set()


def test_requirements_txt_repeats_pyproject():
    lines = [line for line in (REPO / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    extras = [line for group in PROJECT["optional-dependencies"].values() for line in group]
    assert _requirements(lines) == _requirements(PROJECT["dependencies"] + extras)


@pytest.mark.slow
def test_an_installed_copy_imports_every_module_and_needs_explicit_folders(tmp_path):
    source, target = tmp_path / "source", tmp_path / "site"   # built from a copy: the checkout stays clean
    shutil.copytree(REPO / "lib", source / "lib", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    build = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
                            "--no-index", "--target", str(target), str(source)],
                           capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert build.returncode == 0, build.stdout + build.stderr
    probe = """
import importlib, pkgutil, sys
import sharedrep
assert sharedrep.__file__.startswith(sys.argv[1]), sharedrep.__file__
names = [m.name for m in pkgutil.walk_packages(sharedrep.__path__, "sharedrep.") if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
from sharedrep import locations, results
from sharedrep.data import sources
assert locations.checkout() is None
assert len(sources.registry("mnist")) == 4 and len(sources.registry("fsdd")) > 1000
for folder, variable in ((results.results_dir, "SHAREDREP_RESULTS"), (locations.book_dir, "SHAREDREP_BOOK")):
    try:
        folder()
    except RuntimeError as error:
        assert variable in str(error), error
    else:
        raise AssertionError(f"{folder.__name__} guessed a folder")
print(len(names), "modules")
"""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(target), "SHAREDREP_OFFLINE": "1", "HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", probe, str(target)], capture_output=True, text=True,
                         timeout=600, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert int(run.stdout.split()[0]) > 40


def test_the_gpu_requirements_are_requirements_txt_with_tensorflow_s_cuda_build():
    def read(name):
        return _requirements(line for line in (REPO / name).read_text().splitlines()
                             if line.strip() and not line.startswith("#"))

    cpu, gpu = read("requirements.txt"), read("requirements-gpu.txt")
    assert {k: v for k, v in gpu.items() if k != "tensorflow"} == {
        k: v for k, v in cpu.items() if k not in ("tensorflow", "tensorflow-cpu")}
    assert "tensorflow-cpu" not in gpu
    assert "[and-cuda]" in (REPO / "requirements-gpu.txt").read_text()


@pytest.mark.slow
def test_the_device_is_named():
    # no GPU on the test machines: TensorFlow computes on the CPU and says so
    from sharedrep.models import device_description

    assert device_description().startswith(("CPU (", "GPU: "))
