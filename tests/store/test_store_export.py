import csv
import json

import pyarrow.parquet as pq
import pytest

from jianbao.errors import ConfigError
from jianbao.store.search import Query
from jianbao.write.export import export


def corrected(archive):
    pid = archive.conn.execute("SELECT id FROM pages WHERE name = 'rmrb-20190201-01.txt'").fetchone()[0]
    label = archive.load(pid).page.articles[0].id
    archive.edit(pid, "headline", author="li", article=label, text="人工改正的标题")
    return pid


def test_jsonl_csv_md_parquet_carry_corrections(archive, tmp_path):
    corrected(archive)
    total = archive.conn.execute("SELECT count(*) FROM articles WHERE current = 1").fetchone()[0]
    assert export(archive, "jsonl", tmp_path / "a.jsonl") == total
    rows = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    fixed = [r for r in rows if r["headline"] == "人工改正的标题"]
    assert len(fixed) == 1 and fixed[0]["corrected"] and fixed[0]["version_author"] == "li"
    assert all(r["elements"] and r["sha256"] for r in rows)
    export(archive, "csv", tmp_path / "a.csv")
    with open(tmp_path / "a.csv", encoding="utf-8") as f:
        assert "人工改正的标题" in [r["headline"] for r in csv.DictReader(f)]
    export(archive, "md", tmp_path / "a.md")
    assert "## 人工改正的标题" in (tmp_path / "a.md").read_text(encoding="utf-8")
    export(archive, "parquet", tmp_path / "a.parquet")
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.num_rows == total and "人工改正的标题" in table.column("headline").to_pylist()


def test_query_limits_the_export(archive, tmp_path):
    n = export(archive, "jsonl", tmp_path / "q.jsonl", query=Query(text="阿根廷"))
    assert n == 1


def test_pagexml_folder_and_gold(archive, tmp_path):
    pid = corrected(archive)
    assert export(archive, "pagexml", tmp_path / "xml") == 4
    assert len(list((tmp_path / "xml").glob("*.xml"))) == 4
    with pytest.raises(ConfigError, match="folder"):
        export(archive, "pagexml", tmp_path / "one.xml")
    assert export(archive, "jsonl", tmp_path / "gold", gold=True) == 1  # only reviewed pages
    gold = list((tmp_path / "gold").glob("*.gold.json"))
    assert len(gold) == 1
    page = json.loads(gold[0].read_text(encoding="utf-8"))
    dump_path = gold[0].parent / gold[0].name.replace(".gold.json", ".txt")
    assert page["schema"] == "jianbao.page/1" and page["source"] == dump_path.name
    assert {**page, "source": None} == {**archive.page_dict(pid), "source": None}
    assert page["articles"][0]["headline"] == "人工改正的标题"
    dump = dump_path.read_text(encoding="utf-8")
    from jianbao.read.text import split_blocks

    assert [b.strip() for b in split_blocks(dump)] == [b.raw.strip() for b in archive.load(pid).page.blocks]
    assert export(archive, "jsonl", tmp_path / "gold.jsonl", gold=True) == 1
    from jianbao.bench.gold import check_gold  # the benchmark's own check of a gold page against its dump

    assert check_gold(page, dump) == []


def test_unknown_format(archive, tmp_path):
    with pytest.raises(ConfigError, match="choose one of"):
        export(archive, "xlsx", tmp_path / "x")
