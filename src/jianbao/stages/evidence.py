"""What the threader knows about a page's blocks before it decides anything.

Everything here is computed once per page, vectorised where it can be:

- per block: its kind (from the roles stage), whether it ends a sentence, whether it opens mid-sentence,
  the language model's score for it opening a paragraph and for its tail closing one;
- per (dangling block, later block) pair: the language model's score for the later block's opening
  characters running on from the dangling block's tail — the *join* evidence — as a log-likelihood ratio
  against the same characters opening a fresh paragraph;
- per pair of blocks: their rarity-weighted character-bigram overlap, so the threader can measure how
  close a fresh paragraph or a caption is to an article so far (names, places, terms: the cosine of the
  block against the article), and send it back to the article it belongs to;
- per pair of display lines one after the other in a text dump: whether the second is the first's turnover
  (a headline or heading set on two lines), the turnover model's log-odds in place of the language model's;
- from hard-wrapped dumps: each block's line shape (an indented first line opens a paragraph, a full last
  line runs on) and the column width a paragraph is set in (a story's blocks share their box's column).
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, replace
from operator import itemgetter

import numpy as np

from jianbao import cues
from jianbao.charset import needs_nfkc_table
from jianbao.lm.model import BITS, BOS, EOS, CharLM, normals
from jianbao.lm.titles import heading_model, title_model
from jianbao.model import TITLE_ROLES, Page, Role
from jianbao.stages.labels import story_label_flags
from jianbao.stages.roles import MIDWAY_FIRSTS, ends_sentence, is_credit_alone, opens_midway, text_ends
from jianbao.stages.starts import start_features, start_model, title_like
from jianbao.stages.topic import bigram_blocks, character_ids, shared_weight, window_sums
from jianbao.stages.turnovers import turning, weigh
from jianbao.stages.wrap import shapes_of_lines, widths_of_lines


#: how each block may be read: (kind, display-vs-prose cost, title-vs-heading cost) for each reading
Readings = list[tuple[tuple[Role, float, float], ...]]


@dataclass(frozen=True)
class Evidence:
    kinds: tuple[Role, ...]
    texts: tuple[str, ...]
    chars: np.ndarray  # characters per block
    closed: np.ndarray  # bool: text ends a sentence
    soft: np.ndarray  # bool: text ends in a colon or dash — the paragraph may end there or go on
    midway: np.ndarray  # bool: text opens mid-sentence
    join: np.ndarray  # [i, j] log-likelihood ratio of j's head running on from i (−inf: no candidate)
    goes_on: np.ndarray  # a dangling paragraph's tail: how surely it goes on (:func:`goes_on`), 0 about even
    comes_on: np.ndarray  # a block's head: how surely it goes on from somewhere (:func:`comes_on`), 0 about even
    earlier: tuple[tuple[int, ...], ...]  # per dangling block: earlier blocks it may run on into, best first
    gram: np.ndarray  # [i, j] rarity-weighted bigram overlap of blocks i and j (topic_gram)
    readings: tuple[tuple[tuple[Role, float, float], ...], ...]  # per block: (kind, costs) it may be read as:
    # a title-like block of a text dump may be an article's title line, a section heading or prose
    opener: np.ndarray  # bool: the block opens a news story (a dateline)
    opener_next: np.ndarray  # bool: the first body block after this one opens a news story
    closer: np.ndarray  # bool: the block ends a story (an author note, a byline or dateline in parentheses)
    sourced: np.ndarray  # bool: … a closing line naming the story's source (:func:`names_source`), however long
    kicker_end: np.ndarray  # bool: the text ends as a kicker does (a dash, a colon, 指出 …)
    comma_end: np.ndarray  # bool: the text ends in a comma (a display line goes on in the next block)
    roundup: np.ndarray  # bool: the text names a roundup column (cues.ROUNDUP)
    continuity: np.ndarray  # topical overlap of the text after a block with the text before it
    head_runs_on: np.ndarray  # +1 first line as wide as the column (a run-on), −1 indented (a start), 0 unknown
    tail_runs_on: np.ndarray  # +1 last line as wide as the column (runs on), −1 short (ends), 0 unknown
    column: np.ndarray  # a hard-wrapped paragraph's column width in em (NaN: not known)
    first_line: np.ndarray  # a hard-wrapped paragraph of two lines: its first line's width in em (:func:`first_lines`)
    widest: np.ndarray  # the block's widest line in em
    ruled: np.ndarray  # [i, j] bool: a rule runs between blocks i and j (PDF pages; never in a text dump)
    ruling: bool = False  # rules divide the page's text somewhere (between two blocks of articles)
    turnover: np.ndarray | None = None  # bool: the block's run-on into the next is a display line turning over,
    # weighed whole by the turnover model (``join`` holds its log-odds; stages/turnovers.py)


def topic_gram(texts: list[str], lm: CharLM) -> np.ndarray:
    """Gram matrix of the blocks' character-bigram vectors weighted by rarity (log inverse frequency in
    newspaper prose): ``G[i, j]`` is the weighted overlap of blocks i and j.  An article's vector is the sum
    of its blocks' vectors, so cosines against it come from sums of rows of ``G``."""
    # the blocks' characters, whitespace taken out, made normal (normals) and looked up (lm.lookup) in one
    # pass over the texts; each block's distinct bigrams, grouped by bigram in ascending order (topic.pyx)
    ids, lengths = character_ids(list(texts), lm._table, needs_nfkc_table(), normals, lm._expanded)
    vocab, first, block = bigram_blocks(ids, lengths, BITS)
    idf = lm.bigram_idf(vocab)  # (log((total + 1) / (count + 1)), by count)
    # a block counts each of its bigrams once, weighed by its rarity: the products of the sparse matrix
    # of those weights with its transpose, summed over the shared bigrams in order (topic.pyx)
    return shared_weight(len(texts), block, first, idf * idf)


def cosine(gram: np.ndarray, xs: list[int], ys: list[int]) -> float:
    """Cosine of the summed vectors of blocks ``xs`` and blocks ``ys``."""
    if not xs or not ys:
        return 0.0
    num = gram[np.ix_(xs, ys)].sum()
    den = math.sqrt(gram[np.ix_(xs, xs)].sum() * gram[np.ix_(ys, ys)].sum())
    return float(num / den) if den > 0 else 0.0


_NARROW = re.compile("[\x00-\u1fff]")


def _width(text: str) -> float:
    """Printed width in em: CJK characters 1, Latin letters, digits and spaces ½."""
    return len(text) - 0.5 * _NARROW.subn("", text)[1]


def line_widths(page: Page) -> tuple[list[list[float]], np.ndarray]:
    """Each block's line widths in em, and the width of its full lines — its column — where it has three
    lines or more (the first may be indented, the last short); NaN where it has fewer.

    A line is what ``splitlines`` gives, stripped, if anything is left (:func:`_width` of each, every
    block's in one pass over its characters: ``wrap.pyx``)."""
    widths = widths_of_lines([b.raw for b in page.blocks])
    own = np.array([_median(ws[1:-1]) if len(ws) >= 3 else np.nan for ws in widths])
    return widths, own


def _median(xs: list[float]) -> float:
    """The median of a few numbers (``np.median`` costs more than the sort for a block's lines)."""
    xs = sorted(xs)
    half = len(xs) // 2
    return xs[half] if len(xs) % 2 else (xs[half - 1] + xs[half]) / 2


def column_widths(page: Page, own: np.ndarray) -> np.ndarray:
    """The column a hard-wrapped paragraph is set in (``own`` from :func:`line_widths`, kept for
    paragraphs): the blocks of one story share their box's column."""
    assert page.roles is not None
    paragraph = Role.PARAGRAPH  # (a member read once: see :data:`_CLOSING_KINDS`)
    return np.where([kind is paragraph for kind in page.roles], own, np.nan)


def first_lines(page: Page, widths: list[list[float]]) -> np.ndarray:
    """A hard-wrapped paragraph of two lines, which measures no column of its own: its first line's width in
    em, less a closing mark hung past the measure (``cues.HUNG``) — as wide as its column where the line runs
    on from somewhere, two em short of it where it is indented (a paragraph's first line); NaN for other
    blocks.  pdftotext reads a page across its columns, and such a block, a paragraph's head or tail, goes back
    to the story set in that column."""
    assert page.roles is not None
    paragraph = Role.PARAGRAPH  # (a member read once: see :data:`_CLOSING_KINDS`)
    out = np.full(len(widths), np.nan)
    for i, ws in enumerate(widths):
        if len(ws) == 2 and page.roles[i] is paragraph:
            out[i] = _unhung(page.blocks[i].raw, ws)[0]
    return out


def _unhung(raw: str, ws: list[float]) -> list[float]:
    """A paragraph's line widths ``ws`` (of the lines of its text ``raw``), each less a closing mark at the line's
    end (``cues.HUNG``), which the print sets past the measure."""
    lines = [line.rstrip() for line in raw.splitlines() if line.strip()]
    return [w - (line[-1] in cues.HUNG) for w, line in zip(ws, lines)]


def fit_widths(page: Page, widths: list[list[float]], own: np.ndarray) -> np.ndarray:
    """How wide a block of one or two lines is set, for finding the column it fits in: its widest line, and
    a paragraph's each line less a closing mark at its end (``cues.HUNG``), which the print sets past the
    measure — 体意识为主线，精心做好 | 民族工作，取得新的成绩。 is 11 and 12 em wide in a column of 11 (a display
    line is set in type of its own: a title's column name in brackets is no mark hung past a column; 0 for
    longer blocks, which measure their own column ``own``, and on a page where no block measures one)."""
    assert page.roles is not None
    paragraph = Role.PARAGRAPH  # (a member read once: see :data:`_CLOSING_KINDS`)
    out = np.zeros(len(widths))
    unmeasured = np.flatnonzero(np.isnan(own))
    if len(unmeasured) == len(widths):  # (no column to be measured against: a dump one line a block)
        return out
    for i in unmeasured.tolist():
        ws = widths[i]
        if not 1 <= len(ws) <= 2:
            continue
        if page.roles[i] is not paragraph:
            out[i] = max(ws)
            continue
        out[i] = max(_unhung(page.blocks[i].raw, ws))
    return out


def pushed_widths(page: Page, widths: list[list[float]]) -> np.ndarray:
    """For each paragraph of two lines or more, the width in em of the Latin word or number that opens its
    second line (its characters below U+2000 up to the first space or wide one, ½ em each; 0 for none, or where
    the first line ends in one: the word went on across the break): a word or number never breaks, so a first
    line that falls short of its column by less than that stopped short before it, and its shortness is no
    indent (2019年江西省粮食总产量 | 431.5亿斤，… is 11 em in a column of 13), as a last line stopping short
    before one is no paragraph's end (``ends_latin``).  A display line is set in type of its own: 0."""
    assert page.roles is not None
    paragraph = Role.PARAGRAPH  # (a member read once: see :data:`_CLOSING_KINDS`)
    out = np.zeros(len(widths))
    for i, ws in enumerate(widths):
        if len(ws) >= 2 and page.roles[i] is paragraph:
            raw = page.blocks[i].raw
            at = raw.find("\n")  # (most second lines open with a wide character: told without splitting the text)
            if 0 < at < len(raw) - 1 and not raw[at - 1].isspace() and raw[at + 1] >= "\u2000" and not raw[at + 1].isspace():
                continue
            lines = (line.strip() for line in raw.splitlines() if line.strip())
            first, second = itertools.islice(lines, 2)
            if first[-1] < "\u2000":  # (the word went on across the break: it did not stop the line short)
                continue
            run = 0
            while run < len(second) and second[run] < "\u2000" and not second[run].isspace():
                run += 1
            out[i] = 0.5 * run
    return out


#: how many blocks away a one- or two-line block looks for a column to be measured against
SHAPE_REACH = 6


def line_shape(page: Page, widths: list[list[float]], own: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What hard-wrapped lines show (wrapped dumps only): a paragraph's first line is indented, so a
    block whose first line is as wide as its column runs on from somewhere; a paragraph's last line is
    short, so a block whose last line is full width runs on somewhere else.  A block of one or two lines
    is measured against the column of the nearest block of three lines or more it fits in (:func:`fit_widths`),
    at most :data:`SHAPE_REACH` blocks away in reading order (headings and verse lines stand between paragraphs)."""
    head, tail = shapes_of_lines(widths, np.ascontiguousarray(own, dtype=np.float64), SHAPE_REACH,
                                 [b.text for b in page.blocks], ends_sentence, fit_widths(page, widths, own),
                                 pushed_widths(page, widths))  # (wrap.pyx)
    for i, block in enumerate(page.blocks):  # where the reader measured the lines, the print says it
        if block.edges is not None:
            head[i] = block.edges[0] or head[i]
            tail[i] = block.edges[1] or tail[i]
    return head, tail


def broken_after(widths: list[list[float]], head: np.ndarray, tail: np.ndarray, prose: np.ndarray) -> np.ndarray:
    """``tail`` (from :func:`line_shape`) with the last line of a paragraph of one or two lines taken for full
    (+1: it runs on) where nothing measured it and the next block is a paragraph whose first line is set flush:
    the column broke after it.  Such a block's column is a neighbour's, and an indented line that fills its
    measure, or ends in a stop hung past it, falls an em or two short of it and says nothing
    (这堂文博课产生了很大反响。 | 有年轻观众意识到：…), where the flush line after it goes on from somewhere —
    in a dump read column by column, from the block just before it: of such pairs, one paragraph in the
    PyMuPDF dumps 16 of 17 on dev and 28 of 33 on train, in pdftotext's, which reads across columns, 7 of 18
    and 13 of 37 (the language model's score of the pair decides there).  A block of three lines or more
    measures its own column, and where its last line falls an em or two short of that the pair goes either way
    (pdftotext on dev: 49 of 128 one paragraph, none of the 74 that end a sentence): it is left as it is."""
    n = len(tail)
    if n < 2:
        return tail
    at = np.flatnonzero((tail[:-1] == 0) & prose[:-1] & prose[1:] & (head[1:] > 0)).tolist()
    broke = [i for i in at if 1 <= len(widths[i]) <= 2]
    if not broke:
        return tail
    out = tail.copy()
    out[broke] = 1.0
    return out


def opens_story(text: str) -> bool:
    """A dateline that opens a news story (``本报北京1月31日电 （记者…）…``) — not one set in parentheses
    on its own after the story (``（本报罗马1月1日电）``), which closes it."""
    m = cues.DATELINE.match(text)
    return bool(m) and not (text[0] in "（(" and text[-1] in "）)" and len(text) <= m.end() + 30)


#: what cues.DATELINE opens with: a parenthesis, or the first character of an agency or a paper
_DATELINE_OPENERS = "（(本新中人央光经"


def names_roundup(text: str) -> bool:
    """``cues.ROUNDUP`` matched by the stripped text: a name of :data:`ROUNDUP_MAX_CHARS` at most."""
    return bool(cues.ROUNDUP.match(text.strip()))


#: the longest name cues.ROUNDUP matches: six characters, then 图片新闻
ROUNDUP_MAX_CHARS = 6 + 4


#: what a block's text says at its edges (:func:`text_cues`, one row a block)
TEXT_CUES = ("ends_sentence", "ends_softly", "ends_as_kicker", "ends_in_comma", "opens_midway", "opens_story",
             "roundup", "ends_latin")
#: a display line ending in one of these goes on in the next block
COMMAS = ("，", ",", "、", "；", ";")


def text_cues(texts: list[str]) -> dict[str, np.ndarray]:
    """What each text says at its edges (:data:`TEXT_CUES`), every text's in one pass (bool arrays by name):
    how it ends (a sentence, softly, as a kicker, in a comma, with a Latin word or number), whether it opens
    mid-sentence or a news story, whether it names a roundup column."""
    rows = bytearray()  # (a row of bools a text, as bytes: numpy reads them at once)
    # (the methods read once; :func:`opens_midway` is its pattern's match, one character of a set: its first
    # character looked for in the set (``roles.MIDWAY_FIRSTS``) costs far less than a call of the regex engine;
    # :func:`opens_story` is asked only of a text that opens as a dateline may (:data:`_DATELINE_OPENERS`),
    # :func:`names_roundup` only of one that is short enough or has something to strip: most texts are neither,
    # and a call costs more than the test)
    extend = rows.extend
    for t in texts:
        first, last = t[:1], t[-1:]
        extend((*text_ends(t), t.rstrip().endswith(COMMAS), first in MIDWAY_FIRSTS,
                first in _DATELINE_OPENERS and opens_story(t),
                (len(t) <= ROUNDUP_MAX_CHARS or first.isspace() or last.isspace()) and names_roundup(t),
                last.isascii() and last.isalnum()))
    table = np.frombuffer(rows, dtype=bool).reshape(len(texts), len(TEXT_CUES))
    return {name: table[:, k] for k, name in enumerate(TEXT_CUES)}


#: how long a line of verse may be (characters, its punctuation with them)
VERSE_MAX_CHARS = 12


def verse_lines(texts: list[str]) -> np.ndarray:
    """A short line ending in a comma and followed by one of just its length, ended too, is verse — a
    couplet set line by line (实施综合治理， | 建设平安校园。): it ends where it ends, though not in a full
    stop (in the train split's dumps none of 202 such lines ran on into another block)."""
    n = len(texts)
    out = np.zeros(n, dtype=bool)
    lines = [t.strip() for t in texts]
    for i in range(n - 1):
        a, b = lines[i], lines[i + 1]
        if 4 <= len(a) <= VERSE_MAX_CHARS and a[-1] in "，," and len(b) == len(a) and b[-1] in "，,。！？!?；;":
            out[i] = True
    return out


def ruled_apart(page: Page) -> np.ndarray:
    """``[i, j]``: a rule the reader saw crosses the straight line between the centres of blocks i and j
    (two blocks of one page; a story's box holds no rule, so its blocks are never ruled apart)."""
    n = len(page.blocks)
    out = np.zeros((n, n), dtype=bool)
    placed = [i for i, b in enumerate(page.blocks) if b.box is not None]
    if not page.rules or len(placed) < 2:
        return out
    boxes = [page.blocks[i].box for i in placed]
    cx = np.array([(b.x0 + b.x1) / 2 for b in boxes])[:, None]  # type: ignore[union-attr]
    cy = np.array([(b.y0 + b.y1) / 2 for b in boxes])[:, None]  # type: ignore[union-attr]
    sheet = np.array([page.blocks[i].page for i in placed], dtype=object)
    hit = np.zeros((len(placed), len(placed)), dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        for rule in page.rules:
            on = sheet == rule.page
            if not on.any():
                continue
            r = rule.box
            # the rule's line at c, its extent [lo, hi]; a = the centres' coordinate across it, b = along it
            a, b, c, lo, hi = (cy, cx, r.y0, r.x0, r.x1) if rule.horizontal else (cx, cy, r.x0, r.y0, r.y1)
            crosses = (a - c) * (a.T - c) < 0
            at = b + (c - a) * (b.T - b) / (a.T - a)
            hit |= crosses & (at >= lo) & (at <= hi) & on[:, None] & on[None, :]
    out[np.ix_(placed, placed)] = hit
    return out


def closes_story(text: str, kind: Role) -> bool:
    """What is set after a story's last paragraph and ends it: the author note (``（作者系…）``), a byline
    in parentheses (``（王芳 李强）``), a dateline in parentheses (``（新华社洛杉矶电 记者谭晶晶）``)."""
    if kind is _ROLE_AUTHOR_NOTE:
        return True
    if kind not in _CLOSING_KINDS or len(text) > CLOSER_MAX_CHARS:
        return False
    return text[0] in "（(" and text[-1] in "）)" and (kind is _ROLE_BYLINE or bool(cues.DATELINE.match(text)))


#: a closing byline or dateline in parentheses is short
CLOSER_MAX_CHARS = 40
#: the roles :func:`closes_story` asks about, read once: in Python 3.11 every ``Role.X`` costs a call of
#: ``EnumType.__getattr__``'s hook (a method wrapper made and called, ten times a plain name's cost), which
#: the per-block loops here would pay a few times a block
_ROLE_AUTHOR_NOTE, _ROLE_BYLINE, _CLOSING_KINDS = Role.AUTHOR_NOTE, Role.BYLINE, (Role.BYLINE, Role.PARAGRAPH)


def names_source(text: str) -> bool:
    """A line wholly in brackets that names where its story came from (``cues.SOURCE_LINE``: ``（综合本报记者…报道）``,
    ``（执笔：…）``, ``（摘编自…）``) or its dateline, however many reporters it names (``（新华社北京1月3日电 记者…）``):
    a story's closing line, whatever its first role (a short one reads as a title line).  The decoder reads it as
    ending its story beside :func:`closes_story`'s closers; the start models read those alone (``after_closer``)."""
    return (text[:1] in "（(" and text[-1:] in "）)" and len(text) <= SOURCE_MAX_CHARS
            and bool(cues.SOURCE_LINE.match(text) or cues.DATELINE.match(text)))


#: the longest closing line :func:`names_source` takes (a dateline in brackets naming a dozen reporters)
SOURCE_MAX_CHARS = 160


def _log_sigmoid_costs(z: float) -> tuple[float, float]:
    """(−log σ(z), −log (1 − σ(z))), computed stably."""
    pos = math.log1p(math.exp(-z)) if z > -30 else -z
    neg = math.log1p(math.exp(z)) if z < 30 else z
    return pos, neg


def readings(page: Page, ev: Evidence, labels: list[bool], starts: bool = True) -> Readings:
    """How each block may be read, with two costs (−log probabilities): display line vs prose, and
    article title vs section heading.  A title-like block of a text dump may be a title line, a heading or
    prose — the start models (``stages/starts.py``; the two line classifiers before those are built) weigh
    them, except a story label (``labels``: each block's, ``stages/labels``), which is a heading only; where
    the reader saw the type, or the kind is certain, there is one reading at no cost."""
    assert page.roles is not None
    lines = title_like(page)
    model = start_model() if starts else None
    titles = title_model()
    if model is not None:
        x = start_features(page, ev, lines)
        opens = dict(zip(lines, model.opens.logits(x).tolist()))  # (floats: a list's item costs less)
        display = dict(zip(lines, model.display.logits(x).tolist()))
    else:
        opens = {b: -heading_model().logit(ev.texts[b]) for b in lines}
        display = {b: titles.logit(ev.texts[b]) for b in lines}
    out: Readings = [((kind, 0.0, 0.0),) for kind in page.roles]
    heading_role, paragraph = Role.HEADING, Role.PARAGRAPH  # (members read once: see :data:`_CLOSING_KINDS`)
    for b in lines:
        kind = page.roles[b]
        shown, prose = _log_sigmoid_costs(float(display[b]))
        title, heading = _log_sigmoid_costs(float(opens[b]))
        if labels[b]:  # a story label is a heading, its story's
            out[b] = ((heading_role, shown, heading),)
        else:
            out[b] = ((kind, shown, title), (heading_role, shown, heading), (paragraph, prose, 0.0))
    return out


def continuity(page: Page, gram: np.ndarray, before: int = 8, after: int = 2) -> np.ndarray:
    """For each block: cosine between the body text just after it (``after`` blocks) and the body text
    just before it (``before`` blocks).  High across a title-like block: a section heading inside one
    story; low: a new story starts.  Window sums come from 2-D prefix sums of the body blocks' Gram."""
    assert page.roles is not None
    n = len(page.blocks)
    furniture = Role.FURNITURE  # (a member read once: see :data:`_CLOSING_KINDS`)
    body = np.array([i for i, k in enumerate(page.roles) if k not in TITLE_ROLES and k is not furniture],
                    dtype=np.int64)
    if len(body) == 0:
        return np.zeros(n)
    blocks = np.arange(n)
    pos = np.searchsorted(body, blocks)  # body blocks before b: body[:pos]
    is_body = np.zeros(n, dtype=bool)
    is_body[body] = True
    lo, hi = np.maximum(pos - before, 0), pos
    nxt = np.minimum(pos + is_body, len(body))
    end = np.minimum(nxt + after, len(body))
    # the sums over body[r0:r1] × body[c0:c1] of before × after, before × before and after × after, every
    # block's at once (topic.pyx: only the prefix sums asked for, with the additions the whole table takes)
    r0, r1, c0, c1 = (np.concatenate(x).astype(np.intp) for x in ((lo, lo, nxt), (hi, hi, end), (nxt, lo, nxt),
                                                                  (end, hi, end)))
    num, before_sq, after_sq = window_sums(gram, body.astype(np.intp), r0, r1, c0, c1).reshape(3, n)
    den = np.sqrt(np.maximum(before_sq, 0.0) * np.maximum(after_sq, 0.0))
    ok = (hi > lo) & (end > nxt) & (den > 0)
    return np.where(ok, num / np.where(ok, den, 1.0), 0.0)


#: what a paragraph's tail says of it going on, beyond the missing sentence end (a logistic fit on the train
#: split's pairs of a paragraph block left mid-sentence and the next block of its story: the language model's
#: surprise at the paragraph ending there weighs 1, the block's log length in characters about 1.5 — a long
#: piece cut mid-sentence is a column's end, a short one a display line); the centre (about the typical
#: tail's, 13.6 on train) set on dev with the threader's ``end_join`` weight: 12.7
GOES_ON_LENGTH, GOES_ON_CENTRE = 1.5, 12.7


def goes_on(ends: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """How surely a paragraph block left mid-sentence goes on in a later block: −log P(end | its last
    characters) + :data:`GOES_ON_LENGTH` · log(1 + its characters), less :data:`GOES_ON_CENTRE`."""
    return -ends + GOES_ON_LENGTH * np.log1p(chars) - GOES_ON_CENTRE


def comes_on(start: np.ndarray, free: np.ndarray) -> np.ndarray:
    """How surely a block's opening characters go on from text before them, whatever that text was:
    log P(head | any text before it) − log P(head | a paragraph start), the same characters asked with no
    history and after the start mark.  A paragraph opens with what opens sentences (2019年，…, 习近平指出…); a
    piece a column break cut off opens anywhere (…咸集，, 的中华人民共和国…, 被公安部追授…).  Unlike the run-on
    score of a pair it does not ask the tail, whose last characters the model often never saw together (on
    every fourth train page's pymupdf.lines dump: median −2.8 for a paragraph after a display line, −2.0 after
    another paragraph, +2.3 for a piece going on from the block before it; above 0: 11%, 21% and 87%)."""
    return free - start


#: a dangling block may run on into an earlier block when the language model says so this strongly — or
#: whatever it says, where both ends go on: the block is left mid-sentence and the earlier one opens
#: mid-paragraph (set flush, or with punctuation; pdftotext.wrapped on every second dev page: of the 147 such
#: joins missed, 122 open flush, and the model's median score across them is 0 against 8.5 for those found)
BACKWARD_MIN = 4.0
#: how many blocks apart the two halves of a split paragraph may be (80 until the fifteenth session: 40 moved the
#: clipping of 8 of the 1,760 dev dumps, all pdftotext, exact articles 4,353 both, and asks ~30% fewer pairs)
JOIN_WINDOW = 40
BACKWARD_CANDIDATES = 3
#: … when the second half was read first: it comes back soon (pdftotext on dev: of 267 such joins, half within
#: 5 blocks, nine in ten within 12), so farther pairs are left out (at a 4.0 ratio: 130 true of 632 in 80 blocks,
#: 119 of 345 in 16)
BACKWARD_WINDOW = 16


def _heading_breaks(page: Page, i: int, later: list[int]) -> list[bool]:
    """A section heading (known by its type, on a page the reader saw) goes on in a block of ``later`` only
    where a column break cut it: its line reaches the right edge of its column (as far as the paragraph set
    nearest above or below it in that column) and the block opens another column, higher up — two headings
    set one under the other are two headings."""
    a = page.blocks[i].box
    column = [] if a is None else [
        p.box for p, k in zip(page.blocks, page.roles or ()) if k is Role.PARAGRAPH and p.box is not None
        and p.page == page.blocks[i].page and p.box.shared_width(a) > 0.5 * a.width]
    if a is None or not column:
        return [False] * len(later)
    nearest = min(column, key=lambda box: min(abs(box.y1 - a.y0), abs(box.y0 - a.y1)))
    if a.x1 < nearest.x1 - 0.5 * (page.blocks[i].size or 0.0):
        return [False] * len(later)
    boxes = [page.blocks[j].box for j in later]
    return [b is not None and b.y0 < a.y0 and b.x0 > a.x1 for b in boxes]


def window_pairs(tails: np.ndarray, heads: np.ndarray, window: int) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (tail ``tails[r]``, head ``heads[c]``) at most ``window`` blocks apart, as places ``(r, c)``,
    by tail then head — where ``np.nonzero`` of the whole tails × heads table within the window puts them
    (both in order: a tail's heads are a run of ``heads``, found by bisection; the table, a large page's
    ~9,000 pairs of which the window keeps about half, is never made)."""
    lo = np.searchsorted(heads, tails - window)
    counts = np.searchsorted(heads, tails + window, side="right") - lo
    rows = np.repeat(np.arange(len(tails)), counts)
    # each pair's head: its tail's first head and its place in the tail's run
    return rows, np.arange(len(rows)) + np.repeat(lo - (np.cumsum(counts) - counts), counts)


def gather(page: Page, lm: CharLM, starts: bool = True, turnovers: bool = True) -> Evidence:
    """Everything the threader weighs (``starts=False``: the readings of title-like blocks from the line
    classifiers alone, as the start models' own build needs; ``turnovers=False``: display lines' run-ons
    scored by the language model alone, as the turnover model's build needs)."""
    assert page.roles is not None
    texts = [b.text for b in page.blocks]
    n = len(texts)
    said = text_cues(texts)
    closed = said["ends_sentence"] | verse_lines(texts)
    chars = np.array([len(t) for t in texts], dtype=np.float64)
    gram = topic_gram(texts, lm)
    widths, own = line_widths(page)
    head, tail = line_shape(page, widths, own)
    # a paragraph's first line is indented: where the print shows it (the reader measured it) or the dump's
    # own wrap does, a paragraph set flush goes on from somewhere and one indented opens a paragraph (dev
    # wrapped dumps: 2 and 10 run-ons of ~8,500 indented paragraphs; 18 starts of ~1,600 flush ones).  The
    # scan reader measures its lines' ink as the PDF reader measures text boxes; a block with neither says nothing.
    # (the per-block loops below read lists: a list's item costs less than a numpy scalar made of an array's)
    head_shape = head.tolist()
    first_line = np.array([b.edges[0] if b.edges is not None else head_shape[i] if b.box is None else 0.0
                           for i, b in enumerate(page.blocks)])
    # (Role's members read once, outside the per-block loops: see :data:`_CLOSING_KINDS`)
    paragraph, heading, caption = Role.PARAGRAPH, Role.HEADING, Role.CAPTION
    prose = np.array([kind is paragraph for kind in page.roles], dtype=bool)
    tail = broken_after(widths, head, tail, prose)
    # a block opens mid-paragraph when it opens with what cannot open one (punctuation), or set flush
    midway = said["opens_midway"] | ((first_line > 0) & prose)
    # a story label (核心阅读, ``stages/labels``) opens its story's text as a dateline does: the title line
    # read before it heads a story, and the label is that story's, title-like as it is
    labels = story_label_flags(texts)
    opener = said["opens_story"] | np.array(([False] + labels)[:n], dtype=bool)
    closer = np.array([closes_story(t, k) for t, k in zip(texts, page.roles)], dtype=bool)
    sourced = np.array([names_source(t) for t in texts], dtype=bool)
    opens, next_opens = opener.tolist(), [False] * n
    following = False
    passed = (Role.FURNITURE, Role.BYLINE)
    for i in range(n - 1, -1, -1):  # the next block that is not title-like (or a label), looking ahead
        next_opens[i] = following
        if labels[i]:
            following = True
        elif page.roles[i] not in TITLE_ROLES and page.roles[i] not in passed:
            following = opens[i]
    opener_next = np.array(next_opens, dtype=bool)
    # where the wrap shows the paragraph ends, it has ended — whatever its last character; a full last
    # line without a sentence end runs on (with one, it may or may not: the join evidence decides).  A
    # display line is set in type of its own, wider than the body's, so a short one says less: it is
    # only weighed (the shape weight), as a title wrapped in a narrow box still runs on
    display = np.array([kind in TITLE_ROLES or kind is heading for kind in page.roles], dtype=bool)
    # (a line that stops short before a Latin word or a number, which never break, says nothing)
    closed = np.where((tail < 0) & ~display & ~said["ends_latin"], True, closed)
    soft = ~closed & said["ends_softly"]

    join = np.full((n, n), -math.inf)
    joinable_kinds = (Role.PARAGRAPH, Role.HEADING, Role.HEADLINE, Role.KICKER, Role.SUBHEADLINE, Role.CAPTION)
    ended, tail_shape = closed.tolist(), tail.tolist()
    tails = [i for i in range(n) if (not ended[i] or tail_shape[i] > 0) and page.roles[i] in joinable_kinds]
    # a byline under a display line may be its turnover (stages/turnovers.py): scored from that line alone
    bylines = [j for j, kind in enumerate(page.roles) if kind is _ROLE_BYLINE and turning(page, j)]
    heads = sorted([j for j in range(n) if page.roles[j] in joinable_kinds] + bylines)
    sizes = np.array([np.nan if b.size is None else b.size for b in page.blocks])
    # a continuation may come later in the dump or — multi-column extraction order — earlier
    # (within a window, so a page many times the usual size costs time in proportion to its size): the heads
    # within the window of each tail, both in order (``window_pairs``: by tail then head, a run of heads a tail)
    ti, hj = np.array(tails, dtype=np.int64), np.array(heads, dtype=np.int64)
    pr, pc = window_pairs(ti, hj, JOIN_WINDOW)
    pi, pj = ti[pr], hj[pc]
    near = pj != pi
    if not np.isnan(sizes).all():  # (a text dump knows no type size: every pair keeps its type)
        a, b = sizes[pi], sizes[pj]
        near &= np.isnan(a) | np.isnan(b) | (np.abs(a - b) <= 0.1 * np.maximum(a, b))  # a run-on keeps its type
    if bylines:
        near &= ~np.isin(hj, bylines)[pc] | (pj == pi + 1)
    heading_tails = [r for r, i in enumerate(tails) if page.roles[i] is heading]
    if heading_tails:
        breaks = np.zeros((len(tails), len(heads)), dtype=bool)
        breaks[heading_tails] = [_heading_breaks(page, tails[r], heads) for r in heading_tails]
        is_heading = np.zeros(len(tails), dtype=bool)
        is_heading[heading_tails] = True
        near &= ~is_heading[pr] | breaks[pr, pc]
        reached = np.zeros(len(tails), dtype=bool)
        reached[pr[near]] = True
        for r in heading_tails:
            if reached[r] and tail[tails[r]] == 0:
                tail[tails[r]] = 1.0  # its last line reaches the column's edge and the column breaks there
    # nothing runs on into a paragraph whose first line is indented (it opens one) or into a block that opens
    # with a dateline (a story's first words: on every third train dump none of the 2,916 is a run-on), and only
    # a caption runs on into a photo credit set on its own line: those pairs are never asked (their join stays −inf)
    indented = (first_line < 0) & prose
    credits = [j for j, (t, kind) in enumerate(zip(texts, page.roles)) if kind is caption and is_credit_alone(t)]
    barred = (indented | opener)[pj]
    if credits:
        barred |= np.isin(pj, credits) & np.array([page.roles[i] is not caption for i in tails], dtype=bool)[pr]
    # a pair back up the page counts only as an earlier block a dangling one may run on into (``back`` below):
    # within BACKWARD_WINDOW, its head not indented — the others' joins are never read, and are not asked
    asked = (pj > pi) | ((pi - pj <= BACKWARD_WINDOW) & (head[pj] >= 0))
    keep = near & ~barred & asked
    pi, pj = pi[keep], pj[keep]  # the pairs within the window that may run on, by tail then head
    tail_ids, head_ids = lm.edges(texts)
    fresh = np.full((1, tail_ids.shape[1]), -1, dtype=np.int64)
    fresh[0, -1] = BOS  # (after the blocks' tails: the tail of every fresh start)
    free = np.full((1, tail_ids.shape[1]), -1, dtype=np.int64)  # (then the tail of no history at all)
    end = np.full((1, head_ids.shape[1]), -1, dtype=np.int64)
    end[0, 0] = EOS  # (after the blocks' heads: the head of every paragraph's end)
    # every block's tail closing a paragraph, every head opening one and going on from anything, then each
    # pair's head running on from its tail: asked at once
    every = np.arange(n, dtype=np.intp)
    scores = lm.pair_scores(np.concatenate([tail_ids, fresh, free]), np.concatenate([head_ids, end]),
                            np.concatenate([every, np.full(n, n, dtype=np.intp), np.full(n, n + 1, dtype=np.intp), pi]),
                            np.concatenate([np.full(n, n, dtype=np.intp), every, every, pj]))
    ends, start, anywhere = scores[:n], scores[n:2 * n], scores[2 * n:3 * n]
    join[pi, pj] = scores[3 * n:] - start[pj]
    # an earlier block (i − W ≤ j < i, not indented) a dangling block i may run on into: the pairs back up the
    # page (``asked`` keeps only those in the backward window, not indented), by tail then head, where the
    # language model says so strongly or both ends go on
    both = midway[pj] & ~closed[pi]
    back = (pj < pi) & ((join[pi, pj] > BACKWARD_MIN) | both)
    bi, bj = pi[back], pj[back]
    earlier: list[tuple[int, ...]] = [()] * n
    # (a few pairs: plain Python over them costs less than numpy's calls for each tail; the pairs come by
    # tail, the sort is stable as np.argsort(kind="stable") of the negated scores is)
    for i, found in itertools.groupby(zip(bi.tolist(), bj.tolist(), join[bi, bj].tolist()), key=itemgetter(0)):
        cands = list(found)
        if len(cands) > 1:
            cands = sorted(cands, key=lambda pair: -pair[2])[:BACKWARD_CANDIDATES]
        earlier[i] = tuple(j for _, j, _ in cands)
    ruled = ruled_apart(page)
    outside = (Role.FURNITURE, Role.ADVERT, Role.NOISE)
    inside = [i for i, kind in enumerate(page.roles) if kind not in outside]
    ev = Evidence(
        kinds=tuple(page.roles),
        texts=tuple(texts),
        chars=chars,
        closed=closed,
        soft=soft,
        midway=midway,
        join=join,
        goes_on=goes_on(ends, chars),  # (from log P(paragraph end | each block's last characters))
        comes_on=comes_on(start, anywhere),  # (from log P(each block's first characters | a start, anything))
        earlier=tuple(earlier),
        gram=gram,
        readings=(),  # below: the start model reads the rest of the evidence, the turnover model it and them
        opener=opener,
        opener_next=opener_next,
        closer=closer,
        sourced=sourced,
        kicker_end=said["ends_as_kicker"],
        comma_end=said["ends_in_comma"],
        roundup=said["roundup"],
        continuity=continuity(page, gram),
        head_runs_on=head,
        tail_runs_on=tail,
        column=column_widths(page, own),
        first_line=first_lines(page, widths),
        widest=np.array([max(ws) if ws else 0.0 for ws in widths]),  # (max's keyword costs it a dict a call)
        ruled=ruled,
        ruling=bool(page.rules) and bool(ruled[np.ix_(inside, inside)].any()),
    )
    read = readings(page, ev, labels, starts)
    if not turnovers:
        return replace(ev, readings=tuple(read))
    turnover, read = weigh(page, ev, read)
    return replace(ev, turnover=turnover, readings=tuple(read))
