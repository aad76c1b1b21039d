"""The workshop path: a chapter in a real JupyterLab server, driven by headless Chromium.
All cells run; the altair charts draw with the book's own scripts (no request leaves the
machine); moving the ipywidgets' depth and threshold sliders changes the counts shown; no
error in the kernel's outputs or the browser console."""
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import CHROMIUM

pytestmark = [pytest.mark.slow, pytest.mark.browser]
REPO = Path(__file__).resolve().parents[1]
TOKEN = "sharedrep-test"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on a copy of the book (so nothing is saved into the repository)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    work = tmp_path_factory.mktemp("lab")
    shutil.copytree(REPO / "book", work / "book")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "SHAREDREP_RESULTS": str(REPO / "results"), "SHAREDREP_BOOK": str(work / "book"),
           "JUPYTER_CONFIG_DIR": str(work / "config"), "JUPYTER_RUNTIME_DIR": str(work / "runtime"),
           "JUPYTER_DATA_DIR": str(work / "data")}
    env.pop("SHAREDREP_CHARTS", None)
    log = open(work / "server.log", "w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={work}", "--LabApp.news_url=",
         "--allow-root"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail(f"JupyterLab did not start:\n{(work / 'server.log').read_text()[-3000:]}")
    yield base
    server.terminate()
    server.wait(timeout=30)


def _table(page) -> str:
    # textContent, not innerText: JupyterLab skips the rendering of cells out of view (content-visibility),
    # and innerText of a skipped element is empty
    return page.locator(".widget-interact .jp-RenderedMarkdown table, .widget-interact table").first.text_content()


def _move(page, index: int, key: str, presses: int):
    handle = page.locator(".widget-slider .noUi-handle").nth(index)
    handle.focus()
    for _ in range(presses):
        handle.press(key)


def test_the_cell_type_chapter_in_a_live_kernel(lab, browser):
    errors, outside = [], []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            request_route.continue_()
        else:
            outside.append(url)
            request_route.abort()

    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.route("**/*", route)
    page.goto(f"{lab}/lab/tree/book/paper1_celltypes.ipynb?token={TOKEN}")
    page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=120_000)
    page.get_by_role("menuitem", name="Run").first.click()
    page.locator("li[data-command='runmenu:run-all']").click()
    page.wait_for_selector(".widget-slider .noUi-handle", timeout=300_000)
    page.wait_for_selector("text=Python 3 (ipykernel) | Idle", timeout=300_000)
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    charts = page.locator(".vega-embed")
    assert charts.count() >= 2 and page.locator(".vega-embed svg, .vega-embed canvas").count() >= 2
    before = _table(page)
    assert "mixed-4-consistent" in before
    _move(page, 0, "ArrowLeft", 1)                        # depth 4 -> 3
    page.wait_for_function("t => !document.querySelector('.widget-interact table').textContent.includes(t)",
                           arg="mixed-4-consistent", timeout=60_000)
    shallower = _table(page)
    assert "mixed-3-consistent" in shallower
    _move(page, 1, "PageUp", 3)                           # the image threshold up
    page.wait_for_function("t => document.querySelector('.widget-interact table').textContent !== t",
                           arg=shallower, timeout=60_000)
    assert _table(page) != shallower
    page.close()
    assert outside == [] and errors == []
