"""Typeset one corpus page as a broadsheet newspaper page PDF (reportlab, Debian CJK fonts).

The page (330×470 mm) carries header/footer furniture (paper name, date, page number, section)
and a grid of story boxes (:mod:`jianbao.bench.grid`), each set by :mod:`jianbao.bench.story`.
Body size, leading, paragraph gap, column measure, gutters, grid, title alignment, which stories
lose their headline, run short or carry a "（下转第N版）" line: all drawn from
``random.Random(seed)``, the seed derived from the page id (:func:`page_seed`).

:func:`typeset_page` writes the PDF and returns the *layout truth* (a JSON-ready dict): the
page's source elements per story and its furniture, and for every printed line which element and
characters ``[start, end)`` it shows, its bbox (points, top-left origin), size and boldness.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from jianbao.bench import fonts
from jianbao.bench.grid import Rect, story_need, tile
from jianbao.bench.roles import article_elements
from jianbao.bench.story import BODY_ROLES, Printed, Story, Style, required_area, set_story
from jianbao.model import Role

PAGE_W, PAGE_H = 330 * mm, 470 * mm
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 16 * mm, 12 * mm, 14 * mm
PAPER = "人民日报"
SECTIONS = ("要闻", "综合", "评论", "经济", "社会", "国际", "文化", "体育", "理论", "政治",
            "民生", "生态", "副刊", "视点", "科技", "教育", "健康", "地方")
WEEKDAYS = "一二三四五六日"
DROP_HEADLINE = 0.03   # share of stories printed without their title lines
CONTINUED = 0.1        # share of stories that get a "（下转第N版）" line when they do not fit
SHORT_BOX = 0.12       # share of stories given less room than they need (cut at the bottom)
PHOTO = 0.06          # share of stories that get a photo without a caption
SIZES = (10.5, 10.25, 10.0, 9.75, 9.5, 9.25, 9.0, 8.75, 8.5, 8.25, 8.0)
REFINE = 2             # rounds of measuring stories in their boxes and re-cutting the page


def page_seed(page_id: str, seed: int = 0) -> int:
    """The page's own seed: the same page id and seed always give the same page."""
    return int(hashlib.sha256(f"{seed}/{page_id}".encode()).hexdigest()[:12], 16)


def date_line(date: str) -> str:
    """"20200203" → "2020年2月3日 星期一"."""
    day = dt.date(int(date[:4]), int(date[4:6]), int(date[6:8]))
    return f"{day.year}年{day.month}月{day.day}日 星期{WEEKDAYS[day.weekday()]}"


def furniture(number: int, date: str, rng: random.Random) -> tuple[list[Printed], list[str], float, float]:
    """Header and footer: the printed lines, the furniture elements' texts, and the top and bottom
    of the body area.  Pieces printed side by side in one row (or one corner block) make one
    furniture element, read left to right, top to bottom: extractors often take them as one block.
    """
    pieces: list[tuple[int, Printed]] = []
    left, right = MARGIN_X, PAGE_W - MARGIN_X
    section = SECTIONS[0] if number <= 4 else rng.choice(SECTIONS[1:])

    def put(group: int, text: str, face: str, size: float, x: float, base: float,
            align: str = "left", bold: bool = False) -> None:
        w = fonts.width(text, face, size)
        x = x - w if align == "right" else x - w / 2 if align == "center" else x
        pieces.append((group, Printed(text, face, size, x, base, bold=bold, role=Role.FURNITURE)))

    if number == 1:
        base = MARGIN_TOP + 52
        put(0, PAPER, "kai", 56, left, base, bold=True)
        put(0, "RENMIN RIBAO", "hei", 9, left + 4, base + 20)
        put(1, date_line(date), "song", 11, right, MARGIN_TOP + 20, "right")
        put(1, f"第{number}版", "hei", 10, right, MARGIN_TOP + 40, "right")
        put(1, "人民网网址：http://www.people.com.cn", "song", 8, right, MARGIN_TOP + 60, "right")
        top = base + 34
    else:
        base = MARGIN_TOP + 18
        outer, inner_side = ("left", "right") if number % 2 == 0 else ("right", "left")
        near, far = (left, right) if outer == "left" else (right, left)
        step = 1 if outer == "left" else -1
        put(0, f"第{number}版", "hei", 15, near, base, outer, bold=True)
        put(0, section, "hei", 15, near + step * 78, base, outer)
        put(0, PAPER, "kai", 12, far - step * 140, base, inner_side)
        put(0, date_line(date), "song", 9.5, far, base, inner_side)
        top = base + 14
    bottom = PAGE_H - MARGIN_BOTTOM
    if rng.random() < 0.6:
        put(2, f"{PAPER}  {section}  第{number}版", "song", 8, PAGE_W / 2, bottom, "center")
        bottom -= 16
    texts: list[str] = []
    lines: list[Printed] = []
    for group in sorted({g for g, _ in pieces}):
        row = sorted((p for g, p in pieces if g == group), key=lambda p: (round(p.base), p.x))
        text = ""
        for p in row:
            text += "  " if text else ""
            p.element, p.start, p.end = len(texts), len(text), len(text) + len(p.text)
            text += p.text
            lines.append(p)
        texts.append(text)
    return lines, texts, top + 14, bottom


def make_stories(articles: list[dict], rng: random.Random) -> list[Story]:
    stories = []
    for art in sorted(articles, key=lambda a: a.get("seq", 0)):
        elements = article_elements(art.get("title_lines", []), art.get("paragraphs", []))
        if not elements:
            continue
        story = Story(art["id"], elements)
        if any(r in BODY_ROLES for r, _ in elements) and rng.random() < DROP_HEADLINE:
            story.elements = [(r, t) for r, t in elements if not r.is_title]
            story.title_dropped = True
        story.short = rng.random() < SHORT_BOX
        story.continued = rng.random() < CONTINUED
        story.photo = rng.random() < PHOTO
        stories.append(story)
    return stories


def choose_style(rng: random.Random) -> Style:
    leading = rng.uniform(1.3, 1.42)
    return Style(size=9.5, leading=leading, gap=max(rng.uniform(0.25, 0.45), 1.62 - leading),
                 column_chars=rng.uniform(11, 17), gutter=rng.uniform(1.7, 2.3),
                 grid_units=rng.choice((6, 7, 8)), centred_titles=rng.random() < 0.5)


def story_needs(stories: list[Story], style: Style, size: float) -> list[float]:
    out = []
    for st in stories:
        titles = [len(t) for r, t in st.elements if r.is_title]
        body = [len(t) for r, t in st.elements if r in BODY_ROLES]
        need = story_need(titles, body, len(st.caption_groups()), size, style.leading,
                          style.column_chars)
        out.append(need * (0.65 if st.short else 1.0))
    return out


def typeset_page(page_id: str, date: str, number: int, articles: list[dict], pdf: Path,
                 seed: int) -> dict[str, Any]:
    """Write the page PDF to ``pdf``; return its layout truth."""
    rng = random.Random(seed)
    style = choose_style(rng)
    furn, furn_texts, top, bottom = furniture(number, date, rng)
    stories = make_stories(articles, rng)
    body = Rect(MARGIN_X, top, PAGE_W - MARGIN_X, bottom)
    fill = rng.uniform(0.88, 0.98)
    unit = body.w / style.grid_units
    rough = story_needs(stories, style, 9.5)
    widths = [min(body.w, max(2 * unit, (n * 1.1) ** 0.5)) for n in rough]
    at_base = sum(required_area(st, w, style) for st, w in zip(stories, widths))
    size = next((z for z in SIZES if at_base * (z / 9.5) ** 2 <= body.w * body.h * fill), SIZES[-1])
    style.size = size
    need = [required_area(st, w, style) * (0.65 if st.short else 1.0)
            for st, w in zip(stories, widths)]
    left_out = []
    while len(stories) > 1 and sum(need) > body.w * body.h * 1.12:
        left_out.append(stories.pop().id)
        need.pop()
    filler = None
    if sum(need) < body.w * body.h * 0.8:  # too little text: the rest of the page is a picture
        cut = body.y0 + max(body.h * 0.3, sum(need) / body.w / 0.9)
        filler = Rect(body.x0, cut + style.gutter * size / 2, body.x1, body.y1)
        body = Rect(body.x0, body.y0, body.x1, cut - style.gutter * size / 2)
    half = style.gutter * size / 2
    outer = body.inset(-half)
    grid = [outer.x0 + outer.w * i / style.grid_units for i in range(1, style.grid_units)]
    tile_seed = rng.random()
    boxes = tile(need, outer, random.Random(tile_seed), grid, min_w=15 * size, min_h=16 * size)
    for _ in range(REFINE):  # measure each story at its box's width and cut the page again
        need = [required_area(st, box.w, style) * (0.65 if st.short else 1.0)
                for st, box in zip(stories, boxes)]
        boxes = tile(need, outer, random.Random(tile_seed), grid, min_w=15 * size, min_h=16 * size)
    for index, (story, box) in enumerate(zip(stories, boxes)):
        set_story(story, box, style, rng, index, number, lead=index == 0)
    draw(pdf, furn, stories, body, filler, style)
    lines = [p.truth() for p in furn] + [p.truth() for st in stories for p in st.lines]
    return {
        "page": page_id, "date": date, "number": number, "seed": seed,
        "size": [round(PAGE_W, 2), round(PAGE_H, 2)],
        "style": {"body_size": style.size, "leading": round(style.leading, 3),
                  "gap": round(style.gap, 3), "grid_units": style.grid_units},
        "articles": [{"id": st.id, "elements": [{"role": r.value, "text": t} for r, t in st.elements],
                      "continues": st.continues, "title_dropped": st.title_dropped,
                      "box": st.box.as_list(), "columns": st.columns,
                      "photos": [p.as_list() for p in st.photos]} for st in stories],
        "left_out": left_out,
        "furniture": [{"role": Role.FURNITURE.value, "text": t} for t in furn_texts],
        "lines": lines,
    }


def draw(pdf: Path, furn: list[Printed], stories: list[Story], body: Rect, filler: Rect | None,
         style: Style) -> None:
    c = canvas.Canvas(str(pdf), pagesize=(PAGE_W, PAGE_H), invariant=1)
    c.setTitle("jianbao bench page")
    for p in furn:
        _print(c, p)
    c.setLineWidth(1.2)
    rule_y = PAGE_H - (body.y0 - 6)
    c.line(MARGIN_X, rule_y, PAGE_W - MARGIN_X, rule_y)
    half = style.gutter * style.size / 2
    last: Printed | None = furn[-1] if furn else None
    for st in stories:
        lines = st.lines
        if last is not None and lines and _level(last, lines[0]):
            # start from a line that is not level with the last one printed, so that no
            # extractor reads the two stories' lines as one line
            k = next((i for i, p in enumerate(lines) if not _level(last, p)), 0)
            lines = lines[k:] + lines[:k]
        for p in lines:
            _print(c, p)
        last = lines[-1] if lines else last
        c.setFillGray(0.6)
        for photo in st.photos:
            c.rect(photo.x0, PAGE_H - photo.y1, photo.w, photo.h, stroke=0, fill=1)
        c.setFillGray(0)
        c.setLineWidth(0.5)
        box = st.box
        if st.framed:
            inner = box.inset(half)
            c.rect(inner.x0, PAGE_H - inner.y1, inner.w, inner.h, stroke=1, fill=0)
        if box.x1 < body.x1 + half - 1:  # column rule to the right
            c.line(box.x1, PAGE_H - box.y0 - half, box.x1, PAGE_H - box.y1 + half)
        if box.y1 < body.y1 + half - 1:  # rule below
            c.line(box.x0 + half, PAGE_H - box.y1, box.x1 - half, PAGE_H - box.y1)
    if filler is not None:
        c.setFillGray(0.7)
        c.rect(filler.x0, PAGE_H - filler.y1, filler.w, filler.h, stroke=0, fill=1)
    c.showPage()
    c.save()


def _level(a: Printed, b: Printed) -> bool:
    return abs(a.base - b.base) < 1.6 * max(a.size, b.size)


def _print(c: canvas.Canvas, p: Printed) -> None:
    if p.bold:  # fake bold: fill and stroke the glyphs; q/Q keeps the render mode to this line
        c.saveState()
        c.setLineWidth(p.size * 0.035)
    t = c.beginText(p.x, PAGE_H - p.base)
    t.setCharSpace(p.char_space())
    if p.bold:
        t.setTextRenderMode(2)
    for f, run in fonts.runs(p.text, p.face):
        t.setFont(f.name, p.size)
        t.textOut(run)
    c.drawText(t)
    if p.bold:
        c.restoreState()
