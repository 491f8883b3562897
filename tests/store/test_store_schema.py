import sqlite3

import pytest

from jianbao.errors import StoreError
from jianbao.store import Archive
from jianbao.store.schema import LATEST, connect


def test_new_archive_is_migrated_and_in_wal_mode(tmp_path):
    conn = connect(tmp_path / "a.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    assert {"sources", "pages", "blocks", "versions", "articles", "elements", "article_places", "article_fts"} <= tables
    conn.close()
    again = connect(tmp_path / "a.db")  # reopening runs no migration twice
    assert again.execute("PRAGMA user_version").fetchone()[0] == LATEST


def test_newer_schema_is_refused_with_advice(tmp_path):
    path = tmp_path / "future.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version={LATEST + 1}")
    raw.close()
    with pytest.raises(StoreError, match="upgrade jianbao"):
        connect(path)


def test_missing_archive_and_non_sqlite_file(tmp_path):
    with pytest.raises(StoreError, match="jianbao ingest"):
        Archive(tmp_path / "none.db", create=False)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="cannot open"):
        Archive(bad)
    with pytest.raises(StoreError, match="folder"):
        Archive(tmp_path)


def test_a_later_migration_runs_once_and_keeps_the_data(tmp_path, monkeypatch):
    import jianbao.store.schema as schema

    path = tmp_path / "old.db"
    conn = connect(path)
    conn.execute("INSERT INTO sources (sha256, path, kind, size, ingested_at, ingested_by, tool) "
                 "VALUES ('x', 'p.txt', 'text', 1, 'now', 'machine', 'jianbao')")
    conn.close()
    step = (LATEST + 1, "ALTER TABLE sources ADD COLUMN note TEXT; CREATE INDEX sources_note ON sources(note)")
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [step])
    monkeypatch.setattr(schema, "LATEST", LATEST + 1)
    upgraded = connect(path)
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == LATEST + 1
    assert upgraded.execute("SELECT path, note FROM sources").fetchone()[:] == ("p.txt", None)
    upgraded.close()
    assert connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST + 1  # not run again


def test_an_archive_of_version_1_is_brought_up_to_date(tmp_path):
    import sqlite3

    from jianbao.store import schema

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in schema._statements(schema.V1):
        raw.execute(statement)
    raw.execute("PRAGMA user_version=1")
    raw.close()
    conn = connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("SELECT v FROM article_fts_config WHERE k = 'automerge'").fetchone()[0] == 8
