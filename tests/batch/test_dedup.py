"""Near-duplicate articles: the MinHash pieces, and precision/recall on pages with planted copies."""

from __future__ import annotations

import numpy as np

from jianbao.batch import BatchOptions, dedup, run_batch
from jianbao.batch.dupgold import measure

from conftest import generate

STORY = ("新华社北京1月31日电 国务院总理李克强31日主持召开国务院常务会议，部署进一步做好疫情防控工作，"
         "要求各地区各部门把人民群众生命安全和身体健康放在第一位，加强医疗物资保障，做好春节假期后人员返程工作。")
OTHER = ("本报上海2月3日电 记者从上海市教委获悉，全市各级各类学校推迟开学，开学前不得组织任何形式的线下教学活动，"
         "同时将通过电视和网络开展在线教育，确保停课不停学，家长可登录平台查看课程安排。")


def sig(text: str) -> np.ndarray:
    return np.frombuffer(dedup.signature(text), dtype=np.uint32)


def test_signatures_estimate_jaccard():
    near = STORY.replace("疫情", "疫病").replace("春节", "新春")
    assert dedup.similar(sig(STORY), sig(STORY)) == 1.0
    assert dedup.similar(sig(STORY), sig(near)) > 0.6
    assert dedup.similar(sig(STORY), sig(OTHER)) < 0.2
    assert dedup.signature("短讯") is None  # too short to compare


def test_local_pairs_and_clusters():
    near = STORY.replace("疫情", "疫病")
    items = [("p1-a1", dedup.signature(STORY)), ("p2-a3", dedup.signature(OTHER)),
             ("p3-a2", dedup.signature(near)), ("p4-a1", dedup.signature(STORY)), ("p5-a1", None)]
    pairs = dedup.local_pairs(items)
    assert sorted(pairs) == [("p1-a1", "p3-a2"), ("p1-a1", "p4-a1"), ("p3-a2", "p4-a1")]
    found = dedup.clusters(pairs)
    assert found == {"p1-a1": ("p1-a1", 3), "p3-a2": ("p1-a1", 3), "p4-a1": ("p1-a1", 3)}


def test_clusters_are_transitive_and_named_by_their_smallest_id():
    found = dedup.clusters([("c", "d"), ("a", "b"), ("d", "b")])
    assert {k: v[0] for k, v in found.items()} == dict.fromkeys("abcd", "a")
    assert all(size == 4 for _, size in found.values())


def test_planted_copies_are_found_with_precision_and_recall(tmp_path):
    pages = generate(tmp_path / "gen", 40, copies=0.25, seed=3)
    rep = run_batch([str(pages / "manifest.jsonl")], tmp_path / "out", BatchOptions(workers=2))
    result = measure(tmp_path / "out", pages / "gold.jsonl")
    assert result["true_pairs"] >= 10, result
    assert result["precision"] >= 0.95 and result["recall"] >= 0.95, result
    assert rep["duplicates"]["clusters"] > 0
