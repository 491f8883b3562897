"""Bench *issues*: multi-page PDFs with cross-page continuations, and the link precision/recall of
jianbao's ``link/1`` stage on them.

For every date of a split, each story that the typesetter cut with a "（下转第N版）" line whose page N
is among the split's pages of that date gets its continuation piece: the rest of the story (what was
not printed of the cut element, then every later element), opened by a "（上接第M版）" paragraph and,
for half of them (seeded), the story's headline repeated.  Page N is typeset again with its own corpus
articles plus the pieces bound for it (:func:`jianbao.bench.typeset.typeset_page`, seed derived from the
page id), and the issue is the run of the date's pages from the first source page to the last target
page, source pages as built for the bench, target pages as re-typeset.  Out-marks whose page is not in
the issue, and pages between, stay in as distractors.

Gold links are pairs of printed marks: (the source story's 下转 line, the piece's 上接 line).  jianbao's
links are read off its output: in each article, a 上接 mark on a later page than the article's last 下转
mark so far is linked to that mark.  Marks are matched to the printed lines by page and box.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jianbao.bench.typeset import page_seed, typeset_page
from jianbao.errors import ConfigError
from jianbao.model import Page, Role

OUT_MARK = re.compile(r"下转第(\d+)版")
REPEAT_HEADLINE = 0.5

Mark = tuple[int, int, int]  # (PDF page, 1-based; article index on that page; element index)


@dataclass
class Issue:
    date: str
    pdf: Path
    numbers: list[int]               # printed edition number of each PDF page
    layouts: list[dict[str, Any]]    # layout truth of each PDF page
    links: list[tuple[Mark, Mark]]   # gold: (下转 mark, 上接 mark)

    def marks(self) -> dict[Mark, tuple[float, float, float, float]]:
        """Every printed continuation line: its mark id and bbox (points, top-left origin)."""
        out = {}
        for p, layout in enumerate(self.layouts, start=1):
            for line in layout["lines"]:
                if line["role"] == Role.CONTINUATION.value and line["article"] is not None:
                    out[(p, line["article"], line["element"])] = tuple(line["bbox"])
        return out


def _rest(layout: dict[str, Any], a: int) -> list[tuple[str, str]]:
    """What the page did not print of story ``a``: (role, text) of the cut element's remainder and of
    every later element (its 下转 line excluded)."""
    printed: dict[int, int] = defaultdict(int)
    for line in layout["lines"]:
        if line["article"] == a:
            printed[line["element"]] = max(printed[line["element"]], line["end"])
    out = []
    for e, el in enumerate(layout["articles"][a]["elements"]):
        if el["role"] == Role.CONTINUATION.value:
            continue
        left = el["text"][printed.get(e, 0):].strip()
        if left:
            out.append((el["role"], left))
    return out


def _pieces(m: int, layout: dict[str, Any], numbers: set[int]) -> list[tuple[int, int, int, int, dict]]:
    """Pieces cut from page ``m``: (target page N, source page m, story a, 下转 element e, piece article)."""
    out = []
    for a, art in enumerate(layout["articles"]):
        for e, el in enumerate(art["elements"]):
            found = OUT_MARK.search(el["text"]) if el["role"] == Role.CONTINUATION.value else None
            if not found or int(found.group(1)) not in numbers or int(found.group(1)) <= m:
                continue
            rest = _rest(layout, a)
            if not rest:
                continue
            rng = random.Random(page_seed(f"{layout['page']}/{a}/piece"))
            head = next((x["text"] for x in art["elements"] if x["role"] == Role.HEADLINE.value), None)
            titles = [head] if head and rng.random() < REPEAT_HEADLINE else []
            piece = {"id": f"piece-{m}-{a}", "seq": 10**6 + m * 100 + a, "title_lines": titles,
                     "paragraphs": [f"（上接第{m}版）"] + [t for _, t in rest]}
            out.append((int(found.group(1)), m, a, e, piece))
    return out


def build_issues(split: str, build_dir: Path = Path("build/bench"), out_dir: Path | None = None,
                 limit: int | None = None) -> list[Issue]:
    """Assemble the split's bench issues (cached by file, built again when the split's gold pages were
    rebuilt under another build stamp; delete ``out_dir`` to force it).

    A date's pages are taken in order; a page that receives pieces is typeset again first, and its
    own 下转 lines (as now printed) cut pieces for later pages — so chains and pages that are both
    source and target come out right."""
    import pymupdf

    from jianbao.bench.corpus import read_pages

    split_dir = Path(build_dir) / split
    out_dir = Path(out_dir or Path(build_dir) / f"issues-{split}")
    by_date: dict[str, dict[int, dict[str, Any]]] = defaultdict(dict)
    for d in sorted(d for d in split_dir.iterdir() if (d / "layout.json").exists()):
        layout = json.loads((d / "layout.json").read_text(encoding="utf-8"))
        by_date[layout["date"]][layout["number"]] = layout
    corpus = None
    issues = []
    for date in sorted(by_date):
        if limit is not None and len(issues) >= limit:
            break
        layouts = by_date[date]
        if not any(_pieces(m, lay, set(layouts)) for m, lay in layouts.items()):
            continue
        dest = out_dir / date
        stamp = layouts[min(layouts)].get("build")  # the gold build the pages come from
        if (dest / "issue.json").exists():
            cached = _load(dest / "issue.json", stamp)
            if cached is not None:
                issues.append(cached)
                continue
        if corpus is None:
            corpus = {p.id: p for p in read_pages(split=split)}
        dest.mkdir(parents=True, exist_ok=True)
        final: dict[int, dict[str, Any]] = {}
        bound: dict[int, list[tuple[int, int, int, int, dict]]] = defaultdict(list)
        links: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = []  # by page number
        for n in sorted(layouts):
            layout = layouts[n]
            if bound[n]:
                layout = _typeset_target(corpus[layout["page"]], [p for *_, p in bound[n]],
                                         dest / f"page-{n:02d}.pdf")
                for _, m, a, e, piece in bound[n]:
                    k = next((i for i, art in enumerate(layout["articles"]) if art["id"] == piece["id"]), None)
                    if k is None:
                        continue  # the piece did not fit on the page: no link
                    opener = next(i for i, el in enumerate(layout["articles"][k]["elements"])
                                  if el["text"].startswith("（上接第"))
                    if any(ln["article"] == k and ln["element"] == opener for ln in layout["lines"]):
                        links.append(((m, a, e), (n, k, opener)))
            final[n] = layout
            for piece in _pieces(n, layout, set(layouts)):
                bound[piece[0]].append(piece)
        if not links:
            continue
        numbers = [n for n in sorted(final) if min(m for (m, *_), _ in links) <= n <= max(t for _, (t, *_) in links)]
        index = {n: i for i, n in enumerate(numbers, start=1)}
        gold = [((index[m], a, e), (index[n], k, o)) for (m, a, e), (n, k, o) in links]
        with pymupdf.open() as doc:
            for n in numbers:
                fresh = dest / f"page-{n:02d}.pdf"
                path = fresh if bound[n] else split_dir / layouts[n]["page"] / "page.pdf"
                with pymupdf.open(path) as one:
                    doc.insert_pdf(one)
            doc.save(dest / "issue.pdf")
        page_layouts = [final[n] for n in numbers]
        (dest / "issue.json").write_text(json.dumps({"date": date, "build": stamp, "numbers": numbers,
                                                     "layouts": page_layouts, "links": gold},
                                                    ensure_ascii=False) + "\n", encoding="utf-8")
        issues.append(Issue(date, dest / "issue.pdf", numbers, page_layouts, gold))  # type: ignore[arg-type]
    return issues


def _load(path: Path, stamp: str | None) -> Issue | None:
    """An issue built before, or None when it was built from pages of another gold build."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("build") != stamp:
        return None
    links = [(tuple(a), tuple(b)) for a, b in data["links"]]
    return Issue(data["date"], path.parent / "issue.pdf", data["numbers"], data["layouts"], links)  # type: ignore[arg-type]


def _typeset_target(corpus_page, extra: list[dict], pdf: Path) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Typeset page N again with its own articles and the pieces bound for it (first at the end of the
    page; any piece left out for want of room is tried again at the head of the page)."""
    seed = page_seed(f"{corpus_page.id}/issue")
    layout = typeset_page(corpus_page.id, corpus_page.date, corpus_page.number,
                          list(corpus_page.articles) + extra, pdf, seed)
    if any(p["id"] in layout["left_out"] for p in extra):
        ahead = [dict(p, seq=-10**6 + i) for i, p in enumerate(extra)]
        layout = typeset_page(corpus_page.id, corpus_page.date, corpus_page.number,
                              ahead + list(corpus_page.articles), pdf, seed)
    for k, art in enumerate(layout["articles"]):
        if not art["id"].startswith("piece-"):
            continue
        for e, el in enumerate(art["elements"]):
            if el["text"].startswith("（上接第"):
                el["role"] = Role.CONTINUATION.value
                for ln in layout["lines"]:
                    if ln["article"] == k and ln["element"] == e:
                        ln["role"] = Role.CONTINUATION.value
                break
    return layout


# -- scoring ------------------------------------------------------------------------------------------
def _mark_id(page: Page, block_id: int, marks: dict[Mark, tuple[float, ...]]) -> Mark | None:
    block = page.blocks[block_id]
    if block.box is None or block.page is None:
        return None
    cx, cy = (block.box.x0 + block.box.x1) / 2, (block.box.y0 + block.box.y1) / 2
    for mark, (x0, y0, x1, y1) in marks.items():
        if mark[0] == block.page and x0 - 2 <= cx <= x1 + 2 and y0 - 2 <= cy <= y1 + 2:
            return mark
    return None


def predicted_links(page: Page, issue: Issue) -> set[tuple[Mark | None, Mark | None]]:
    """jianbao's links, as pairs of printed marks (None: a mark block matching no printed mark)."""
    from jianbao.stages.link import mark_of

    marks = issue.marks()
    out = set()
    for art in page.articles or ():
        last_out: tuple[int, int] | None = None  # (page, block)
        for el in art.elements:
            if el.role is not Role.CONTINUATION:
                continue
            found = mark_of(page.element_text(el))
            b = el.blocks[0]
            if found is None:
                continue
            if found[0] == "out":
                last_out = (page.blocks[b].page or 0, b)
            elif last_out is not None and (page.blocks[b].page or 0) > last_out[0]:
                out.add((_mark_id(page, last_out[1], marks), _mark_id(page, b, marks)))
                last_out = None
    return out


@dataclass
class LinkTally:
    issues: int = 0
    pages: int = 0
    gold: int = 0
    predicted: int = 0
    correct: int = 0
    distractors: int = 0   # 下转 marks in the issues with no piece to link to
    crowded: int = 0       # gold links whose target page receives pieces from ≥ 2 stories
    seconds: float = 0.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 1.0


def score_issues(issues: list[Issue]) -> LinkTally:
    from jianbao.pipeline import clip

    t = LinkTally()
    for issue in issues:
        t0 = time.perf_counter()
        page = clip(issue.pdf, describe=False)
        t.seconds += time.perf_counter() - t0
        gold = {(a, b) for a, b in issue.links}
        pred = predicted_links(page, issue)
        t.issues += 1
        t.pages += len(issue.numbers)
        t.gold += len(gold)
        t.predicted += len(pred)
        t.correct += len(gold & pred)
        sources = {a for a, _ in gold}
        t.distractors += sum(1 for m, layout in enumerate(issue.layouts, 1) for ln in layout["lines"]
                             if ln["role"] == "continuation" and ln["article"] is not None
                             and (m, ln["article"], ln["element"]) not in sources
                             and "下转" in layout["articles"][ln["article"]]["elements"][ln["element"]]["text"])
        per_target = defaultdict(int)
        for _, b in gold:
            per_target[b[0]] += 1
        t.crowded += sum(n for n in per_target.values() if n > 1)
    return t


def link_bench(split: str, build_dir: Path = Path("build/bench"), limit: int | None = None) -> str:
    """Build the split's issues (if missing), score the links, and say it in Markdown."""
    issues = build_issues(split, build_dir, limit=limit)
    if not issues:
        raise ConfigError(f"no bench issues could be made for split {split}")
    t = score_issues(issues)
    return (f"**Cross-page continuations** ({t.issues} bench issues of {t.pages} pages built from the "
            f"{split} split: `jianbao.bench.issues.build_issues`): {t.gold} gold links ({t.crowded} of them "
            f"on target pages receiving pieces of two or more stories), {t.distractors} 下转 marks without "
            f"a piece as distractors.  Link precision **{t.precision:.3f}** ({t.correct}/{t.predicted}), "
            f"recall **{t.recall:.3f}** ({t.correct}/{t.gold}); whole-issue clip {t.pages / t.seconds:.1f} "
            f"pages/s.")
