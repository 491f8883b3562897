"""Does a display line turn over into the next block?

A headline or section heading too long for its measure is set on two lines, and a text dump that keeps
each printed line of display type apart gives the second line — the *turnover* — as a block of its own:
``坚持制度建设和提高治理能力`` | ``一起抓``.  Two display lines one after the other may as well be two
lines of their own: a headline and its deck, a kicker and its headline, two section headings.  The
language model's score across the break says little here (it learned prose), so a model of its own weighs
what tells a turnover: the break cuts a word (a common one, or one jieba's segmenter reads across it:
``乌克兰一架客机在伊朗坠`` | ``毁``) or a quotation (``“我的工作就是教人工智能`` | ``自主识别卫星图像”``),
the first line fills its measure and the second is short, the lengths of the two and of the whole, what
character ends the one and opens the other, where the pair stands in its run of display lines, what stands
before and after it (a paragraph under a turnover, another heading after one of a list) — with the language
model's score among them.

Gradient-boosted trees (:class:`~jianbao.stages.starts.TreeModel`) trained on the benchmark's gold pages of
the corpus's *train* split, every dump shape, by ``scripts/build_turnovers.py``, shipped as
``data/turnovers.json``.  Their log-odds are the whole evidence for such a run-on in the threader
(``Evidence.turnover``); a page whose reader saw the type (a PDF, a scan) has its headings' column breaks
told by geometry instead.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from jianbao import cues
from jianbao.model import TITLE_ROLES, Page, Role
from jianbao.stages.describe.reading import cut
from jianbao.stages.describe.words import common
from jianbao.stages.roles import has_byline_words, is_deck, is_name
from jianbao.stages.starts import TreeModel, is_numbered, load_trees

if TYPE_CHECKING:  # evidence imports this module
    from jianbao.stages.evidence import Evidence, Readings

MODEL_FILE = Path(__file__).resolve().parents[1] / "data" / "turnovers.json"

DISPLAY = TITLE_ROLES | {Role.HEADING}
#: (read once: every ``Role.X`` costs a call of EnumType's attribute hook, and :func:`turning` is asked of every block)
_ROLE_BYLINE = Role.BYLINE
KINDS = (Role.KICKER, Role.HEADLINE, Role.SUBHEADLINE, Role.HEADING, Role.BYLINE)
OPENERS, CLOSERS = "“‘（(《「", "”’）)》」"
#: any one of them (a text's marks found in one search each, where counting each mark took a call of its own)
_OPENING, _CLOSING = re.compile(f"[{re.escape(OPENERS)}]"), re.compile(f"[{re.escape(CLOSERS)}]")

#: the features, in the model's order
FEATURES = (
    "join",  # the language model's log-likelihood ratio of the run-on (clipped)
    "length",  # log characters of the first line
    "next_length",  # … of the second
    "whole_length",  # … of the two together
    "ends",  # what ends the first line (:func:`char_class`)
    "next_opens",  # what opens the second
    "opens",  # what opens the first
    "unclosed",  # the first line leaves a quotation or parenthesis open
    "unopened",  # the second closes one it did not open
    "word",  # the longest common word the break cuts (characters; 0: none)
    "tail_shape",  # the first line's last line: +1 full, −1 short (wrapped dumps)
    "next_head_shape",  # the second's first line
    "lines",  # printed lines in the first block
    "next_lines",  # … in the second
    "widest",  # the first block's widest line in em
    "next_widest",  # the second's
    "narrower",  # the second's widest over the first's
    "fill",  # the first block's widest line over the column of the nearest hard-wrapped paragraph
    "next_fill",  # the second's
    "kind",  # the roles stage's kind of the first (:data:`KINDS` index)
    "next_kind",  # … of the second
    "deck",  # the second opens with "——"
    "numbered",  # the second opens with a section number
    "ended",  # the first ends a sentence
    "run",  # how many display lines stand together around the pair
    "place",  # the first line's place in that run
    "names",  # what the second says of a person (:func:`who`)
    "before",  # the roles stage's role of the block before the pair (:data:`ROLES` code; −1: none)
    "before_length",  # log characters of that block
    "after",  # … of the block after the pair: a paragraph under it, or another display line
    "after_length",  # log characters of that block
    "segmented",  # the word jieba's segmenter reads across the break (characters; 0: none)
)
#: the roles a block either side of the pair may have, coded as the shipped trees were fitted to read them
#: (written out, not ``tuple(Role)``: a role added to the enum must not shift the codes; one not listed
#: here reads as none)
ROLES = {role: float(k) for k, role in enumerate((
    Role.KICKER, Role.HEADLINE, Role.SUBHEADLINE, Role.HEADING, Role.PARAGRAPH, Role.CAPTION, Role.BYLINE,
    Role.AUTHOR_NOTE, Role.CONTINUATION, Role.FURNITURE, Role.ADVERT, Role.NOISE))}
#: the floor the language model's score is clipped to
JOIN_FLOOR = -20.0
#: how many blocks away a display line looks for a paragraph's column
COLUMN_REACH = 6


def char_class(ch: str) -> int:
    """A character's class as the trees read it: 0 none, 1 a pause (，、；：), 2 a sentence end, 3 a
    closing quote or bracket, 4 an opening one, 5 a Latin letter or digit, 6 a dash, 7 a CJK character,
    8 anything else."""
    if not ch:
        return 0
    if ch in "，,、；;：:":
        return 1
    if ch in "。！？!?…":
        return 2
    if ch in CLOSERS or ch in "】』":
        return 3
    if ch in OPENERS or ch in "【『":
        return 4
    if ch.isascii() and ch.isalnum():
        return 5
    if ch in "—－-":
        return 6
    if "\u4e00" <= ch <= "\u9fff":
        return 7
    return 8


def who(text: str) -> int:
    """What a line says of a person, as the trees read it: 0 nothing, 1 it is a name alone (a surname and
    one to three characters: 谢立明, or a word that opens as one: 林大火), 2 a name in parentheses, as a
    verse's author signs (（黄文彬）), 3 other words in parentheses (a column's name: （体坛观澜）), 4 a
    byline's own words (本报记者…, …摄)."""
    bare = "".join(text.split())
    if bare.startswith(("（", "(")) and bare.endswith(("）", ")")):
        return 2 if is_name(bare[1:-1]) else 3
    return 4 if has_byline_words(bare) else int(is_name(bare))


def open_quotes(text: str) -> int:
    """Quotation marks and parentheses opened less those closed."""
    return len(_OPENING.findall(text)) - len(_CLOSING.findall(text))


def cut_word(before: str, after: str, words: frozenset[str]) -> int:
    """The length of the longest word of ``words`` (two to four characters) the break between two texts cuts."""
    best = 0
    for i in range(1, min(3, len(before)) + 1):
        for j in range(1, min(4 - i, len(after)) + 1):
            if i + j > best and before[-i:] + after[:j] in words:
                best = i + j
    return best


#: how many characters either side of the break the segmenter reads
SEAM = 6


def segmented_across(before: str, after: str) -> int:
    """The length of the word jieba's segmenter (its dictionary, no HMM) reads across the break between two
    texts, cutting the last and first :data:`SEAM` characters of the two run together (0: it cuts at the
    break).  Unlike :func:`cut_word` it knows every word of jieba's dictionary and weighs the readings
    (``伊朗坠`` | ``毁`` → 伊朗 坠毁; ``致`` | ``慰问电`` → 致 慰问电)."""
    head = before[-SEAM:]
    at = len(head)
    if not at or not after:
        return 0
    pos = 0
    for word in cut(head + after[:SEAM]):
        end = pos + len(word)
        if end >= at:
            return len(word) if pos < at < end else 0
        pos = end
    return 0


def turning(page: Page, b: int) -> bool:
    """Block ``b`` of a text dump is one line the roles stage read as a byline right under a display line:
    it may be that line's turnover instead — a short word or a column's name in parentheses looks like a
    name (``习近平同基里巴斯总统`` | ``马茂会谈``; ``让体育产业释放新动能`` | ``（体坛观澜）``)."""
    assert page.roles is not None
    block = page.blocks[b]
    return (b > 0 and page.roles[b] is _ROLE_BYLINE and page.roles[b - 1] in DISPLAY and block.size is None
            and "\n" not in block.raw.strip())


def pairs(page: Page) -> list[int]:
    """The blocks ``a`` of a text dump where ``a`` is a display line and ``a + 1`` another, or a byline that
    may be its turnover (:func:`turning`), with no type size to go by: the pairs whose run-on the model
    weighs."""
    assert page.roles is not None
    roles, blocks = page.roles, page.blocks
    return [a for a in range(len(blocks) - 1)
            if roles[a] in DISPLAY and blocks[a].size is None
            and (roles[a + 1] in DISPLAY and blocks[a + 1].size is None or turning(page, a + 1))]


def _runs(page: Page) -> tuple[list[int], list[int]]:
    """Each block's run of display lines: where it starts and how long it is (0 outside one)."""
    assert page.roles is not None
    n = len(page.roles)
    start, length = [0] * n, [0] * n
    i = 0
    while i < n:
        if page.roles[i] in DISPLAY:
            j = i
            while j + 1 < n and page.roles[j + 1] in DISPLAY:
                j += 1
            for k in range(i, j + 1):
                start[k], length[k] = i, j - i + 1
            i = j + 1
        else:
            i += 1
    return start, length


def _fill(column: list[float], widest: list[float], i: int) -> float:
    """The block's widest line over the column of the nearest hard-wrapped paragraph (NaN: none near), from
    the page's ``Evidence.column`` and ``Evidence.widest`` as lists (a list's item costs less than an array's)."""
    n = len(column)
    for k in range(1, COLUMN_REACH + 1):
        for j in (i - k, i + k):
            if 0 <= j < n and not math.isnan(column[j]):
                return widest[i] / column[j]
    return math.nan


def _beside(page: Page, ev: "Evidence", i: int) -> tuple[float, float]:
    """The role and log length of block ``i`` next to a pair ((−1, 0) off the page)."""
    assert page.roles is not None
    if not 0 <= i < len(page.blocks):
        return -1.0, 0.0
    return ROLES.get(page.roles[i], -1.0), math.log1p(len(ev.texts[i].strip()))


def features(page: Page, ev: "Evidence", firsts: list[int]) -> np.ndarray:
    """One row of :data:`FEATURES` per pair ``(a, a + 1)``, ``a`` in ``firsts`` (from :func:`pairs`)."""
    assert page.roles is not None
    words = common()
    start, run = _runs(page)
    # the evidence a pair reads, as lists: the same numbers, read without making a numpy scalar of each
    column, widest, closed = ev.column.tolist(), ev.widest.tolist(), ev.closed.tolist()
    tail_shape, head_shape = ev.tail_runs_on.tolist(), ev.head_runs_on.tolist()
    rows = []
    for a in firsts:
        b = a + 1
        first, second = ev.texts[a].strip(), ev.texts[b].strip()
        rows.append((
            max(JOIN_FLOOR, float(ev.join[a, b])),
            math.log1p(len(first)),
            math.log1p(len(second)),
            math.log1p(len(first) + len(second)),
            char_class(first[-1:]),
            char_class(second[:1]),
            char_class(first[:1]),
            float(open_quotes(first) > 0),
            float(open_quotes(second) < 0),
            cut_word(first, second, words),
            tail_shape[a],
            head_shape[b],
            page.blocks[a].raw.strip().count("\n") + 1,
            page.blocks[b].raw.strip().count("\n") + 1,
            widest[a],
            widest[b],
            widest[b] / max(widest[a], 1.0),
            _fill(column, widest, a),
            _fill(column, widest, b),
            KINDS.index(page.roles[a]),
            KINDS.index(page.roles[b]),
            float(is_deck(second)),
            float(is_numbered(second)),
            float(closed[a]),
            run[a],
            a - start[a],
            who(second),
            *_beside(page, ev, a - 1),
            *_beside(page, ev, b + 1),
            segmented_across(first, second),
        ))
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))


@functools.lru_cache(maxsize=1)
def turnover_model() -> TreeModel | None:
    """The shipped model, or None before it has been built (display run-ons weighed as before it)."""
    return load_trees(MODEL_FILE, FEATURES, "build_turnovers.py")


def weigh(page: Page, ev: "Evidence", read: "Readings") -> tuple[np.ndarray, "Readings"]:
    """Put the model's log-odds in place of the language model's score for every display pair it
    weighs that may run on at all (``ev.join`` changed in place); returns, per block, whether its run-on
    into the next block is weighed so, and the blocks' readings ``read`` (``evidence.readings``: the evidence
    is made before them, and not made again to hold them), where a byline the model takes for a
    turnover is read as its display line is (at no cost of its own: the line above paid it)."""
    out = np.zeros(len(page.blocks), dtype=bool)
    readings = list(read)
    model = turnover_model()
    firsts = [a for a in pairs(page) if ev.join[a, a + 1] > -math.inf] if model is not None else []
    if firsts:
        at = np.array(firsts)
        odds = model.logits(features(page, ev, firsts))  # type: ignore[union-attr]
        ev.join[at, at + 1] = odds
        out[at] = True
        for a, z in zip(firsts, odds):
            if page.roles[a + 1] is Role.BYLINE:  # type: ignore[index]
                if z > 0:
                    readings[a + 1] = tuple((kind, 0.0, 0.0) for kind, _, _ in readings[a])
                else:
                    ev.join[a, a + 1], out[a] = -math.inf, False
    return out, readings
