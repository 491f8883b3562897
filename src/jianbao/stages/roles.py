"""Give every block a first role from its own text (cues.py) — the threader settles the rest.

Roles decided here are the block's *kind*: furniture, continuation mark, caption, author note, byline,
title-like (kicker/headline/deck/heading: which one depends on where it lands), or paragraph.
"""

from __future__ import annotations

import functools
import re

from jianbao import cues
from jianbao.model import Block, Box, Page, Role, typical_size
from jianbao.pipeline import Stage, register
from jianbao.stages.sheets import each_sheet


def ends_sentence(text: str) -> bool:
    """``cues.ENDS_SENTENCE`` found in the text — asked of its end only (:func:`_end`: a stop is one
    character)."""
    return bool(cues.ENDS_SENTENCE.search(_end(text, 1)))


def ends_softly(text: str) -> bool:
    """``cues.SOFT_END`` found in the text (a colon or a dash, two characters at most), asked of its end."""
    return bool(cues.SOFT_END.search(_end(text, 2)))


def ends_as_kicker(text: str) -> bool:
    """``cues.KICKER_END`` found in the text (a dash, a colon or a verb, two characters at most), asked of
    its end: a kicker (引题) ends in what introduces the headline."""
    return bool(cues.KICKER_END.search(_end(text, 2)))


def _end(text: str, stop: int) -> str:
    """Where a pattern of a stop (at most ``stop`` characters, none a closer) followed by closers to the end
    (or a closer alone) can match: the run of closers (and a final newline, which ``$`` passes) the text
    ends in, and the ``stop`` characters before it."""
    return text[max(len(text.rstrip(_CLOSERS_NL)) - stop, 0):]


_CLOSERS_NL = cues.CLOSERS + "\n"


def text_ends(text: str) -> tuple[bool, bool, bool]:
    """(:func:`ends_sentence`, :func:`ends_softly`, :func:`ends_as_kicker`) of the text, its end found once:
    its last character before the closers and the closers, with the character before it only where the two
    may end it together (——, 指出: :data:`_PAIRED`), so that a page's texts end in a few dozen ways."""
    kept = len(text.rstrip(_CLOSERS_NL))
    return _ends(text[max(kept - (2 if text[kept - 1:kept] in _PAIRED else 1), 0):])


#: the last characters of the patterns' two-character endings (cues.SOFT_END's ——, cues.KICKER_END's ——
#: and verbs); before any other the character before it is none of theirs
_PAIRED = frozenset("—调出示求")


@functools.lru_cache(maxsize=4096)
def _ends(end: str) -> tuple[bool, bool, bool]:
    """:func:`text_ends` of a text that ends so, the patterns asked once for each end seen."""
    return (bool(cues.ENDS_SENTENCE.search(end)), bool(cues.SOFT_END.search(end)),
            bool(cues.KICKER_END.search(end)))


def opens_midway(text: str) -> bool:
    return bool(cues.OPENS_MIDWAY.match(text))


def one_of(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    """The patterns as one alternation: it matches (is found) where one of them would, in one call of the
    regex engine instead of one a pattern (case-insensitive ones stay so, in a scoped flag)."""
    parts = []
    for p in patterns:
        if p.flags & ~(re.IGNORECASE | re.UNICODE):
            raise ValueError(f"one_of keeps only the IGNORECASE flag: {p.pattern}")
        parts.append(f"(?{'i' if p.flags & re.IGNORECASE else ''}:{p.pattern})")
    return re.compile("|".join(parts))


_BYLINE = one_of(cues.BYLINE)  # (matched at the start only: each alternative tried once)


def is_furniture(text: str) -> bool:
    if text in cues.SECTION_NAMES or len(text) <= _PAPER_NAME_MAX and cues.PAPER_NAME.match(text):
        return True
    if len(text) > cues.FURNITURE_MAX_CHARS:
        return False
    # one of cues.FURNITURE found, each pattern searched only where what it needs is there (most texts asked
    # are short paragraphs naming a year): a plain loop (a generator costs more than most searches; one
    # alternation, searched anywhere, would try every pattern at every character)
    opener = text[:1]
    for chars, openers, search in _FURNITURE_SEARCHES:
        if (chars and chars in text or opener in openers) and search(text):
            return True
    return False


#: the Latin capitals and digits a pattern of cues.FURNITURE that needs none of 版, 年, 网 may open with
_CAPITALS, _DIGITS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), frozenset("0123456789０１２３４５６７８９")
#: cues.FURNITURE's patterns, in order, each with what it needs to match: a character it holds (版, 年, 网),
#: or one of the characters it opens with (a page number, A3 要闻, RENMIN RIBAO, http…, www.…)
_FURNITURE_SEARCHES = tuple((chars, openers, p.search) for (chars, openers), p in zip((
    ("版", ()), ("版", ()), ("", _DIGITS), ("年", ()), ("年", ()), ("", _CAPITALS | _DIGITS), ("", _CAPITALS),
    ("网", frozenset("hw"))), cues.FURNITURE, strict=True))
#: the longest text cues.PAPER_NAME matches: six characters, the kind of paper, a final newline (``$``)
_PAPER_NAME_MAX = 6 + 2 + 1
#: the longest text :func:`is_furniture` may take for furniture (a longer one it refuses)
_FURNITURE_LONGEST = max(cues.FURNITURE_MAX_CHARS, _PAPER_NAME_MAX, *map(len, cues.SECTION_NAMES))
#: what a continuation mark (下转第2版, （上接第1版）) or an advert's label (【广告】) opens with, but whitespace
_MARK_OPENERS = "（(【[下上转接广"


def is_name(text: str) -> bool:
    if len(text) > _NAME_LONGEST:
        return False  # (a byline's text is asked of each name it may be: most are longer than any)
    return bool(cues.NAME_ALONE.match(text)) and (
        text[0] in cues.SURNAMES or text.startswith(cues.COMPOUND_SURNAMES))


#: the longest text cues.NAME_ALONE matches: four characters and a final newline (``$``)
_NAME_LONGEST = 4 + 1


def has_byline_words(text: str) -> bool:
    """The text opens as one of cues.BYLINE does (本报记者…, （…）, …摄): a byline's own words, names aside."""
    return bool(_BYLINE.match(text))


def is_byline(text: str) -> bool:
    if len(text) > cues.BYLINE_MAX_CHARS:
        return False
    if has_byline_words(text) or is_name(text):
        return True
    # (cues.NAMES_LIST needs a space or a 、 between two names, and a text of letters alone holds neither)
    return (not text.isalnum() and bool(cues.NAMES_LIST.match(text))
            and all(is_name(n) for n in text.replace("、", " ").split()))


def is_caption(text: str) -> bool:
    return has_credit(text) or text[:1] in "图上下左右" and bool(cues.CAPTION_OPENERS.match(text))


def has_credit(text: str) -> bool:
    """``cues.CREDIT`` found in the text; every credit it matches holds 摄, 图 or 漫画, which most
    paragraphs do not (and looking for a character costs far less than the search)."""
    return ("摄" in text or "图" in text or "漫画" in text) and bool(cues.CREDIT.search(text))


def is_credit_alone(text: str) -> bool:
    """A photo credit on a line of its own: only a caption runs on into it."""
    return bool(cues.CREDIT_LINE.match(text))


def title_length(text: str) -> int:
    """The text's length, a column's label in brackets at its end left out (``cues.TRAILING_LABEL``:
    把“问题清单”变成“满意清单”（守初心 担使命…·整改落实）), looked for only where it could matter."""
    n = len(text)
    if n <= cues.TITLE_MAX_CHARS or n > cues.TITLE_MAX_CHARS + _LABEL_MAX or text.rstrip()[-1:] not in "）)":
        return n
    found = cues.TRAILING_LABEL.search(text, n - _LABEL_MAX)
    return found.start() if found else n


#: the longest label ``cues.TRAILING_LABEL`` takes, its brackets and trailing spaces with it
_LABEL_MAX = 64
#: a text longer than this is neither a byline nor title-like (:func:`is_byline`, :func:`is_title_like`: its
#: :func:`title_length` is its length)
_PROSE_LENGTH = max(cues.BYLINE_MAX_CHARS, cues.TITLE_MAX_CHARS + _LABEL_MAX)


def is_title_like(text: str) -> bool:
    """Short, no sentence end, not a fragment that opens mid-sentence."""
    # (title_length only where the text is longer than a title: it is never longer than the text; the
    # patterns' methods read once, in place of the one-line functions that ask them, and cues.OPENS_MIDWAY,
    # one character of a set, as the text's first character looked for in the set; a deck's pattern asked
    # only of a text that opens with a dash)
    if len(text) > cues.TITLE_MAX_CHARS and title_length(text) > cues.TITLE_MAX_CHARS or text[:1] in MIDWAY_FIRSTS:
        return False
    if is_deck(text):
        return True
    stripped = text.rstrip("”’」』》)）")
    return not _ENDS_SENTENCE(_end(stripped, 1)) or stripped.endswith(("！", "!", "？", "?"))


_SUBTITLE, _ENDS_SENTENCE = cues.SUBTITLE.match, cues.ENDS_SENTENCE.search
#: what cues.OPENS_MIDWAY matches, a text's first character (a set: the empty text's "" is not in it)
MIDWAY_FIRSTS = frozenset(cues.MIDWAY_OPENERS)
#: what a "——" deck (cues.SUBTITLE) opens with: its pattern asked only of a text that opens so (a set: "" is not in it)
_DECK_DASHES = frozenset(cues.DECK_DASHES)


def is_deck(text: str) -> bool:
    """``cues.SUBTITLE``: a deck opens with its dashes."""
    return text[:1] in _DECK_DASHES and bool(_SUBTITLE(text))


def body_size(page: Page) -> float | None:
    """The type size most of the page's characters are set in (None for text dumps)."""
    return typical_size((b.size, len(b.text)) for b in page.blocks if b.size)


#: the kinds a block may be given, read once: in Python 3.11 every ``Role.X`` costs a call of
#: ``EnumType.__getattr__``'s hook (a method wrapper made and called, ten times a plain name's cost), and a
#: kind is found for every block
_ROLE_ADVERT, _ROLE_AUTHOR_NOTE, _ROLE_BYLINE, _ROLE_CAPTION, _ROLE_CONTINUATION, _ROLE_FURNITURE = (
    Role.ADVERT, Role.AUTHOR_NOTE, Role.BYLINE, Role.CAPTION, Role.CONTINUATION, Role.FURNITURE)
_ROLE_HEADING, _ROLE_HEADLINE, _ROLE_KICKER, _ROLE_PARAGRAPH, _ROLE_SUBHEADLINE = (
    Role.HEADING, Role.HEADLINE, Role.KICKER, Role.PARAGRAPH, Role.SUBHEADLINE)


def block_kind(block: Block, body: float | None = None) -> Role:
    """The kind of a block from its text and, when the reader saw the page, its type."""
    text = block.text
    opener = text[:1]  # (the anchored patterns are asked only of texts that open as they need)
    if opener in _MARK_OPENERS or opener.isspace():
        if cues.CONTINUATION.match(text):
            return _ROLE_CONTINUATION
        if cues.AD_LABEL.match(text):
            return _ROLE_ADVERT
    # (the tests a long text fails on its length asked only of shorter ones: most blocks are long paragraphs)
    if len(text) <= _FURNITURE_LONGEST and is_furniture(text):
        return _ROLE_FURNITURE
    if opener in "（(" and cues.AUTHOR_NOTE.match(text):
        return _ROLE_AUTHOR_NOTE
    if len(text) < 300 and is_caption(text):
        return _ROLE_CAPTION
    if body and block.size:
        return _kind_by_type(block, text, block.size >= cues.DISPLAY_SIZE * body)
    return kind_by_words(text)


def kind_by_words(text: str) -> Role:
    """The kind of a block of body text (not a mark, furniture, note or caption) where no type size tells it:
    a byline, a title line by its shape, or a paragraph."""
    if len(text) > _PROSE_LENGTH:
        return _ROLE_PARAGRAPH  # (too long for a byline, and for a title line with a label at its end)
    if is_byline(text):
        return _ROLE_BYLINE
    if is_title_like(text) and not cues.PHOTO_REPORT.search(text):
        if is_deck(text):
            return _ROLE_SUBHEADLINE
        if ends_as_kicker(text):
            return _ROLE_KICKER
        return _ROLE_HEADLINE
    return _ROLE_PARAGRAPH


def _kind_by_type(block: Block, text: str, display: bool) -> Role:
    """Where the reader saw the type: display type is a title line, bold body type a section
    heading, plain body type a paragraph (a short line there is a paragraph's start or end) unless
    it is a section's number alone."""
    if display:
        return _ROLE_SUBHEADLINE if cues.SUBTITLE.match(text) else _ROLE_HEADLINE
    if is_byline(text) and block.edges != (-1, 1):  # indented, then out to the column's edge: a paragraph
        return _ROLE_BYLINE
    if block.bold and is_title_like(text) or is_section_number(text):
        return _ROLE_HEADING
    return _ROLE_PARAGRAPH


def is_section_number(text: str) -> bool:
    """A section's number on a line of its own (（六）, 三、): it heads what follows, whatever its type."""
    found = cues.HEADING_NUMBER.match(text)
    return found is not None and found.end() == len(text.rstrip())


def assign_roles(page: Page) -> Page:
    return each_sheet(page, _assign_roles)  # the body type size is one printed page's


def _assign_roles(page: Page) -> Page:
    body = body_size(page)
    kinds = [block_kind(b, body) for b in page.blocks]
    for i in numbered_sections(page, kinds, body):
        kinds[i] = Role.HEADING
    for i in captions(page, kinds, body):
        kinds[i] = Role.CAPTION
    return page.with_(roles=tuple(kinds))


def numbered_sections(page: Page, kinds: list[Role], body: float | None) -> list[int]:
    """Numbers alone on their line (1, 02) set in bold body type with text above and below them: a
    story's numbered sections, not page numbers (those sit in the margin, above or below all the text)."""
    if not body:
        return []
    placed = [b for b in page.blocks if b.box is not None]
    out = []
    for i, block in enumerate(page.blocks):
        if kinds[i] is not Role.FURNITURE or not block.bold or block.box is None or not block.size:
            continue
        if not cues.NUMBER_ALONE.match(block.text) or block.size >= cues.DISPLAY_SIZE * body:
            continue
        box = block.box
        same = [b.box for b in placed if b.page == block.page and b is not block]
        if any(o.y1 <= box.y0 for o in same) and any(o.y0 >= box.y1 for o in same):  # type: ignore[union-attr]
            out.append(i)
    return out


#: a caption starts this many body sizes below its picture (or the caption line above it), at most
CAPTION_GAP = 1.5
CAPTION_MAX_CHARS = 200


def captions(page: Page, kinds: list[Role], body: float | None) -> list[int]:
    """Blocks set right under a picture the reader saw — across most of the block's width, in type smaller
    than the body's, with no rule between — and the lines of the same caption under those."""
    if not page.photos or not body:
        return []
    above = [(p.page, p.box) for p in page.photos]
    found: list[int] = []
    order = sorted((i for i, b in enumerate(page.blocks) if b.box is not None), key=lambda i: page.blocks[i].box.y0)  # type: ignore[union-attr]
    for i in order:
        block = page.blocks[i]
        if kinds[i] not in (Role.PARAGRAPH, Role.BYLINE, Role.CAPTION) or not block.size or block.size >= cues.CAPTION_SIZE * body:
            continue
        if len(block.text) > CAPTION_MAX_CHARS or block.bold:
            continue
        if any(page_no == block.page and _right_under(page, block, box, body) for page_no, box in above):
            found.append(i)
            above.append((block.page, block.box))  # the next line of the caption, or its credit
    return found


def _right_under(page: Page, block: Block, over: Box, body: float) -> bool:
    box = block.box
    assert box is not None
    overlap = box.shared_width(over)
    if not (0 <= box.y0 - over.y1 <= CAPTION_GAP * body and overlap >= 0.5 * box.width):
        return False
    return not any(r.page == block.page and r.horizontal and over.y1 <= r.box.y0 <= box.y0
                   and r.box.shared_width(box) > 0 for r in page.rules)


register(Stage("roles/1", assign_roles, requires=("blocks",), assigns=("roles",)))
