from jianbao.store import Archive
from jianbao.store.ingest import ingest, name_date, name_paper


def test_ingest_folder_then_again_is_a_no_op(tmp_path, page_dir):
    (page_dir / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    (page_dir / ".hidden.txt").write_text("不该被读取", encoding="utf-8")
    with Archive(tmp_path / "a.db") as archive:
        first = ingest(archive, [page_dir], describe=False)
        assert (first.pages, first.duplicates, len(first.failures)) == (3, 0, 1)
        assert first.articles >= 6
        path, reason = first.failures[0]
        assert path.endswith("broken.txt") and "binary" in reason
        second = ingest(archive, [page_dir], describe=False)
        assert (second.pages, second.duplicates) == (0, 3)
        assert archive.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 3
        row = archive.conn.execute("SELECT paper, issue_date, kind, ingested_by, tool FROM sources "
                                   "WHERE path LIKE '%20190202%'").fetchone()
        assert tuple(row)[:4] == ("rmrb", "2019-02-02", "text", "machine")
        assert row["tool"].startswith("jianbao ")


def test_same_content_under_another_name_is_a_duplicate(tmp_path, page_dir):
    copy = tmp_path / "copy.txt"
    copy.write_bytes((page_dir / "rmrb-20190201-01.txt").read_bytes())
    with Archive(tmp_path / "a.db") as archive:
        ingest(archive, [page_dir], describe=False)
        again = ingest(archive, [copy], describe=False)
    assert again.duplicates == 1 and again.pages == 0


def test_missing_file_is_a_failure_not_a_crash(tmp_path):
    with Archive(tmp_path / "a.db") as archive:
        report = ingest(archive, [tmp_path / "nope.txt"], describe=False)
    assert report.failures and "no such file" in report.failures[0][1]


def test_names_give_date_and_paper():
    assert name_date("rmrb-20190201-01.txt") == "2019-02-01"
    assert name_date("page_2020_01_05.txt") == "2020-01-05"
    assert name_date("page-1.txt") is None
    assert name_paper("rmrb-20190201-01.txt") == "rmrb"
    assert name_paper("20190201.txt") is None


def test_clipping_in_worker_processes_stores_the_same_pages_in_the_same_order(tmp_path, page_dir):
    """Two clipping processes: the same pages, articles and order as one; a bad file is reported and the
    others are kept; a file met twice in one run is stored once."""
    (page_dir / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    (page_dir / "zz-copy.txt").write_bytes((page_dir / "rmrb-20190201-01.txt").read_bytes())

    def stored(workers):
        with Archive(tmp_path / f"w{workers}.db") as archive:
            report = ingest(archive, [page_dir], describe=True, workers=workers)
            rows = archive.conn.execute("SELECT p.name, a.ord, a.headline, b.body, a.about FROM articles a "
                                        "JOIN pages p ON p.id = a.page_id JOIN article_bodies b ON b.id = a.id "
                                        "ORDER BY p.id, a.ord").fetchall()
        return report, [tuple(r) for r in rows]

    one, many = stored(1), stored(2)
    assert (many[0].pages, many[0].duplicates, len(many[0].failures)) == (3, 1, 1)
    assert many[0].failures[0][0].endswith("broken.txt")
    assert many[1] == one[1] and many[0].articles == one[0].articles


VARIANTS = 240  # enough pages that a kill lands while some are still being clipped


def test_a_clipping_process_killed_midway_loses_no_page(tmp_path, page_dir):
    import multiprocessing
    import os
    import signal
    import threading
    import time

    pages = sorted(page_dir.glob("*.txt"))
    for k in range(VARIANTS):  # distinct files: the same pages with a line of their own
        src = pages[k % len(pages)]
        (page_dir / f"v{k:02d}-{src.name}").write_text(src.read_text(encoding="utf-8") + f"\n\n第{k}版\n",
                                                     encoding="utf-8")
    done = []
    result = {}

    def run():
        try:
            with Archive(tmp_path / "k.db") as archive:
                result["report"] = ingest(archive, [page_dir], describe=False, workers=2,
                                          progress=lambda p: done.append(p))
                result["pages"] = archive.conn.execute("SELECT count(*) FROM pages").fetchone()[0]
        except BaseException as exc:  # shown by the assertion below
            result["error"] = exc

    thread = threading.Thread(target=run)
    thread.start()
    deadline = time.time() + 120
    while not done and time.time() < deadline:  # the workers are up and clipping
        time.sleep(0.01)
    victims = multiprocessing.active_children()
    assert victims, "no clipping process to kill"
    os.kill(victims[0].pid, signal.SIGKILL)
    assert len(done) < VARIANTS + 3  # killed while pages were still being clipped
    thread.join(timeout=300)
    assert "error" not in result, repr(result.get("error"))
    report = result["report"]
    assert not report.failures and report.pages == VARIANTS + 3 == result["pages"]
