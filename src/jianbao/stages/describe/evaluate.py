"""Score ``describe`` against a hand-checked gold set (tests/fixtures/about-gold.jsonl).

Each gold line is a corpus article (title_lines, paragraphs, date) with ``gold``: places (text, code),
people with credit roles, figures, dates and topic.  Scores are micro-averaged over all articles:

- places: precision / recall of the set of division codes each article names;
- bylines: precision / recall of (name, role) credits — reporter, photographer, author, editor, designer
  (an author known only by the note ``（作者为…）`` counts with name null);
- figures: precision (and recall) — a figure is right when value, unit, range and approx flag equal a
  gold figure's and the printed texts overlap;
- dates: accuracy — share of gold dates found with the same text and the same day or range;
- topic: accuracy.
Timing: describe's own time per article (time.perf_counter, jieba and the table loaded beforehand).
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections import Counter
from typing import Any

from jianbao.stages.describe import describe_article, issue_date
from jianbao.stages.describe.gold import page_of

CREDIT_ROLES = ("reporter", "photographer", "author", "editor", "designer")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def _figure_key(f: dict[str, Any]) -> tuple:
    return (f["value"], f["unit"], f.get("max"), bool(f["approx"]))


def _match_figures(pred: list[dict], gold: list[dict]) -> int:
    left = list(gold)
    hits = 0
    for f in pred:
        for g in left:
            a, b = _norm(f["text"]), _norm(g["text"])
            if _figure_key(f) == _figure_key(g) and (a in b or b in a):
                left.remove(g)
                hits += 1
                break
    return hits


def _date_value(d: dict[str, Any]) -> tuple:
    return (d.get("date"), d.get("start"), d.get("end"))


def evaluate(gold_path: str) -> dict[str, Any]:
    """Scores over the whole gold file, and under ``batches`` over each ``batch`` it marks
    (``main``: the set the rules were checked against; ``held-out``: annotated after the last rule change)."""
    records = [json.loads(line) for line in open(gold_path, encoding="utf-8") if line.strip()]
    report = _score(records)
    names = sorted({r.get("batch", "main") for r in records})
    if len(names) > 1:
        report["batches"] = {}
        for name in names:
            part = _score([r for r in records if r.get("batch", "main") == name])
            part.pop("errors")
            part.pop("counts")
            report["batches"][name] = part
    return report


def _score(records: list[dict[str, Any]]) -> dict[str, Any]:
    pages = [page_of(r) for r in records]
    if pages:  # pay the one-off loading (jieba, division table) outside the timing
        describe_article(pages[0], pages[0].articles[0], issue_date(pages[0]))
    t = Counter()
    times: list[float] = []
    chars = 0
    errors: list[dict[str, Any]] = []
    for record, page in zip(records, pages):
        gold = record["gold"]
        start = time.perf_counter()
        about = describe_article(page, page.articles[0], issue_date(page))
        times.append(time.perf_counter() - start)
        chars += sum(len(page.element_text(el)) for el in page.articles[0].elements)

        pred_codes = {p["code"] for p in about["places"] if p.get("code")}
        gold_codes = {p["code"] for p in gold["places"]}
        t["places_tp"] += len(pred_codes & gold_codes)
        t["places_pred"] += len(pred_codes)
        t["places_gold"] += len(gold_codes)

        pred_people = Counter((p["name"], p["role"]) for p in about["people"] if p["role"] in CREDIT_ROLES)
        gold_people = Counter((p["name"], p["role"]) for p in gold["people"])
        t["people_tp"] += sum((pred_people & gold_people).values())
        t["people_pred"] += sum(pred_people.values())
        t["people_gold"] += sum(gold_people.values())

        hits = _match_figures(about["figures"], gold["figures"])
        t["figures_tp"] += hits
        t["figures_pred"] += len(about["figures"])
        t["figures_gold"] += len(gold["figures"])

        pred_dates = Counter((_norm(d["text"]), _date_value(d)) for d in about["dates"])
        gold_dates = Counter((_norm(d["text"]), _date_value(d)) for d in gold["dates"])
        t["dates_ok"] += sum((pred_dates & gold_dates).values())
        t["dates_gold"] += sum(gold_dates.values())
        t["dates_pred"] += sum(pred_dates.values())

        t["topic_ok"] += about["topic"] == gold["topic"]
        if about["topic"] != gold["topic"] or pred_codes != gold_codes or pred_people != gold_people:
            errors.append({
                "id": record["id"], "batch": record.get("batch", "main"),
                "topic": (about["topic"], gold["topic"]),
                "places_extra": sorted(pred_codes - gold_codes), "places_missed": sorted(gold_codes - pred_codes),
                "people_extra": sorted(map(str, (pred_people - gold_people).elements())),
                "people_missed": sorted(map(str, (gold_people - pred_people).elements())),
            })
    n = len(records)
    return {
        "articles": n,
        "places_precision": _ratio(t["places_tp"], t["places_pred"]),
        "places_recall": _ratio(t["places_tp"], t["places_gold"]),
        "bylines_precision": _ratio(t["people_tp"], t["people_pred"]),
        "bylines_recall": _ratio(t["people_tp"], t["people_gold"]),
        "figures_precision": _ratio(t["figures_tp"], t["figures_pred"]),
        "figures_recall": _ratio(t["figures_tp"], t["figures_gold"]),
        "dates_accuracy": _ratio(t["dates_ok"], t["dates_gold"]),
        "dates_precision": _ratio(t["dates_ok"], t["dates_pred"]),
        "topic_accuracy": _ratio(t["topic_ok"], n),
        "ms_per_article": 1000 * sum(times) / n if n else 0.0,
        "ms_per_8000_chars": 1000 * sum(times) / chars * 8000 if chars else 0.0,
        "counts": dict(t),
        "errors": errors,
    }


if __name__ == "__main__":  # python -m jianbao.stages.describe.evaluate tests/fixtures/about-gold.jsonl
    import sys

    report = evaluate(sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/about-gold.jsonl")
    errors = report.pop("errors")
    print(json.dumps(report, ensure_ascii=False, indent=2))
    for e in errors:
        print(json.dumps(e, ensure_ascii=False))
