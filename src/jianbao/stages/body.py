"""A story's short body lines labelled on the story as threaded: byline, section heading or paragraph.

The roles stage gives each block a kind from its own text, and the search threads the page on those kinds: a
dateline in brackets （本报罗马1月1日电）, a designer's credit 版式设计：蔡华伟 or a column's address for letters
closes a story as a byline does, and a name alone may be a story's signature.  What the page format calls a
byline is narrower: the names of the story's authors or reporters ("(罗鹏 唐曦)", "本报记者 …").  And whether a
short line is a section heading depends on the story it sits in, which no block knows before threading: a
story long enough to be set in sections (:data:`SECTIONED_CHARS` of body text) has headings, short lines
without a sentence's end (核心阅读, 三、对外开放与国际合作, a name over the part of a feature about that person);
in a shorter story such a line is a paragraph (a list's item, a quoted line, 编者的话 over a two-paragraph note).

So once the page is threaded, each paragraph, heading and byline of a story is labelled again from its text
and its story: names only — a byline (a name alone, or a list of them, only as the story's first or last line:
in its middle a name heads a section); else a line too long for a heading or ending a sentence or clause — a
paragraph (the search may read a quotation set apart, 历史必将铭记这一幕幕感人镜头：, as a heading); else, in a
story of sections, a heading; else a byline the roles stage saw is a paragraph, and a heading or paragraph
keeps the search's reading.  A heading the search chose stays one in a shorter story: a long story the search
cut in two (at a heading it read as a title) is short as threaded, and on the dev split such headings in
stories under :data:`SECTIONED_CHARS` were headings twice as often as paragraphs.  A paragraph's piece cut off
at the page's end only looks short and keeps its role.  Only labels change: the blocks stay where the search
put them.

A line opening with a dash right under a story's title lines is their deck (副题, "——回访…家"), which the
search may have read as the story's first body line (:func:`deck_under_title`): it joins the title lines.

Numbers alone that count a story's sections (1, 2, 3 …), which the roles stage read as page numbers and the
search left out of every story, go back into the story as its section headings (:func:`section_numbers`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Callable, Sequence

from jianbao import cues
from jianbao.model import Role, join_pieces
from jianbao.stages.roles import is_name

#: a story with this many characters of body text (titles left out) may be set in sections under headings;
#: a shorter one is not (the corpus's stories: a heading in one of fewer is a line of a list or a quotation)
SECTIONED_CHARS = 1200
#: the longest section heading (characters, spaces left out)
HEADING_MAX_CHARS = 30
#: the marks that end a sentence or a clause: a line ending in one (closers after it) is text, not a heading
#: (a colon introduces what follows: 历史必将铭记这一幕幕感人镜头：)
CLAUSE_END = cues.SENTENCE_END + "，,、：:"
_CLAUSE_ENDS = frozenset(CLAUSE_END)
#: the clause ends no byline's names end in either (a list's 、，, may): a line ending so is a paragraph
_STOPS = _CLAUSE_ENDS - set("、，,")
_SENTENCE_ENDS = frozenset(cues.SENTENCE_END)
#: the fewest characters a deck says after its dash (fewer: a name, whose words the lines above are)
DECK_MIN_CHARS = 5
#: the most characters a byline's names take, a reporter's title left out, in brackets without one
#: ((罗鹏 唐曦), （晓  琪）), and each name after a reporter's title (本报驻瑞典记者章念生)
BRACKETED_NAMES_MAX, NAME_MAX = 12, 8

#: the roles labelled again, read once (in Python 3.11 every ``Role.X`` costs a call of ``EnumType``'s hook)
_PARAGRAPH, _HEADING, _BYLINE = Role.PARAGRAPH, Role.HEADING, Role.BYLINE
LABELLED = (_PARAGRAPH, _HEADING, _BYLINE)  # (a tuple: a frozenset would hash each role in Python)
#: the longest element read again (a byline or heading, with spaces and brackets): a longer one keeps its role
LINE_MAX_CHARS = 64
_HEADED = (_PARAGRAPH, _HEADING)  # (what a section's number may stand over)
_SPACES = re.compile(r"\s+")
#: the characters a byline is made of, asked first (most short lines hold another: a digit, a quote, a stop)
_NAMES_CHARS = re.compile(r"[（(]?[\u4e00-\u9fff·\s、，,]+[）)]?").fullmatch


def label_body(roles: list[Role], texts: dict[int, str], chars: Callable[[], int]) -> list[Role]:
    """The roles of a story's elements with its paragraphs, headings and bylines labelled again (module
    docstring); ``texts``: the text of each of those elements at most :data:`LINE_MAX_CHARS` long, by its
    place (the others keep their roles); ``chars``: the story's body characters, counted only where a line
    has a heading's shape (most short lines end a sentence, and most stories have no line to ask it for)."""
    if not texts:
        return roles
    # the story's first and last paragraph, heading or byline, sought from its ends (most elements are
    # paragraphs between them)
    first = next(i for i, r in enumerate(roles) if r in LABELLED)
    last = next(i for i in range(len(roles) - 1, first - 1, -1) if roles[i] in LABELLED)
    sectioned: bool | None = None
    out = list(roles)
    for i, text in texts.items():
        if text.rstrip()[-1:] in _STOPS:  # (asked first: neither names nor a heading, most short paragraphs)
            out[i] = _PARAGRAPH
        elif names_only(text, i == first or i == last):
            out[i] = _BYLINE
        elif not heads_section(text):
            out[i] = _PARAGRAPH
        else:
            if sectioned is None:  # (counted once, at the story's first line with a heading's shape)
                sectioned = chars() >= SECTIONED_CHARS
            if sectioned:
                out[i] = _HEADING
            elif roles[i] is _BYLINE:
                out[i] = _PARAGRAPH
    return out


def names_only(text: str, at_edge: bool) -> bool:
    """A byline: person names only, after a reporter's title (本报记者王明峰、通讯员王旭阳) or in brackets
    ((罗鹏 唐曦)), perhaps closed by what they did (整理, 报道, 采写); a name alone or a list of them
    (王芳　李强) only at the story's edge (``at_edge``)."""
    inner = text.strip()
    if len(inner) > cues.BYLINE_MAX_CHARS + 2 or not _NAMES_CHARS(inner):
        return False
    bracketed = inner[:1] in "（(" and inner[-1:] in "）)"
    if bracketed:
        inner = inner[1:-1].strip()
    reporter = cues.REPORTER.match(inner)
    if reporter:
        inner = inner[reporter.end():]
    elif not bracketed and not at_edge:
        return False
    closed = cues.NAMES_CLOSE.sub("", inner.strip())
    if len(_SPACES.sub("", closed)) >= 2:  # (吕 文) is a name, not 吕 who wrote it
        inner = closed
    names = [cues.REPORTER.sub("", n) for n in cues.NAME_SEPARATORS.split(inner.strip()) if n]
    if not names or not all(cues.NAME_PIECE.match(n) for n in names):
        return False
    if reporter:
        return all(len(n) <= NAME_MAX for n in names)
    if bracketed:
        together = "".join(names)
        return 2 <= len(together) <= BRACKETED_NAMES_MAX and all(len(n) <= 4 for n in names)
    return at_edge and (is_name("".join(names)) or len(names) > 1 and all(is_name(n) for n in names))


def heads_section(text: str) -> bool:
    """A section heading's shape: a short line (:data:`HEADING_MAX_CHARS`) that ends no sentence or clause
    (:data:`CLAUSE_END`, closers after it) and is no note in brackets."""
    if text.rstrip()[-1:] in _CLAUSE_ENDS:  # (asked first: most short paragraphs end in a stop)
        return False
    bare = "".join(text.split())
    if not bare or len(bare) > HEADING_MAX_CHARS or bare[0] in "（(" and bare[-1] in "）)":
        return False
    tail = bare.rstrip(cues.CLOSERS)
    return bool(tail) and tail[-1] not in CLAUSE_END


def deck_under_title(texts: Sequence[str], blocks: Sequence[int]) -> bool:
    """A deck (副题) set under a story's title lines, which the search read as its first body line: a line
    opening with a dash (——回访安徽凤阳县小溪河镇小岗村严金昌家) that holds no sentence's end and is no longer
    than :data:`LINE_MAX_CHARS`; a dash before a name alone (——习近平, ——编者) says whose words they are and
    is no deck (:data:`DECK_MIN_CHARS`) (``texts``: the page's blocks'; ``blocks``: the line's)."""
    first = texts[blocks[0]].lstrip()
    if first[:1] not in cues.DECK_DASHES:  # (asked first: most first lines open otherwise)
        return False
    bare = "".join(join_pieces(texts[b] for b in blocks).split())
    said = bare.lstrip(cues.DECK_DASHES)
    return (bool(cues.SUBTITLE.match(bare)) and len(said) >= DECK_MIN_CHARS and len(bare) <= LINE_MAX_CHARS
            and _SENTENCE_ENDS.isdisjoint(bare))


#: a page's numbers alone count its sections where they run 1, 2, 3 at least (a page number comes alone)
COUNTED_SECTIONS = 3


def section_numbers(found: list[list[tuple[Role, tuple[int, ...]]]], unassigned: Sequence[int],
                    texts: Sequence[str]) -> tuple[list[list[tuple[Role, tuple[int, ...]]]], list[int]]:
    """Numbers alone on their line that count a story's sections (1, 2, 3 … or 01, 02 …: at least
    :data:`COUNTED_SECTIONS` of them from 1 on the page, in any order) head the text set under them: the roles
    stage read each as a page number, furniture (a text dump shows no margin), and the search left it out of
    every story.  Each goes to the story holding the blocks either side of it in reading order, as a section
    heading right before the paragraph the next block opens (a page number stands above or below all the
    text, or between two pages' stories in a whole issue's dump); the others stay out."""
    numbers = {b: int(unicodedata.normalize("NFKC", texts[b])) for b in unassigned
               if cues.NUMBER_ALONE.match(texts[b])}
    counted = 0
    while counted + 1 in numbers.values():
        counted += 1
    if counted < COUNTED_SECTIONS:
        return found, list(unassigned)
    opens = {el[1][0]: (k, i) for k, story in enumerate(found) for i, el in enumerate(story)}
    story_of = {b: k for k, story in enumerate(found) for _, bs in story for b in bs}
    placed: dict[tuple[int, int], list[int]] = {}
    for b, value in numbers.items():
        at = opens.get(b + 1)
        if value <= counted and at is not None and story_of.get(b - 1) == at[0] and found[at[0]][at[1]][0] in _HEADED:
            placed.setdefault(at, []).append(b)
    if not placed:
        return found, list(unassigned)
    out = [list(story) for story in found]
    for (k, i), bs in sorted(placed.items(), reverse=True):  # (later places first: earlier ones stay put)
        out[k][i:i] = [(_HEADING, (b,)) for b in bs]
    taken = {b for bs in placed.values() for b in bs}
    return out, [b for b in unassigned if b not in taken]
