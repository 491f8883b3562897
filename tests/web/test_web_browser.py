"""End to end in a real headless Chromium (Debian's /usr/bin/chromium, driven by Playwright):
ingest pages → search a phrase → open an article → unjoin a wrongly joined paragraph → reload shows the
fix → export includes it; and a write without the token on a non-loopback-policy server is refused.

Set JIANBAO_SCREENSHOTS=docs/img to keep the screenshots of the search, article and review screens.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python (pip install playwright)")


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def jianbao(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jianbao.cli", *map(str, args)], capture_output=True, text=True,
                          timeout=300, **kw)


class Server:
    def __init__(self, db: Path, host: str, *extra: str) -> None:
        self.host, self.port = host, free_port(host)
        self.url = f"http://{host}:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "jianbao.cli", "serve", "--db", str(db), "--host", host,
                                      "--port", str(self.port), *extra],
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/static/app.css", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"jianbao serve exited: {self.proc.stdout.read()}")
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("jianbao serve did not answer within 60 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory):
    sys.path.insert(0, str(Path(__file__).parent.parent / "store"))
    from archive_pages import write_pages

    folder = tmp_path_factory.mktemp("e2e")
    write_pages(folder / "pages")
    db = folder / "e2e.db"
    done = jianbao("ingest", folder / "pages", "--db", db)
    assert done.returncode == 0, done.stderr
    assert "3 pages" in done.stdout
    examples = Path(__file__).resolve().parents[2] / "examples"
    if examples.is_dir():  # the bundled bench pages (text dump and PDF), when present
        done = jianbao("ingest", examples, "--db", db)
        assert done.returncode == 0, done.stdout + done.stderr
    import jianbao as jb
    from archive_pages import TRADE, with_geometry

    from jianbao.store import Archive

    from archive_pages import joined_page

    with Archive(db) as archive:
        # a page whose paragraph the machine wrongly joined (built by hand, so it never changes)
        archive.add_page(joined_page(), data=b"joined page", path="rmrb-20190203-02.txt", paper="rmrb")
        # one page as a PDF front end would give it, with block geometry
        page = with_geometry(jb.clip(TRADE, date="2019-02-02", describe=False)).with_(source="rmrb-20190202-01.pdf")
        archive.add_page(page, data=b"geometry page", path="rmrb-20190202-01.pdf", kind="pdf", paper="rmrb")
    return db


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def shot(page, name: str) -> None:
    folder = os.environ.get("JIANBAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_search_open_unjoin_reload_export(archive_db, browser, tmp_path):
    server = Server(archive_db, "127.0.0.1")
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "/")
        page.fill("input[name=q]", "禁捕退捕")
        page.press("input[name=q]", "Enter")
        page.wait_for_selector("article.hit")
        assert page.locator("article.hit").count() == 1
        assert page.locator("article.hit mark").first.inner_text() == "禁捕退捕"
        assert "湖北省武汉市" in page.inner_text("nav.facets") and "society" in page.inner_text("nav.facets")
        if os.environ.get("JIANBAO_SCREENSHOTS"):  # a fuller results page for the docs
            page.goto(server.url + "/?q=" + urllib.parse.quote("江 发展"))
            if page.locator("article.hit").count() < 3:
                page.goto(server.url + "/?q=" + urllib.parse.quote("北京"))
            shot(page, "search.png")
            page.goto(server.url + "/?q=" + urllib.parse.quote("禁捕退捕"))

        page.click("article.hit h2 a")
        page.wait_for_selector("h1.headline")
        assert page.inner_text("h1.headline") == "长江江豚种群数量回升"
        assert "湖北省武汉市 (420100)" in page.inner_text("dl.about")
        block = "4"  # where the machine ran two paragraphs together
        unjoin = page.locator(f"button[data-unjoin='{block}']")
        joined = page.locator(".element", has=page.locator(f"#b{block}"))
        assert joined.locator(".block").count() == 3
        shot(page, "article.png")

        unjoin.click()
        page.wait_for_selector(".flash")
        assert "unjoin saved" in page.inner_text(".flash")
        shot(page, "review.png")
        page.reload()
        assert page.locator(f"button[data-unjoin='{block}']").count() == 0
        alone = page.locator(".element", has=page.locator(f"#b{block}"))
        assert alone.locator(".block").count() == 1
        assert "v2 unjoin by reviewer" in page.inner_text(".history")
    finally:
        server.stop()

    out = tmp_path / "after.jsonl"
    done = jianbao("export", "--format", "jsonl", "--query", "禁捕退捕", "-o", out, "--db", archive_db)
    assert done.returncode == 0, done.stderr
    record = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert record["corrected"] and record["version_author"] == "reviewer"
    assert [e["blocks"] for e in record["elements"]] == [[1], [2, 3], [4], [5]]


def test_page_picture_from_geometry(archive_db, browser):
    server = Server(archive_db, "127.0.0.1")
    try:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server.url + "/?q=春运&paper=rmrb")
        hits = page.locator("article.hit")
        assert hits.count() >= 2  # the text page and the page with geometry
        import sqlite3

        with sqlite3.connect(archive_db) as conn:  # a real PDF page when examples/ has one, else the made-up one
            page_id = conn.execute("SELECT p.id FROM pages p JOIN sources s ON s.id = p.source_id "
                                   "WHERE p.has_geometry = 1 ORDER BY s.kind = 'pdf' DESC, p.id LIMIT 1").fetchone()[0]
        page.goto(f"{server.url}/page/{page_id}")
        page.wait_for_selector("svg.page-picture")
        assert page.locator("svg.page-picture rect[data-block]").count() >= 6
        shot(page, "page.png")
        page.locator("ol.articles-list a").nth(1).click()
        page.wait_for_selector("svg.page-picture")
        shot(page, "article-picture.png")
    finally:
        server.stop()


def test_write_without_token_is_refused_off_loopback_policy(archive_db, browser):
    token = "e2e-token-123456"
    server = Server(archive_db, "127.0.0.2", "--token", token)
    try:
        page = browser.new_page()
        page.goto(server.url + "/?q=刘鹤")
        page.click("article.hit h2 a")
        page.wait_for_selector("h1.headline")
        page.locator("form:has(input[value=headline]) button").click()
        page.wait_for_selector(".error")
        assert "needs its token" in page.inner_text(".error")
        # a script without the token is refused too
        request = urllib.request.Request(server.url + "/page/1/edit", data=b"action=checked", method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403
        # with the token (the login link), the same write goes through
        page.goto(server.url + "/login?" + urllib.parse.urlencode({"token": token}))
        page.goto(server.url + "/?q=刘鹤")
        page.click("article.hit h2 a")
        page.fill("form:has(input[value=headline]) input[name=text]", "中美经贸磋商（已核对）")
        page.locator("form:has(input[value=headline]) button").click()
        page.wait_for_selector(".flash")
        assert page.inner_text("h1.headline") == "中美经贸磋商（已核对）"
    finally:
        server.stop()
