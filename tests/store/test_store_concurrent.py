"""Ingest in one thread while reviewers edit in two others, against one WAL file: nothing is lost."""

import threading

from archive_pages import PAGES

import jianbao
from jianbao.store import Archive


def test_concurrent_ingest_and_edits_lose_nothing(tmp_path):
    db = tmp_path / "busy.db"
    base = [jianbao.clip(text, describe=False) for text in PAGES.values()]
    with Archive(db) as archive:
        first = archive.add_page(base[0], data=b"seed page")
    target = first.page_id
    copies = 60
    errors: list[BaseException] = []

    def ingester() -> None:
        try:
            with Archive(db) as archive:
                for i in range(copies):
                    page = base[i % len(base)]
                    archive.add_page(page, data=f"copy {i}".encode(), path=f"copy-{i}.txt")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def reviewer(name: str, rounds: int) -> None:
        try:
            with Archive(db) as archive:
                for i in range(rounds):
                    archive.edit(target, "checked", author=name)
                    label = archive.load(target).page.articles[0].id
                    archive.edit(target, "headline", author=name, article=label, text=f"{name} 改 {i}")
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=ingester), threading.Thread(target=reviewer, args=("li", 15)),
               threading.Thread(target=reviewer, args=("wang", 15))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with Archive(db) as archive:
        assert archive.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == copies + 1
        authors = [v["author"] for v in archive.history(target)]
        assert authors.count("li") == 30 and authors.count("wang") == 30 and authors[0] == "machine"
        numbers = [v["number"] for v in archive.history(target)]
        assert numbers == list(range(1, 62))
        current = archive.conn.execute("SELECT count(*) FROM articles WHERE current = 1").fetchone()[0]
        expected = sum(len(base[i % len(base)].articles) for i in range(copies)) + len(base[0].articles)
        assert current == expected
        fts_rows = archive.conn.execute("SELECT count(*) FROM article_fts").fetchone()[0]
        assert fts_rows == current
        assert archive.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_ingest_process_and_edits_in_another_process(tmp_path):
    """`jianbao ingest` in a child process while this process keeps correcting a page."""
    import subprocess
    import sys

    from archive_pages import joined_page

    db = tmp_path / "two.db"
    with Archive(db) as archive:
        target = archive.add_page(joined_page(), data=b"joined").page_id
    folder = tmp_path / "many"
    folder.mkdir()
    texts = list(PAGES.values())
    for i in range(24):
        (folder / f"rmrb-2019020{i % 9 + 1}-{i:02d}.txt").write_text(texts[i % 3] + f"\n\n第{i}号附言。\n",
                                                                    encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "jianbao.cli", "ingest", str(folder), "--db", str(db),
                              "--no-describe"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    edits = 0
    with Archive(db) as archive:
        while child.poll() is None or edits < 5:
            archive.edit(target, "headline", author="proc", article="a1", text=f"第{edits}版标题")
            edits += 1
        out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
        assert "24 pages" in out
        assert archive.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 25
        assert len(archive.history(target)) == 1 + edits
        assert archive.current_article(target, "a1")["headline"] == f"第{edits - 1}版标题"
        assert archive.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
