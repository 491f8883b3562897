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
