"""Ingest runs in a thread while a reviewer edits through the web UI: every page and every edit is kept."""

import re
import threading

from fastapi.testclient import TestClient
from archive_pages import PAGES

import jianbao
from jianbao.store import Archive
from jianbao.web.app import create_app


def test_ingest_while_the_ui_edits(db):
    base = [jianbao.clip(text, describe=False) for text in PAGES.values()]
    errors: list[BaseException] = []

    def ingester() -> None:
        try:
            with Archive(db) as archive:
                for i in range(45):
                    archive.add_page(base[i % 3], data=f"concurrent copy {i}".encode(), path=f"copy-{i}.txt")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    c = TestClient(create_app(db))
    html = c.get("/", params={"q": "江豚"}).text
    article = re.search(r'href="/article/(\d+)', html).group(1)
    thread = threading.Thread(target=ingester)
    thread.start()
    edits = 0
    for i in range(20):
        page = c.get(f"/article/{article}").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        base_version = re.search(r'name="base" value="(\d+)"', page).group(1)
        page_id = re.search(r"/page/(\d+)/edit", page).group(1)
        done = c.post(f"/page/{page_id}/edit", data={"csrf": csrf, "base": base_version, "action": "headline",
                                                     "article": "a1", "text": f"江豚 第{i}次校对"},
                      follow_redirects=False)
        assert done.status_code == 303, done.text
        article = re.search(r"/article/(\d+)", done.headers["location"]).group(1)
        edits += 1
    thread.join(timeout=120)
    assert not errors, errors
    with Archive(db) as archive:
        assert archive.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 4 + 45
        history = archive.history(int(page_id))
        assert [v["action"] for v in history] == ["clip"] + ["headline"] * edits
        assert archive.current_article(int(page_id), "a1")["headline"] == "江豚 第19次校对"
    assert c.get("/api/search", params={"q": "第19次校对"}).json()["total"] == 1
