import json

from typer.testing import CliRunner

from jianbao.cli import app

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(map(str, args)))


def test_ingest_search_export_from_the_command_line(tmp_path, page_dir):
    db = tmp_path / "cli.db"
    (page_dir / "bad.txt").write_bytes(b"\x00\x00")
    first = run("ingest", page_dir, "--db", db, "--no-describe")
    assert first.exit_code == 0, first.output
    assert "3 pages" in first.output and "1 failed" in first.output and "bad.txt" in first.output
    again = run("ingest", page_dir, "--db", db, "--no-describe")
    assert "0 pages" in again.output and "3 already" in again.output
    found = run("search", "阿根廷", "--db", db, "--json")
    assert found.exit_code == 0, found.output
    data = json.loads(found.output)
    assert data["total"] == 1 and data["hits"][0]["date"] == "2019-02-02" and data["hits"][0]["paper"] == "rmrb"
    listed = run("search", "", "--db", db, "--date", "2020-01..2020-01", "--paper", "rmrb")
    assert listed.exit_code == 0 and "云南咖啡产业加快转型升级" in listed.output
    out = tmp_path / "out.jsonl"
    exported = run("export", "--format", "jsonl", "--query", "冬奥", "-o", out, "--db", db)
    assert exported.exit_code == 0, exported.output
    assert "北京冬奥会" in out.read_text(encoding="utf-8")


def test_errors_are_one_line_with_advice(tmp_path):
    missing = run("search", "x", "--db", tmp_path / "none.db")
    assert missing.exit_code == 2 and "jianbao ingest" in missing.output
    db = tmp_path / "x.db"
    run("ingest", tmp_path / "nothing.txt", "--db", db)
    bad_date = run("search", "x", "--db", db, "--date", "soon")
    assert bad_date.exit_code == 2 and "FROM..TO" in bad_date.output
    bad_format = run("export", "--format", "xls", "-o", tmp_path / "x.xls", "--db", db)
    assert bad_format.exit_code == 2 and "choose one of" in bad_format.output


def test_every_command_has_help():
    for command in ("ingest", "search", "export", "serve"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "--db" in result.output
