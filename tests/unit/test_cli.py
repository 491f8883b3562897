import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from jianbao.cli import app

runner = CliRunner()
PAGE = "衡阳公安驻滇打击跨境犯罪\n\n为打击治理跨境违法犯罪，衡阳市公安局派出工作组赴云南。\n\n(罗鹏 唐曦)\n"


def test_every_command_has_help():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    commands = [c.name for c in app.registered_commands]
    assert "clip" in commands and "bench" in commands
    for name in commands:
        r = runner.invoke(app, [name, "--help"])
        assert r.exit_code == 0, name
        assert "Usage" in r.output


def test_clip_one_page_to_stdout(tmp_path):
    f = tmp_path / "page.txt"
    f.write_text(PAGE, encoding="utf-8")
    r = runner.invoke(app, ["clip", str(f), "--no-describe"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["schema"] == "jianbao.page/1"
    assert data["articles"][0]["headline"] == "衡阳公安驻滇打击跨境犯罪"


def test_clip_stdin_markdown():
    r = runner.invoke(app, ["clip", "-", "--format", "md", "--no-describe"], input=PAGE.encode())
    assert r.exit_code == 0
    assert r.stdout.startswith("<!-- <stdin> -->")
    assert "## 衡阳公安驻滇打击跨境犯罪" in r.stdout


def test_clip_many_to_dir_skips_bad_pages(tmp_path):
    good = tmp_path / "good.page.txt"
    good.write_text(PAGE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "out"
    r = runner.invoke(app, ["clip", str(good), str(empty), "-o", str(out), "--no-describe"])
    assert r.exit_code == 1
    assert (out / "good.page.json").exists()
    assert not (out / "empty.json").exists()
    assert "empty.txt" in r.stderr


@pytest.mark.parametrize("make", [
    lambda p: p,  # a directory
    lambda p: p / "missing.txt",
    lambda p: (p / "bin.txt").write_bytes(b"\x00\x01\x02") and p / "bin.txt",
])
def test_bad_input_exit_2_one_line_no_traceback(tmp_path, make):
    target = make(tmp_path)
    proc = subprocess.run([sys.executable, "-m", "jianbao.cli", "clip", str(target)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith("jianbao: error: ")
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_debug_shows_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "jianbao.cli", "--debug", "clip", str(tmp_path / "x.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" in proc.stderr


def test_bad_date_is_a_config_error(tmp_path):
    f = tmp_path / "page.txt"
    f.write_text(PAGE, encoding="utf-8")
    r = runner.invoke(app, ["clip", str(f), "--date", "2020-13-45"])
    assert r.exit_code == 2
    assert "YYYY-MM-DD" in r.stderr
