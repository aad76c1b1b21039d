"""The launch buttons' set-up: Colab (a hidden install cell in every chapter) and Binder
(.binder/). Only the static configuration is checked here; launching needs the network."""
import json
from pathlib import Path

import yaml

from sharedrep import chapters, launch

ROOT = Path(__file__).resolve().parents[1]


def _config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text())


def test_every_chapter_installs_the_book_on_colab_in_a_hidden_cell():
    url = _config()["repository"]["url"]
    for name in chapters.CHAPTERS:
        cells = json.loads((ROOT / "book" / f"{name}.ipynb").read_text())["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        install = [c for c in code if "google.colab" in "".join(c["source"])]
        assert len(install) == 1, f"{name}: expected one Colab install cell"
        cell = install[0]
        assert "remove-cell" in cell["metadata"].get("tags", []), f"{name}: the install cell shows in the book"
        assert url in "".join(cell["source"]), f"{name}: the install cell clones another repository than {url}"
        # defined once (sharedrep.launch); `python -m sharedrep.launch` rewrites a stale copy
        assert "".join(cell["source"]) == launch.install_cell_source(), f"{name}: run python -m sharedrep.launch"
        assert code.index(cell) == 1, f"{name}: the install cell must follow the parameters cell"


def test_binder_installs_the_requirements_and_the_library():
    config = _config()["launch_buttons"]
    assert config["binderhub_url"].startswith("https://") and config["colab_url"].startswith("https://")
    binder = ROOT / ".binder"
    assert "-r ../requirements.txt" in (binder / "requirements.txt").read_text().splitlines()
    post = binder / "postBuild"
    assert post.stat().st_mode & 0o111, "postBuild must be executable"
    assert "pip install --no-deps -e ." in post.read_text()
    version = (binder / "runtime.txt").read_text().strip()
    assert version.startswith("python-3.")


def test_the_repository_url_comes_from_the_config(tmp_path):
    assert launch.repository_url() == _config()["repository"]["url"]
    config = tmp_path / "_config.yml"
    config.write_text("title: x\nrepository:\n  path_to_book: ''\n  url: https://example.org/r\n")
    assert launch.repository_url(config) == "https://example.org/r"
    assert "git clone -q --depth 1 https://example.org/r /content/book" in launch.install_cell_source(
        launch.repository_url(config))
