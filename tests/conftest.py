"""Test-wide settings: never touch the network, never read or write the real user cache."""
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

# Set before any test imports sharedrep, and inherited by notebook kernels started by tests.
os.environ["SHAREDREP_OFFLINE"] = "1"
os.environ.setdefault("SHAREDREP_CACHE", tempfile.mkdtemp(prefix="sharedrep-test-cache-"))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Fail any in-process connection to a non-loopback address."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (host.startswith("127.") or host in ("localhost", "::1")) \
                and self.family in (socket.AF_INET, socket.AF_INET6):
            raise RuntimeError(f"tests must not use the network (tried {address})")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data folder ../shared/data (the project's offline copy)."""
    if not (SHARED_DATA / "mnist").is_dir():
        pytest.fail(f"real data missing at {SHARED_DATA}; the project needs ../shared/data")
    return SHARED_DATA


#: tiny parameters shared by the paper-1 chapter tests, so they share (and reuse) their runs
PAPER1_TINY = {"N_SEEDS": 2, "EPOCHS": 2, "IMAGES_PER_DIGIT": 10, "DEPTHS": [1, 4], "CLASSIFIER_EPOCHS": 3}


@pytest.fixture(scope="session")
def paper1_results(tmp_path_factory) -> Path:
    """One results folder for every paper-1 chapter test of the session."""
    return tmp_path_factory.mktemp("paper1-results")


def glued_run(chapter: str, folder: Path, parameters: dict, results_dir: Path, name: str = "out") -> dict:
    """Run ``chapter`` with papermill into ``folder/<name>.ipynb``, storing its heavy results
    in ``results_dir``; return the values it glued."""
    from sharedrep import chapters

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SHAREDREP_RESULTS", str(results_dir))
        return chapters.glued_values(chapters.run_chapter(chapter, folder / f"{name}.ipynb", parameters))


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, one for the whole session (Playwright's sync API
    allows one at a time)."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; `make setup` installs Debian's chromium")
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
