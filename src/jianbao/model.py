"""The page and its parts.

A :class:`Page` owns its blocks.  An :class:`Article` is a *view* on the page: ordered
:class:`Element` s, each naming the block ids it is made of, plus metadata.  Everything is
frozen; stages return new pages with :func:`dataclasses.replace`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

from jianbao.frozen import set_fields
from jianbao.joining import join_pieces  # noqa: F401  (the rule of docs/format.md, compiled: joining.pyx)

SCHEMA = "jianbao.page/1"


class Role(str, enum.Enum):
    """What a block is on the printed page (see docs/format.md)."""

    KICKER = "kicker"
    HEADLINE = "headline"
    SUBHEADLINE = "subheadline"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    BYLINE = "byline"
    AUTHOR_NOTE = "author_note"
    CONTINUATION = "continuation"
    FURNITURE = "furniture"
    ADVERT = "advert"
    NOISE = "noise"

    @property
    def is_title(self) -> bool:
        return self in TITLE_ROLES

    @property
    def outside(self) -> bool:
        """Roles that live outside articles, in ``unassigned``."""
        return self in (Role.FURNITURE, Role.ADVERT, Role.NOISE)

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, tuple[str]]:
        # pickled by value and found again in a dict: Enum's own way calls the class, a third of the
        # cost of unpickling a clipped page (ingest hands every page from a worker to the archive)
        return _role, (self._value_,)


def _role(value: str) -> Role:
    return Role._value2member_map_[value]  # type: ignore[return-value]


TITLE_ROLES = frozenset({Role.KICKER, Role.HEADLINE, Role.SUBHEADLINE})

def typical_size(sized: Iterable[tuple[float, int]]) -> float | None:
    """The type size most characters are set in: the median of ``(size, characters)`` weighted by the
    characters (None when there is nothing to weigh)."""
    ordered = sorted(sized)
    half, seen = sum(n for _, n in ordered) / 2, 0
    for size, n in ordered:
        seen += n
        if seen >= half:
            return size
    return ordered[-1][0] if ordered else None


@dataclass(frozen=True, slots=True)
class Box:
    """Where a block sits on a rendered page, in PDF points (x0, y0, x1, y1), top-left origin."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def shared_width(self, other: "Box") -> float:
        """How far the two boxes overlap across the page (negative: the gap between them)."""
        return min(self.x1, other.x1) - max(self.x0, other.x0)

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2)]


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruled line the reader saw on a page (a straight horizontal or vertical stroke): papers set rules
    between their articles, so two blocks with a rule between them seldom belong to one story."""

    page: int | None
    box: Box  # a horizontal rule has y0 == y1, a vertical one x0 == x1

    @property
    def horizontal(self) -> bool:
        return self.box.height <= self.box.width


@dataclass(frozen=True, slots=True)
class Photo:
    """Where a picture sits on a page (an image, or a tint box standing for one): the text right under it
    is its caption."""

    page: int | None
    box: Box


@dataclass(frozen=True, slots=True, init=False)
class Block:
    """A run of text from one column, as the reader found it.

    ``raw`` keeps the block's lines exactly as read; ``text`` is the reflowed text.
    Geometry (``page``, ``box``, ``size``, ``bold``, ``edges``) is there when the reader saw the page.
    """

    id: int
    raw: str
    page: int | None = None
    box: Box | None = None
    size: float | None = None
    bold: bool = False
    #: how its first and last lines sit in their column, where the reader saw them: +1 flush left / full
    #: width, −1 indented / short, 0 not known (a paragraph's first line is indented, its last line short)
    edges: tuple[int, int] | None = None
    text: str = field(init=False, repr=False, compare=False)  # the reflowed text, made once

    def __init__(self, id: int, raw: str, page: int | None = None, box: Box | None = None,
                 size: float | None = None, bold: bool = False, edges: tuple[int, int] | None = None) -> None:
        # the fields as dataclasses' own __init__ would set them, in one compiled call (frozen.pyx: that
        # __init__ calls object.__setattr__ once a field, as dear as the rest of making the block)
        set_fields(self, _BLOCK_FIELDS, (id, raw, page, box, size, bold, edges, join_pieces(raw.splitlines())))

    @property
    def lines(self) -> list[str]:
        return [line for line in self.raw.splitlines() if line.strip()]


_BLOCK_FIELDS = ("id", "raw", "page", "box", "size", "bold", "edges", "text")


@dataclass(frozen=True, slots=True, init=False)
class Element:
    """One headline, paragraph, caption … made of one or more blocks, in reading order."""

    role: Role
    blocks: tuple[int, ...]

    def __init__(self, role: Role, blocks: tuple[int, ...]) -> None:
        set_fields(self, _ELEMENT_FIELDS, (role, blocks))  # (as Block's: a page makes a hundred or more)


_ELEMENT_FIELDS = ("role", "blocks")


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    elements: tuple[Element, ...]
    continues: bool = False
    about: dict[str, Any] | None = None
    pages: tuple[int, ...] = ()

    def block_ids(self) -> list[int]:
        return [b for el in self.elements for b in el.blocks]


@dataclass(frozen=True, slots=True)
class Page:
    """A page: its blocks, and — once the stages ran — roles, articles and what is left over."""

    source: str
    blocks: tuple[Block, ...]
    date: str | None = None
    roles: tuple[Role, ...] | None = None
    articles: tuple[Article, ...] | None = None
    unassigned: tuple[Element, ...] = ()
    notes: tuple[str, ...] = field(default=())
    rules: tuple[Rule, ...] = ()  # ruled lines, where the reader saw the page
    photos: tuple[Photo, ...] = ()  # pictures, where the reader saw the page

    # -- views -------------------------------------------------------------------------------
    def block(self, block_id: int) -> Block:
        return self.blocks[block_id]

    def element_text(self, element: Element) -> str:
        return join_pieces(self.blocks[b].text for b in element.blocks)

    def headline(self, article: Article) -> str | None:
        for el in article.elements:
            if el.role is Role.HEADLINE:
                return self.element_text(el)
        return None

    def article_text(self, article: Article) -> str:
        return "\n".join(self.element_text(el) for el in article.elements)

    def with_(self, **changes: Any) -> "Page":
        return replace(self, **changes)

    # -- output ------------------------------------------------------------------------------
    def element_json(self, element: Element) -> dict[str, Any]:
        out: dict[str, Any] = {
            "role": element.role.value,
            "text": self.element_text(element),
            "blocks": list(element.blocks),
        }
        first = self.blocks[element.blocks[0]]
        if first.page is not None:
            out["page"] = first.page
        boxes = [self.blocks[b].box for b in element.blocks if self.blocks[b].box is not None]
        if boxes:
            out["bbox"] = [b.as_list() for b in boxes]
        return out

    def to_dict(self) -> dict[str, Any]:
        articles = []
        for art in self.articles or ():
            item: dict[str, Any] = {
                "id": art.id,
                "headline": self.headline(art),
                "elements": [self.element_json(el) for el in art.elements],
                "continues": art.continues,
            }
            if art.pages:
                item["pages"] = list(art.pages)
            if art.about is not None:
                item["about"] = art.about
            articles.append(item)
        out: dict[str, Any] = {"schema": SCHEMA, "source": self.source}
        if self.date:
            out["date"] = self.date
        out["articles"] = articles
        out["unassigned"] = [self.element_json(el) for el in self.unassigned]
        if self.notes:
            out["notes"] = list(self.notes)
        return out

    def to_json(self, indent: int | None = 2) -> str:
        from jianbao.write.json import dumps

        return dumps(self.to_dict(), indent)

    def to_markdown(self) -> str:
        from jianbao.write.markdown import page_markdown

        return page_markdown(self)
