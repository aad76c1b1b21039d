"""The built book in a real browser (headless Chromium): offline, no JavaScript errors,
and the static-page sliders really change the charts.

The book is built once per session with warnings as errors (every chapter executes with
its quick default parameters), served from 127.0.0.1, and opened in Debian's Chromium
driven by Playwright. Requests to any other host are blocked and reported.
"""
import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.browser]
REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def book_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(REPO),
               "--path-output", str(out), "-W", "-n", "--keep-going"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=3000)
    assert run.returncode == 0, f"book build failed:\n{run.stdout[-4000:]}\n{run.stderr[-4000:]}"
    return out / "_build" / "html"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(book_html):
    handler = functools.partial(QuietHandler, directory=str(book_html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


class Visit:
    """A page opened with every outside request blocked and every console error kept."""

    def __init__(self, browser, url):
        self.page = browser.new_page(viewport={"width": 1300, "height": 1000})
        self.outside, self.errors = [], []
        self.page.route("**/*", self._route)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.goto(url)
        self.page.wait_for_load_state("networkidle")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.mark.parametrize("page", ["book/intro.html", "book/data.html", "book/information.html",
                                  "book/paper1_model.html", "book/paper1_information.html",
                                  "book/paper1_celltypes.html", "book/paper1_development.html",
                                  "book/paper2_channels.html", "book/paper2_cells.html", "book/workshop.html",
                                  "book/status.html",
                                  "book/bibliography.html"])
def test_pages_load_offline_without_errors(browser, server, page):
    visit = Visit(browser, f"{server}/{page}")
    assert visit.outside == []
    assert visit.errors == []
    visit.page.close()


def test_data_page_slider_changes_the_chart(browser, server):
    visit = Visit(browser, f"{server}/book/data.html")
    page = visit.page
    slider = page.locator(".vega-bindings input[type=range]").first
    slider.wait_for()
    chart = page.locator(".vega-embed", has=slider)
    canvas = chart.locator("canvas, svg").first
    canvas.wait_for()
    before = canvas.screenshot()
    slider.fill("7")
    slider.dispatch_event("input")
    page.wait_for_timeout(500)
    after = canvas.screenshot()
    assert page.locator(".vega-bindings .vega-bind-name").first.is_visible()
    assert before != after, "moving the digit slider did not change the chart"
    assert visit.errors == [] and visit.outside == []
    page.close()


def _readout(page):
    return page.locator("svg text", has_text="consistent cells at depth").first.text_content()


def test_celltype_threshold_slider_changes_the_displayed_count(browser, server):
    visit = Visit(browser, f"{server}/book/paper1_celltypes.html")
    page = visit.page
    page.locator("svg text", has_text="consistent cells at depth").first.wait_for()
    before = _readout(page)
    # the browser types the cells as the library does: the readout is the table's number
    import json

    table = json.loads(SNAPSHOT.read_text())["paper1_celltypes"]["shared_mixed-4-consistent"]
    assert before.endswith(f": {table} per network"), (before, table)
    # the thresholds start at unrounded values (the percentile rule) and are shown rounded
    shown = page.evaluate("[...document.querySelectorAll('.vega-bindings input[type=range] + span')]"
                          ".map(s => s.textContent)")
    assert len(shown) == 3 and all(len(value.partition(".")[2]) <= 2 for value in shown), shown
    for name in ("thr_image", "thr_audio"):  # both to the sliders' minimum: far more cells pass
        threshold = page.locator(f".vega-bindings input[type=range][name={name}]").first
        threshold.fill("0.3")
        threshold.dispatch_event("input")
    page.wait_for_timeout(500)
    lowered = _readout(page)
    depth = page.locator(".vega-bindings input[type=range][name=depth]").first
    depth.fill("1")
    depth.dispatch_event("input")
    page.wait_for_timeout(500)
    shallow = _readout(page)
    assert before != lowered, f"moving the image threshold did not change the count ({before})"
    assert "depth 1" in shallow and shallow != lowered
    assert visit.errors == [] and visit.outside == []
    page.close()


#: what lies outside the text column of a page: charts and images that do not fit it, tables
#: wider than it that do not scroll inside it, and charts drawn on a canvas (not scaled)
OUTSIDE_THE_COLUMN = """() => {
  const article = document.querySelector("article.bd-article");
  const right = article.getBoundingClientRect().right + 1;
  const name = (el) => {
    const cell = el.closest(".cell"); const fig = el.closest("figure");
    const caption = fig && fig.querySelector("figcaption") ? fig.querySelector("figcaption").innerText : "";
    return el.tagName.toLowerCase() + " in " + (caption.slice(0, 40) || (cell && cell.id) || "the page");
  };
  const wide = [];
  for (const el of article.querySelectorAll(".vega-embed canvas")) wide.push("canvas chart " + name(el));
  const scrolls = (holder) => holder && ["auto", "scroll"].includes(getComputedStyle(holder).overflowX)
                              && holder.getBoundingClientRect().right <= right
                              && Boolean(holder.nextElementSibling)
                              && holder.nextElementSibling.classList.contains("scroll-hint");
  for (const el of article.querySelectorAll(".vega-embed svg.marks, .cell_output img")) {
    const r = el.getBoundingClientRect();
    const embed = el.closest(".vega-embed");
    const box = (embed || el.parentElement).getBoundingClientRect();
    if (r.width > 0 && (r.right > right || r.right > box.right + 1) && !scrolls(embed))
      wide.push(`${name(el)}: ${Math.round(r.width)} px, column ends at ${Math.round(right)}`);
    const drawn = el.viewBox && el.viewBox.baseVal ? el.viewBox.baseVal.width : 0;
    if (drawn && r.width / drawn < 0.74)
      wide.push(`${name(el)}: drawn at ${Math.round(100 * r.width / drawn)} % of its size, its text unreadable`);
  }
  for (const table of article.querySelectorAll("table")) {
    const r = table.getBoundingClientRect();
    if (r.right <= right) continue;
    if (!scrolls(table.closest(".pst-scrollable-table-container")))
      wide.push(`${name(table)}: ${Math.round(r.width)} px, does not scroll with a hint under it`);
  }
  for (const math of article.querySelectorAll('mjx-container[display="true"]')) {   // a display equation
    const inner = math.firstElementChild;
    if (inner && inner.getBoundingClientRect().right > right && !scrolls(math))
      wide.push(`equation ${name(math)}: ${Math.round(inner.getBoundingClientRect().width)} px, cut off`);
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth + 1) wide.push(`the page scrolls sideways: ${page.scrollWidth} px`);
  return wide;
}"""
CHAPTER_PAGES = ["intro", "data", "information", "paper1_model", "paper1_information", "paper1_celltypes",
                 "paper1_development", "paper1_shared", "paper1_authors", "paper2_channels", "paper2_training",
                 "paper2_results", "paper2_scaling", "paper2_cells", "workshop", "status", "bibliography"]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_output_fits_its_column(browser, server, width):
    """Issue 19, section 3: at a desktop and a phone width, every chart and image of every page
    is drawn inside the text column (scaled down where needed, to no less than 75 % so that
    its text stays readable; beyond that it scrolls inside the column) and a wide table
    scrolls inside it, each with a hint under it, instead of being cut off."""
    outside = {}
    for name in CHAPTER_PAGES:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(f"{server}/book/{name}.html")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)              # vega draws after the scripts have loaded
        found = page.evaluate(OUTSIDE_THE_COLUMN)
        if found:
            outside[name] = found
        page.close()
    assert outside == {}


def test_pages_need_no_emoji_font_and_titles_do_not_repeat(book_html):
    """Issue 19, section 6: the status table says in words how each chapter ran (an emoji is
    an empty box without an emoji font), and no page title repeats the book's title."""
    status = (book_html / "book" / "status.html").read_text()
    assert "✅" not in status and "❌" not in status and "<td><p>ran</p></td>" in status
    # issue 19 §4: the status first (a phone shows the first columns), load time apart from recompute time
    headings = status.split("<thead>")[1].split("</thead>")[0]
    assert headings.index("<p>status</p>") < headings.index("<p>chapter</p>")
    assert "load and draw (s)" in headings and "recompute (min)" in headings
    assert "none: computed in the build" in status
    for page in (book_html / "book").glob("*.html"):
        title = page.read_text().split("<title>")[1].split("</title>")[0]
        first, _, rest = title.partition(" &#8212; ")
        assert first != rest, f"{page.name}: {title}"


def test_no_page_shows_a_python_object_repr(book_html):
    """Issue 19, section 6: an output that displays nothing draws nothing (an empty
    ``Markdown("")`` as a cell's value prints ``<IPython.core.display.Markdown object>``)."""
    for page in (book_html / "book").glob("*.html"):
        text = page.read_text()
        assert "IPython.core.display" not in text and "object at 0x" not in text, page.name


def test_glued_sentences_are_not_bold_and_glued_numbers_are(book_html):
    """Issue 19: myst-nb draws every glued value bold; a computed sentence is set in the
    normal weight (book/_ext/book_fixes.py marks it, _static/layout.css styles it)."""
    import re

    page = (book_html / "book" / "paper2_training.html").read_text()
    spans = re.findall(r'<span class="([^"]*pasted-text[^"]*)">(.*?)</span>', page, flags=re.S)
    sentences = [text for classes, text in spans if "pasted-sentence" in classes]
    numbers = [text for classes, text in spans if "pasted-sentence" not in classes]
    assert any(text.startswith("Before back-fitting") for text in sentences)
    assert numbers and all(len(text.split()) < 6 for text in numbers)
    css = (book_html / "_static" / "layout.css").read_text()
    assert "span.pasted-text.pasted-sentence { font-weight: normal; }" in css


SNAPSHOT = REPO / "tests" / "snapshots" / "glued-values.json"
#: glued values that are wall-clock times of this build, not results
WALL_CLOCK = {("information", "run_seconds")}


def _literal(text):
    import ast

    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError):
        return float(text) if text in ("nan", "inf", "-inf") else text


def same_glued_value(expected: str, built: str | None) -> bool:
    """Whether a glued value equals its snapshot: the same text, or, where a page now glues
    the raw number and formats it in its prose, a number that the snapshot's text shows to
    its last digit (expected '0.801', built 0.80123: equal; built 0.8017: not); two raw floats
    are equal to a relative 1e-9 (the order of a sum's terms may change its last bits)."""
    from decimal import Decimal, InvalidOperation

    if built is None or expected == built:
        return expected == built
    shown, value = _literal(expected), _literal(built)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not isinstance(shown, (str, int, float)):
        return False
    if isinstance(shown, float) and isinstance(value, float):
        # both raw numbers: equal up to the last bits of a float (BLAS sums in another order)
        return abs(shown - value) <= 1e-9 * max(abs(shown), abs(value))
    try:
        decimal = Decimal(str(shown))
    except InvalidOperation:
        return False
    if not decimal.is_finite():
        return str(shown) == str(value)
    return abs(value - float(decimal)) <= 0.5 * 10.0 ** decimal.as_tuple().exponent * (1 + 1e-9)


def test_the_snapshot_comparison_accepts_only_the_shown_digits():
    assert same_glued_value("'0.801'", "0.80123") and same_glued_value("'4'", "4")
    assert same_glued_value("'0.0086'", "0.00861") and same_glued_value("'1.5e-05'", "1.54e-05")
    assert not same_glued_value("'0.801'", "0.8017") and not same_glued_value("'yes'", "'no'")
    assert not same_glued_value("'0.801'", None) and not same_glued_value("'n/a'", "0.5")
    assert same_glued_value("5.227498405734356", "5.227498405734354")      # float noise of a sum
    assert not same_glued_value("5.2274984", "5.2275")


def test_every_glued_value_equals_the_snapshot(book_html):
    """The numbers the book shows are those recorded in tests/snapshots/glued-values.json.
    A change meant to alter them (a recompute) rewrites the snapshot in the same commit:
    ``python tests/test_book_browser.py _build`` after ``make book``."""
    import json

    from sharedrep.chapters import book_glued_values

    built = book_glued_values(book_html.parent)
    expected = json.loads(SNAPSHOT.read_text())
    for chapter, name in WALL_CLOCK:
        built.get(chapter, {}).pop(name, None), expected.get(chapter, {}).pop(name, None)
    changed = {(chapter, name): (value, built.get(chapter, {}).get(name))
               for chapter, values in expected.items() for name, value in values.items()
               if not same_glued_value(value, built.get(chapter, {}).get(name))}
    added = {(c, n) for c, values in built.items() for n in values if n not in expected.get(c, {})}
    assert changed == {} and added == set()


if __name__ == "__main__":   # rewrite the snapshot from a built book: python tests/test_book_browser.py _build
    import json

    from sharedrep.chapters import book_glued_values

    SNAPSHOT.write_text(json.dumps(book_glued_values(Path(sys.argv[1])), indent=1, sort_keys=True,
                                   ensure_ascii=False) + "\n")
    print(f"wrote {SNAPSHOT}")
