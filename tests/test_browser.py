"""The reports in a real browser: headless Chromium (Debian's `chromium`, which `.ci/run`
installs when it is missing) draws the HTML comparison, the timeline, the dossier and a
Datasette page; every chart is drawn, nothing is wider than a 1280-pixel window, and
hostile text (a script, a javascript: address, markup in a name) stays inert."""

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CHROMIUM, reason="needs Chromium: .ci/run installs Debian's chromium")]
HOSTILE = {"source": "<b>Evil</b> Channel", "quote": "<script>window.hacked = 1</script> 4 km",
           "url": "javascript:window.hacked = 1"}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def hostile_db(run, seeded):
    for day, km in (("2025-01-03", "4 km"), ("2025-01-12", "3.5 km"), ("2025-01-21", "2 km")):
        assert run("add", "--topic", "pokrovsk/distance-to-front", "--source", HOSTILE["source"], "--source-type",
                   "milblogger", "--side", "ru", km, "--as-of", day, "--quote", HOSTILE["quote"], "--url",
                   HOSTILE["url"]).exit_code == 0
    return seeded


def _look(browser, url: str):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    return page


def _check(page, charts: int = 1) -> None:
    """Drawn, no wider than the window, nothing run and no link that runs anything."""
    assert page.evaluate("document.querySelectorAll('svg').length") >= charts
    drawn = page.evaluate("[...document.querySelectorAll('svg')].map(s => s.getBoundingClientRect().height)")
    assert all(height > 50 for height in drawn), drawn
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.evaluate("window.hacked") is None
    assert page.evaluate("[...document.querySelectorAll('a')].every(a => !a.href.startsWith('javascript:'))")
    assert page.evaluate("document.querySelectorAll('script').length") == 0
    assert "<b>Evil</b> Channel" in page.inner_text("body")  # shown as text, not as markup


def test_the_comparison_page(browser, run, hostile_db, tmp_path):
    path = tmp_path / "compare.html"
    made = run("compare", "pokrovsk/distance-to-front", "--as-of", "2025-01-03", "-f", "html", "-o", path)
    assert made.exit_code == 0
    page = _look(browser, path.as_uri())
    _check(page)
    assert page.evaluate("document.querySelectorAll('tr.conflict').length") >= 2
    page.screenshot(path=tmp_path / "compare.png", full_page=True)
    # printed on A4 (794 pixels wide at 96 dots an inch, less the margins), nothing spills over
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794 - 2 * 45, "height": 1000})
    assert page.evaluate("document.documentElement.scrollWidth") <= 794 - 2 * 45
    assert page.pdf(format="A4").startswith(b"%PDF")


def test_the_timeline_page(browser, run, hostile_db, tmp_path):
    path = tmp_path / "timeline.html"
    assert run("compare", "pokrovsk/distance-to-front", "--over-time", "-f", "html", "-o", path).exit_code == 0
    _check(_look(browser, path.as_uri()))


def test_the_dossier(browser, run, hostile_db, tmp_path):
    path = tmp_path / "dossier.html"
    assert run("report", "pokrovsk/distance-to-front", "--conflicts", "-o", path).exit_code == 0
    page = _look(browser, path.as_uri())
    _check(page, charts=2)  # the interval chart and the timeline
    assert page.evaluate("[...document.querySelectorAll('nav a')].length") >= 3
    assert page.inner_text("#method") and page.inner_text("#sources")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.file_only  # Datasette serves SQLite files
def test_a_datasette_page(browser, hostile_db):
    pytest.importorskip("datasette")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "cli", "serve", "--port", str(port), "--db", str(hostile_db)],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):  # wait for it to listen
            try:
                urllib.request.urlopen(base, timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        page = _look(browser, f"{base}/{hostile_db.stem}/claims_readable?_search=script")
        assert page.evaluate("document.querySelectorAll('table.rows-and-columns tbody tr').length") == 3
        assert page.evaluate("window.hacked") is None
        assert "<b>Evil</b> Channel" in page.inner_text("table")
        conflicts = _look(browser, f"{base}/{hostile_db.stem}/topics_in_conflict")
        assert "pokrovsk/distance-to-front" in conflicts.inner_text("table")
    finally:
        server.terminate()
        server.wait(timeout=10)
