"""Set one story in its box: title lines across the box, photos with captions, body columns.

The body flows down 1–5 columns of a whole number of characters; columns are balanced (the
shortest bottom at which everything fits), and a story that does not fit is cut at the bottom of
its box — mid-paragraph, usually mid-word — optionally ending in a "（下转第N版）" line.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from jianbao.bench import fonts
from jianbao.bench.grid import Rect
from jianbao.bench.wrap import wrap
from jianbao.model import Role

BODY_ROLES = (Role.PARAGRAPH, Role.HEADING, Role.BYLINE, Role.AUTHOR_NOTE)
ASCENT = 0.88     # baseline below the top of a line's em box, as a share of the size
FRAMED = 0.1      # share of stories set in a ruled frame
MIN_COLUMN_GAP = 1.7  # ems; pdftotext runs closer columns together
MIN_LINES = 5         # body lines per column, at least (where the measure allows)
MAX_MEASURE = 32      # characters
MIN_ROOM = 3          # lines; a column with less room is left empty (one-line columns print
                      # level with their neighbours, and extractors join such lines)


@dataclass
class Style:
    """Per-page type choices (sizes in points, the rest in ems of the body size)."""

    size: float
    leading: float          # line pitch / size; < 1.5 so extractors keep a paragraph together
    gap: float              # paragraph gap; leading + gap ≥ 1.62 so extractors split paragraphs
    column_chars: float     # target column measure in characters
    gutter: float           # space between story boxes
    grid_units: int         # page grid columns (vertical box edges snap to them)
    centred_titles: bool


@dataclass
class Printed:
    """One printed line and what it shows: ``text[start:end]`` of element ``element``."""

    text: str
    face: str
    size: float
    x: float
    base: float                      # baseline, top-down
    measure: float | None = None     # justify to this width
    bold: bool = False
    article: int | None = None
    element: int = 0
    role: Role = Role.PARAGRAPH
    start: int = 0
    end: int = 0

    def char_space(self) -> float:
        if not self.measure or len(self.text) < 2:
            return 0.0
        natural = fonts.width(self.text, self.face, self.size)
        tc = (self.measure - natural) / (len(self.text) - 1)
        return max(-0.12 * self.size, min(0.08 * self.size, tc))

    def truth(self) -> dict[str, Any]:
        w = fonts.width(self.text, self.face, self.size) + self.char_space() * (len(self.text) - 1)
        box = Rect(self.x, self.base - ASCENT * self.size, self.x + w, self.base + 0.14 * self.size)
        return {"article": self.article, "element": self.element, "role": self.role.value,
                "start": self.start, "end": self.end, "bbox": box.as_list(),
                "size": round(self.size, 2), "bold": self.bold}


@dataclass
class Story:
    """A corpus article on its way to the page."""

    id: str
    elements: list[tuple[Role, str]]
    title_dropped: bool = False
    continued: bool = False          # gets a "（下转第N版）" line if it does not fit
    short: bool = False              # given less room than it needs
    photo: bool = False              # gets a photo even without a caption
    continues: bool = False
    framed: bool = False
    box: Rect | None = None
    columns: int = 0
    photos: list[Rect] = field(default_factory=list)
    lines: list[Printed] = field(default_factory=list)

    def caption_groups(self) -> list[list[int]]:
        groups: list[list[int]] = []
        for i, (role, _) in enumerate(self.elements):
            if role is Role.CAPTION:
                if groups and groups[-1][-1] == i - 1:
                    groups[-1].append(i)
                else:
                    groups.append([i])
        return groups


def set_story(story: Story, box: Rect, style: Style, rng: random.Random, index: int,
              number: int, lead: bool) -> None:
    """Fill ``story.lines``, ``photos``, ``columns`` and ``continues`` for the story in ``box``."""
    s = style.size
    story.box = box
    inner = box.inset(style.gutter * s / 2)
    story.framed = rng.random() < FRAMED
    if story.framed:
        inner = inner.inset(0.7 * s)
    complete = True
    titles: list[Printed] = []
    y, complete = _set_titles(story, inner, style, lead, index, titles)
    k = _columns(story, inner.w, style)
    chars = max(4, math.floor((inner.w - (k - 1) * MIN_COLUMN_GAP * s) / (k * s)))
    width = chars * s
    gap = (inner.w - k * width) / (k - 1) if k > 1 else 0.0
    x0 = inner.x0 if k > 1 else inner.x0 + (inner.w - width) / 2
    xs = [x0 + c * (width + gap) for c in range(k)]
    tops = [y] * k
    story.columns = k
    captions: list[Printed] = []
    groups = story.caption_groups()
    if not groups and (story.photo or not any(r in BODY_ROLES for r, _ in story.elements)):
        groups = [[]]  # a photo without a caption
    for group in groups:
        complete &= _set_photo(story, group, xs, width, tops, inner, style, rng, index, captions)
    body: list[Printed] = []
    complete &= _set_body(story, xs, width, tops, inner, style, index, number, rng, body)
    story.lines = titles + captions + body  # the order of the PDF content stream
    story.continues = not complete


def _columns(story: Story, width: float, style: Style) -> int:
    """How many body columns: near the page's measure, at most 5, and — so that short stories
    do not print one line per column — fewer when there are under MIN_LINES lines per column
    (but never wider than MAX_MEASURE characters)."""
    s, gap = style.size, MIN_COLUMN_GAP * style.size
    k = max(1, min(5, round((width + gap) / ((style.column_chars + MIN_COLUMN_GAP) * s))))
    body = [len(t) for r, t in story.elements if r in BODY_ROLES]
    while k > 1:
        chars = (width - (k - 1) * gap) / (k * s)
        wider = (width - (k - 2) * gap) / ((k - 1) * s)
        if sum(math.ceil(n / chars) for n in body) >= MIN_LINES * k or wider > MAX_MEASURE:
            break
        k -= 1
    return k


def _set_titles(story: Story, inner: Rect, style: Style, lead: bool, index: int,
                out: list[Printed]) -> tuple[float, bool]:
    s = style.size
    # an ad slot's label is set as display type too (a small one: it is no headline)
    titles = [(i, r, t) for i, (r, t) in enumerate(story.elements) if r.is_title or r is Role.ADVERT]
    if not titles:
        return inner.y0, True
    top_size = min(3.8 * s, max(2.0 * s, inner.w / 13)) * (1.2 if lead else 1.0)
    headline = next((t for _, r, t in titles if r is Role.HEADLINE), titles[0][2])
    units = fonts.width(headline, "hei", 1.0) or 1.0
    hs = min(top_size, inner.w / (units + 2.0))  # keep 2 ems clear of the next box's titles
    if hs < 1.7 * s:
        hs = max(1.4 * s, min(top_size, 2.2 * s)) if len(headline) < 60 else 1.3 * s
    small = max(1.15 * s, 0.5 * hs)
    # room above a big headline, so that no extractor runs it into the box above
    y = inner.y0 + max(0.0, 0.85 * hs - style.gutter * s)
    base = None
    for i, role, text in titles:
        big = role is Role.HEADLINE
        size = hs if big else small
        face = "hei" if big or role is Role.KICKER else "kai"
        if base is not None:  # baselines of two title elements ≥ 1.75 sizes apart
            y = max(y + 0.4 * size, base + 1.75 * size - ASCENT * size)
        for line in wrap(text, face, size, inner.w - 2 * size):
            if y + 1.2 * size > inner.y1:
                return y, False
            x = inner.x0 + (inner.w - line.width) / 2 if style.centred_titles else inner.x0
            base = y + ASCENT * size
            out.append(Printed(line.text, face, size, x, base, bold=big,
                               article=index, element=i, role=role, start=line.start, end=line.end))
            y += 1.2 * size
    return y + 0.9 * s, True


def _set_photo(story: Story, group: list[int], xs: list[float], width: float, tops: list[float],
               inner: Rect, style: Style, rng: random.Random, index: int,
               out: list[Printed]) -> bool:
    s, k = style.size, len(xs)
    only_photos = not any(r in BODY_ROLES for r, _ in story.elements)
    if k == 1 or only_photos or rng.random() < 0.35:
        c0, c1 = 0, k
    else:
        span = rng.randint(1, k - 1) if k > 2 else 1
        c0 = 0 if rng.random() < 0.5 else k - span
        c1 = c0 + span
    top = max(tops[c0:c1])
    pw = xs[c1 - 1] + width - xs[c0]
    cs = max(7.5, 0.9 * s)
    pitch = cs * style.leading
    caption_lines = [(i, wrap(story.elements[i][1], "kai", cs, pw)) for i in group]
    caption_h = sum(len(lines) * pitch for _, lines in caption_lines) + 0.3 * s * len(group)
    room = inner.y1 - top - caption_h - 3 * s * style.leading
    ph = min(pw * rng.uniform(0.5, 0.75), room + (3 * s * style.leading if only_photos else 0),
             max(0.45 * inner.h, 120.0))
    ph = max(ph, 36.0)
    photo = Rect(xs[c0], top, xs[c0] + pw, top + ph)
    story.photos.append(photo)
    y = photo.y1 + 0.4 * s
    complete = True
    for i, lines in caption_lines:
        for line in lines:
            if y + pitch > inner.y1:
                complete = False
                break
            out.append(Printed(line.text, "kai", cs, xs[c0], y + ASCENT * cs + (pitch - cs) / 2,
                               measure=None if line.last and line.width <= pw else pw, article=index, element=i,
                               role=Role.CAPTION, start=line.start, end=line.end))
            y += pitch
        y += 0.3 * s
    for c in range(c0, c1):
        tops[c] = y + 0.6 * s
    return complete


def _set_body(story: Story, xs: list[float], width: float, tops: list[float], inner: Rect,
              style: Style, index: int, number: int, rng: random.Random,
              out: list[Printed]) -> bool:
    s = style.size
    pitch = s * style.leading
    items = []
    body_ids = [i for i, (r, _) in enumerate(story.elements) if r in BODY_ROLES]
    for i in body_ids:
        role, text = story.elements[i]
        face, indent = {Role.HEADING: ("hei", 0.0), Role.BYLINE: ("kai", 0.0)}.get(role, ("song", 2 * s))
        items.append((i, role, face, indent, wrap(text, face, s, width, indent)))
    if not items:
        return True
    bottom = inner.y1
    placed, complete = _flow(items, xs, tops, bottom, bottom, pitch, style.gap * s)
    mark = None
    if complete and len(xs) > 1 and len(placed) >= MIN_LINES * len(xs):
        lo, hi = min(tops) + pitch, bottom
        for _ in range(16):
            mid = (lo + hi) / 2
            if _flow(items, xs, tops, mid, mid, pitch, style.gap * s)[1]:
                hi = mid
            else:
                lo = mid
        placed, complete = _flow(items, xs, tops, hi, hi, pitch, style.gap * s)
    elif not complete and story.continued and tops[-1] + 2 * pitch < bottom:
        reserve = bottom - pitch - style.gap * s
        placed, complete = _flow(items, xs, tops, bottom, reserve, pitch, style.gap * s)
        mark = f"（下转第{number + rng.randint(1, 4)}版）"
    for n, li, col, top in placed:
        i, role, face, indent, lines = items[n]
        line = lines[li]
        x, measure = xs[col], None
        if role in (Role.HEADING, Role.BYLINE):
            if line.width > width:  # squeezed punctuation: never wider than the column
                measure = width
            elif role is Role.HEADING:
                x += (width - line.width) / 2
            elif i == body_ids[-1] and i != body_ids[0]:
                x += width - line.width
        else:
            x += indent if li == 0 else 0.0
            measure = width - (indent if li == 0 else 0.0)
            if line.last and line.width <= measure:
                measure = None  # the last line is not justified, only squeezed if it must
        out.append(Printed(line.text, face, s, x, top + (pitch - s) / 2 + ASCENT * s,
                           measure=measure, bold=role is Role.HEADING, article=index, element=i,
                           role=role, start=line.start, end=line.end))
    if mark:
        story.elements.append((Role.CONTINUATION, mark))
        w = fonts.width(mark, "song", s)
        # printed before the body: after the last body line it could sit level with it, and
        # MuPDF would read the two as lines of one block
        out.insert(0, Printed(mark, "song", s, xs[-1] + width - w,
                           bottom - pitch + (pitch - s) / 2 + ASCENT * s, article=index,
                           element=len(story.elements) - 1, role=Role.CONTINUATION, end=len(mark)))
        return False
    return complete


def _flow(items: list, xs: list[float], tops: list[float], bottom: float, last_bottom: float,
          pitch: float, gap: float) -> tuple[list[tuple[int, int, int, float]], bool]:
    """Pour the body lines down the columns; returns (item, line, column, top) and whether all fit."""
    placed: list[tuple[int, int, int, float]] = []
    limit = lambda c: last_bottom if c == len(xs) - 1 else bottom  # noqa: E731
    col = 0
    while col < len(xs) and tops[col] + MIN_ROOM * pitch > limit(col) + 0.01:
        col += 1  # a column with room for only a line or two stays empty
    if col == len(xs):
        return placed, False
    y, fresh = tops[col], True
    for n, (_, role, _, _, lines) in enumerate(items):
        extra = gap + (0.4 * pitch if role is Role.HEADING else 0.0)
        for li in range(len(lines)):
            before = extra if li == 0 and not fresh else 0.0
            if y + before + pitch > limit(col) + 0.01:
                col += 1
                while col < len(xs) and tops[col] + MIN_ROOM * pitch > limit(col) + 0.01:
                    col += 1
                if col >= len(xs):
                    return placed, False
                y, before = tops[col], 0.0
            y += before
            placed.append((n, li, col, y))
            y += pitch
            fresh = False
    return placed, True


def required_area(story: Story, width: float, style: Style) -> float:
    """The area the story takes in a box ``width`` wide and as tall as it needs."""
    probe = Story(story.id, list(story.elements), photo=story.photo)
    set_story(probe, Rect(0.0, 0.0, width, 20000.0), style, random.Random(0), 0, 0, lead=False)
    bottom = max([p.base + 0.4 * style.size for p in probe.lines] + [ph.y1 for ph in probe.photos]
                 + [0.0])
    return width * (bottom + style.gutter * style.size)
