"""A small local batch end to end: tables, report, resume, manifests, and the same stages as clip."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from jianbao.batch import BatchOptions, run_batch
from jianbao.batch.inputs import list_pages
from jianbao.batch.rows import ARTICLES, ERRORS, PAGES
from jianbao.cli import app
from jianbao.errors import ConfigError
from jianbao.pipeline import default_steps, run_steps
from jianbao.read import read_page


@pytest.fixture(scope="module")
def run(pages30, tmp_path_factory):
    src = tmp_path_factory.mktemp("in")
    shutil.copytree(pages30 / "pages", src / "pages")
    (src / "pages" / "empty.txt").write_bytes(b"")
    (src / "pages" / "noise.bin").write_bytes(bytes(range(256)) * 8)
    out = tmp_path_factory.mktemp("run") / "out"
    rep = run_batch([str(src / "pages")], out, BatchOptions(workers=2, shard_size=4, jsonl=True))
    return src, out, rep


def test_every_page_is_counted_once(run):
    src, out, rep = run
    assert rep["pages"] == 32 and rep["pages_ok"] == 30 and rep["pages_failed"] == 2
    pages = pq.read_table(out / "pages.parquet")
    ids = pages.column("page_id").to_pylist()
    assert len(ids) == len(set(ids)) == 32
    assert {r.page_id for r in list_pages([str(src / "pages")])} == set(ids)
    assert sum(pages.column("articles").to_pylist()) == rep["articles"] > 30
    assert json.loads((out / "report.json").read_text())["articles"] == rep["articles"]


def test_bad_pages_land_in_the_errors_table_with_reasons(run):
    _, out, rep = run
    errors = pq.read_table(out / "errors.parquet").to_pylist()
    assert sorted(Path(e["source"]).name for e in errors) == ["empty.txt", "noise.bin"]
    assert all(e["reason"] and e["kind"] for e in errors)
    assert sum(rep["pages_failed_by_reason"].values()) == 2
    assert not any(k.startswith("internal") for k in rep["pages_failed_by_reason"])


def test_tables_have_the_documented_schemas(run):
    _, out, _ = run
    parts = sorted((out / "articles").glob("part-*.parquet"))
    assert len(parts) == 8
    assert all(pq.read_schema(p).equals(ARTICLES) for p in parts)
    assert pq.read_schema(out / "pages.parquet").equals(PAGES)
    assert pq.read_schema(out / "errors.parquet").equals(ERRORS)


def test_articles_are_what_the_clip_stage_list_makes(run):
    src, out, _ = run
    arts = pq.read_table(out / "articles").to_pylist()
    for path in sorted((src / "pages").rglob("*.txt"))[:4]:
        if path.name == "empty.txt":
            continue
        page = run_steps(read_page(path), default_steps())
        mine = [a for a in arts if Path(a["source"]).resolve() == path.resolve()]
        mine.sort(key=lambda a: int(a["article"][1:]))
        assert [a["headline"] for a in mine] == [page.headline(x) for x in page.articles]
        assert [json.loads(a["elements"]) for a in mine] == [[page.element_json(e) for e in x.elements]
                                                            for x in page.articles]


def test_jsonl_mirrors_the_parquet(run):
    _, out, rep = run
    lines = (out / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == rep["articles"]
    first = json.loads(lines[0])
    assert isinstance(first["elements"], list) and first["dup_cluster"]


def test_rerun_resumes_from_markers_and_changes_nothing(run):
    src, out, _ = run
    before = pq.read_table(out / "articles").sort_by("article_id")
    rep = run_batch([str(src / "pages")], out, BatchOptions(workers=1))
    assert rep["shards"]["processed_now"] == 0 and rep["shards"]["resumed_from_markers"] == 8
    assert pq.read_table(out / "articles").sort_by("article_id").equals(before)


def test_other_inputs_in_the_same_folder_are_refused(run, tmp_path):
    src, out, _ = run
    one = tmp_path / "one.txt"
    one.write_text("标题\n\n正文一段。", encoding="utf-8")
    with pytest.raises(ConfigError, match="other pages"):
        run_batch([str(one)], out, BatchOptions())


def test_manifests_jsonl_and_parquet(pages30, tmp_path):
    page0 = (pages30 / "pages" / "000" / "000000.txt").read_bytes().decode("utf-8", "replace")
    rows = [
        {"text": "人民日报\n\n新年贺词\n\n同胞们、朋友们：新年好。", "paper": "人民日报", "date": "19980101", "page": 1},
        {"path": str(pages30 / "pages" / "000" / "000001.txt"), "paper": "光明日报", "date": "2020-01-05"},
        {"path": "missing.txt"},
        {"text": "标题\n\n正文。", "date": "1998-13-45"},
        {"paper": "没有正文"},
        {"id": "given-7", "text": page0},
    ]
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken json\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    rep = run_batch([str(manifest)], out, BatchOptions(workers=1))
    assert rep["pages"] == 7 and rep["pages_ok"] == 3
    pages = {r["source"].rsplit("#", 1)[-1] if "#" in r["source"] else Path(r["source"]).name: r
             for r in pq.read_table(out / "pages.parquet").to_pylist()}
    assert pages["0"]["paper"] == "人民日报" and pages["0"]["date"] == "1998-01-01" and pages["0"]["page"] == 1
    assert pages["000001.txt"]["date"] == "2020-01-05" and pages["000001.txt"]["status"] == "ok"
    assert "no such file" in pages["missing.txt"]["reason"]
    assert "not a date" in pages["3"]["reason"]
    assert "neither" in pages["4"]["reason"]
    assert "not a JSON object" in pages["6"]["reason"]
    assert pages["5"]["page_id"] == "given-7" and pages["5"]["status"] == "ok"

    table = pa.table({"text": [r.get("text") for r in rows[:1]] + [page0], "paper": ["A", "B"]})
    pq.write_table(table, tmp_path / "m.parquet", row_group_size=1)
    rep = run_batch([str(tmp_path / "m.parquet")], tmp_path / "out2", BatchOptions(workers=1))
    assert rep["pages_ok"] == 2
    papers = sorted(pq.read_table(tmp_path / "out2" / "articles").column("paper").to_pylist())
    assert set(papers) == {"A", "B"}


def test_cli_batch(pages30, tmp_path):
    runner = CliRunner()
    out = tmp_path / "out"
    res = runner.invoke(app, ["batch", str(pages30 / "pages" / "000" / "00000[0-4].txt"), "-o", str(out), "-q"])
    assert res.exit_code == 0, res.output
    assert json.loads((out / "report.json").read_text())["pages"] == 5
    res = runner.invoke(app, ["batch", str(tmp_path / "nowhere"), "-o", str(out)])
    assert res.exit_code == 2 and "no such file, folder or pattern" in res.output
    assert runner.invoke(app, ["batch", "--help"]).exit_code == 0
