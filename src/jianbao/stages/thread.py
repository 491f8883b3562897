"""Thread blocks into articles, rejoining paragraphs split at column breaks.

The page is decoded jointly with a beam search over the blocks in reading order.  A hypothesis is a set of
articles under construction; each block either

- **runs on** the open (dangling) paragraph of an article — scored by the language model across the break
  (a title or heading line runs on only into the very next block: a heading set on two lines),
- starts a **new element** of an article — scored by recency, topical overlap with that article and, in
  hard-wrapped dumps, whether it is set in the article's column,
- starts a **new article** — cheap for a headline, dear for a bare paragraph (a page that lost a headline),
- or is left **unassigned** (page furniture).

Every dangling paragraph continues at most once and every run-on has one source, by construction; a
paragraph still dangling when the page ends is cut off at the page edge (``continues``).

The search itself is compiled (``beam.pyx``, Cython): the scores below are worked out there for every move
of every hypothesis, and only the moves that make the beam build articles.
"""

from __future__ import annotations

import functools
import itertools
import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Callable

import numpy as np

from jianbao import cues
from jianbao.lm.model import CharLM, default_lm
from jianbao.model import TITLE_ROLES, Article, Element, Page, Role, join_pieces
from jianbao.pipeline import Stage, register
from jianbao.stages.beam import Decoder, Hypothesis
from jianbao.stages.body import LABELLED, LINE_MAX_CHARS, deck_under_title, label_body, section_numbers
from jianbao.stages.evidence import Evidence, gather
from jianbao.stages.heads import late_titles, lead_in, lift_trailing, part, rehead, rejoin, title_lines, under_title
from jianbao.stages.legs import in_reading_order
from jianbao.stages.resumes import read_across, resume_model
from jianbao.stages.roles import ends_as_kicker
from jianbao.stages.sheets import each_sheet


@dataclass(frozen=True)
class Weights:
    """Scores of the decoder, in log-odds units; tuned on the dev split only."""

    join_bias: float = 0.0  # a run-on across a break, before the language model speaks
    title_join_bias: float = 0.0  # the same for a title or heading set on two lines
    closed_join: float = 0.0  # the same after a sentence end, unless both line shapes say "go on" (a full last
    # line, then a first line set flush: the column broke right after a full stop)
    end_join: float = 0.0  # per unit of a dangling paragraph's tail saying it goes on (evidence.goes_on: the
    # language model's surprise at a paragraph ending there, …要及时 |, and the block's length), where no line
    # shape says whether its last line is full (a dump one line a block; a wrapped dump's last line tells)
    midway_run_on: float = 4.0  # the block opens with punctuation: it must be a run-on
    midway_fresh: float = 6.0  # penalty: a fresh element that opens mid-sentence
    recency: float = 6.0  # penalty per article touched more recently than the one chosen
    dangling_far: float = 6.0  # the same, for each beyond the first, where a run-on continues a paragraph
    # left mid-sentence: it waits for its continuation, which an extractor reading across columns (pdftotext)
    # gives after other stories' blocks
    topic: float = 24.0  # reward per unit of topical overlap with the chosen article
    relative_topic: float = 0.0  # 1: overlap counted against the closest open article's (splitting no gain)
    run_on_topic: float = 24.0  # the same for a run-on (the language model speaks there first)
    dangle: float = 3.75  # penalty: a paragraph left mid-sentence and followed by a fresh element
    cut: float = 6.0  # penalty: a paragraph still dangling when the page ends
    new_title: float = 0.5  # penalty: an article starting at a title-like block
    new_paragraph: float = 9.31  # penalty: an article starting at a paragraph (lost headline)
    new_heading: float = 9.31  # penalty: an article starting at a section heading (in a PDF: bold body type)
    new_deck: float = 0.0  # penalty: an article starting at a "——" deck (it follows its headline)
    new_byline: float = 5.32  # penalty: an article starting at its byline (lost headline)
    new_other: float = 4.5  # penalty: an article starting at a caption, note or mark
    heading: float = 1.25  # penalty: a section heading inside an article (vs a fresh paragraph)
    next_section: float = 0.0  # a section heading after body text, within a character as long as one of the
    # article's own: a feature's section headings are set alike (一穗黏玉米，甜了一村人 · 草果显神奇，富了一个州)
    late_title: float = 4.0  # penalty: a title line placed after its article's text
    bare_title: float = 3.0  # penalty: title lines that never get a body (a headline is not an article)
    title_gap: float = 3.0  # penalty: a title line that does not follow its article's title lines
    backward: float = 0.0  # penalty: a run-on into an earlier block (the continuation read first): its language-
    # model score is the best of several pairs looked for within reach back, not one pair's as a run-on ahead is
    take_back: float = 0.0  # penalty: such a run-on into a block that a run-on from the block before it had taken
    # (that paragraph then ends there): the two run-ons' evidence weighed against each other
    opener: float = 3.0  # a dateline: the story starts here
    second_opener: float = 0.0  # penalty: a second dateline in one story (a story has one)
    after_end: float = 0.0  # penalty: text after the author note or closing byline that ended a story
    lost_title_opener: float = 3.0  # … and a story that opens with one may have lost its title
    continuity: float = 6.0  # per unit of topical overlap across a title-like block (a section heading)
    shape: float = 1.5  # per unit of line-shape evidence (indented first line, short last line)
    column: float = 0.0  # per unit of column evidence: set in the article's column (+1), an em off (0) or another (−1)
    fit: float = 0.0  # the same for a paragraph of two lines, which measures no column: its first line as wide as
    # the article's column or two em short (+1), or neither (−1)
    ruled: float = 0.0  # penalty: a rule runs between the block and the article's last block (PDF pages)
    unruled: float = 0.0  # penalty: a new article with no rule before it, on a page that rules articles apart
    title_evidence: float = 1.0  # weight of the display-line/prose classifier's log-probabilities
    heading_evidence: float = 1.0  # weight of the heading/title-line classifier's log-probabilities
    resume: float = 0.0  # per unit of the resume model's log-odds of a text dump's block going on an open article,
    # less the best open article's (stages/resumes.py; pdftotext reads across columns, going back to a story)
    beam: int = 8
    reach: int = 6  # how many recent articles a fresh element may go to
    horizon: int = 12  # how many recent articles anything may go to


WEIGHTS_FILE = Path(__file__).resolve().parents[1] / "data" / "thread-weights.json"


@functools.lru_cache(maxsize=1)
def tuned_weights() -> Weights:
    """The weights tuned on the dev split (scripts/tune_threader.py), or the defaults."""
    if not WEIGHTS_FILE.is_file():
        return Weights()
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["weights"]
    known = {f.name for f in fields(Weights)}
    return Weights(**{k: v for k, v in data.items() if k in known})


OUTSIDE = (Role.FURNITURE, Role.ADVERT, Role.NOISE)
TRAILING = {Role.KICKER: -1, Role.HEADLINE: -1, Role.SUBHEADLINE: -1, Role.CAPTION: 1, Role.CONTINUATION: 2}
RUNS_ON = (Role.PARAGRAPH, Role.CAPTION, Role.HEADING, Role.HEADLINE, Role.KICKER)  # a "——" deck starts afresh
AFTER_END = (Role.CAPTION, Role.BYLINE, Role.AUTHOR_NOTE, Role.CONTINUATION)  # may follow a story's end
ROLES = list(Role)
CODE = {role: code for code, role in enumerate(ROLES)}  # a role's number in ``beam.pyx``


def _flags(role: Role) -> int:
    """What the decoder needs to know of a role, as the bits ``beam.pyx`` reads."""
    return (1 * (role in OUTSIDE) | 2 * (role in TITLE_ROLES) | 4 * (role is Role.HEADING)
            | 8 * (role is Role.PARAGRAPH) | 16 * (role in RUNS_ON) | 32 * (role in AFTER_END)
            | 64 * (role is Role.BYLINE) | 128 * (role is Role.CONTINUATION) | 256 * (role is Role.CAPTION)
            | 512 * (role is Role.SUBHEADLINE))


FLAGS = np.array([_flags(r) for r in ROLES], dtype=np.int32)


@functools.lru_cache(maxsize=8)
def _by_name(w: Weights) -> dict[str, float]:
    """The weights by name, as the decoder takes them (worked out once for a set of weights)."""
    return {f.name: getattr(w, f.name) for f in fields(Weights)}


def decoder(ev: Evidence, w: Weights, dump: bool = False) -> Decoder:
    """The compiled beam search (``beam.pyx``) over the page's evidence (``dump``: a text dump's, whose
    blocks the resume model weighs going back to a story; it learned from dumps alone)."""
    n = len(ev.kinds)
    earlier_at = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.fromiter(map(len, ev.earlier), np.int32, n), out=earlier_at[1:])
    earlier = np.fromiter(itertools.chain.from_iterable(ev.earlier), np.int32)
    flag = lambda xs: np.ascontiguousarray(xs, dtype=np.uint8)
    resume = resume_model() if dump and w.resume else None
    return Decoder(
        _by_name(w), ROLES, CODE, FLAGS, tuple(ev.kinds), tuple(ev.readings),  # (each block's roles: read in C)
        np.ascontiguousarray(ev.join, dtype=np.float64), np.ascontiguousarray(ev.gram, dtype=np.float64),
        flag(ev.ruled), bool(ev.ruling), flag(ev.midway), flag(ev.closed), flag(ev.soft), flag(ev.opener), flag(ev.opener_next),
        flag(ev.closer | ev.sourced), flag(ev.kicker_end), flag(ev.comma_end),
        *(np.ascontiguousarray(x, dtype=np.float64) for x in (ev.continuity, ev.head_runs_on, ev.tail_runs_on,
                                                              ev.column, ev.first_line)),
        earlier_at, earlier, flag(ev.roundup),
        flag(ev.turnover if ev.turnover is not None else np.zeros(len(ev.kinds), dtype=bool)),
        np.ascontiguousarray(ev.goes_on, dtype=np.float64), np.ascontiguousarray(ev.comes_on, dtype=np.float64),
        np.log1p(ev.chars), *((resume, read_across(ev)) if resume else ()))


def title_roles(roles: list[Role], texts: list[str], sizes: list[float | None]) -> list[Role]:
    """Settle kicker / headline / deck among an article's leading title lines (``texts``: theirs, at least;
    ``sizes``: their first blocks' type sizes, None where unknown): by type size where the
    reader saw it (the largest is the headline), else by their count and cues (:func:`titles_by_count`)."""
    out = list(roles)
    lead = title_lines(out)
    if lead == 0:
        return out
    if all(sizes[:lead]):
        top = max(range(lead), key=lambda i: (sizes[i], -i))
        for i in range(lead):
            out[i] = Role.KICKER if i < top else Role.HEADLINE if i == top else Role.SUBHEADLINE
        return out
    out[:lead] = titles_by_count(texts[:lead])
    return out


def titles_by_count(texts: list[str]) -> list[Role]:
    """The roles of a story's title lines where no type size tells them.  One line is the headline; two
    are set as the corpus sets them: the first is a kicker where it leads into the second (ends in a dash
    or a colon, ``cues.LEADS_IN``) and the second is no "——" deck, else they are headline and deck (a line
    ending in a verb, 胡春华强调, heads what he stressed).  Three or more are read by their cues: "——"
    decks, kickers (``cues.KICKER_END``, a verb too: 习近平…强调 above the headline and 李克强出席), the
    first other line the headline, the rest decks — the corpus sets them kicker, headline, decks, but most
    such clusters a dump gives hold two stories' lines, and the cues find their headline more often."""
    if len(texts) == 1:
        return [Role.HEADLINE]
    if len(texts) == 2:
        leads_in = cues.LEADS_IN.search(texts[0].rstrip()) and not cues.SUBTITLE.match(texts[1])
        return [Role.KICKER, Role.HEADLINE] if leads_in else [Role.HEADLINE, Role.SUBHEADLINE]
    out = []
    for i, text in enumerate(texts):
        if cues.SUBTITLE.match(text):
            out.append(Role.SUBHEADLINE)
        elif ends_as_kicker(text) and i < len(texts) - 1:
            out.append(Role.KICKER)
        else:
            out.append(Role.SUBHEADLINE if Role.HEADLINE in out else Role.HEADLINE)
    if Role.HEADLINE not in out and Role.KICKER in out:  # only decks and kickers: the first kicker heads it
        out[out.index(Role.KICKER)] = Role.HEADLINE
    return out


def to_articles(page: Page, hyp: Hypothesis, gram: np.ndarray, join: np.ndarray, widest: np.ndarray,
                dump: bool) -> tuple[tuple[Article, ...], tuple[Element, ...]]:
    """The search's articles as the page's.  On a text dump (``dump``: no block has a box), two stories read
    as one are parted, bare title lines take the text set under them, title lines are moved to the story
    that echoes them, a story's first title line read after its text goes above its title and a title line set
    on two lines is made one where the story's text reads across its break (``heads``), and a story's legs read
    side by side are put back one after the other (``legs``); a page read with its geometry (PDF, scan) is read
    column by column, each story's title lines above its text, and keeps them where the search put them.  Then, on
    every page, numbers alone that count a story's sections go back into it as its headings, a "——" line right
    under a story's title lines is their deck, and a story's short body lines are labelled again on the story
    as threaded: byline, section heading or paragraph (``body``).  An article runs on beyond the page where it
    holds the last block of a story the search left mid-sentence (or a "下转" mark)."""
    threads = sorted(hyp.threads, key=lambda t: t.elements[0][1][0])
    found = [list(t.elements) for t in threads]
    cut_off = {t.tail for t in threads if t.dangling}  # (a parted story's tail is in one of its parts)
    block_texts = [b.text for b in page.blocks]
    if dump:
        found = part(found, gram, block_texts)
        found = under_title(found, join, gram)
        found = rehead(found, gram, block_texts)
        found = lift_trailing(found, gram)
        found = lead_in(found, block_texts)
        found = late_titles(found, gram, block_texts)
        found = rejoin(found, join, widest, block_texts)
    found, unassigned = section_numbers(found, sorted(hyp.unassigned), block_texts)
    lengths = list(map(len, block_texts))
    short = {b for b, n in enumerate(lengths) if n <= LINE_MAX_CHARS} - cut_off  # (a piece cut off looks short)
    articles = []
    continuation = Role.CONTINUATION  # (read once, not an element: ``Role.X`` costs EnumType's attribute hook)
    for n, found_elements in enumerate(found, start=1):
        roles = [r for r, _ in found_elements]
        lead = title_lines(roles)
        if (0 < lead < len(roles) and roles[lead] in LABELLED
                and deck_under_title(block_texts, found_elements[lead][1])):
            roles[lead] = Role.SUBHEADLINE  # (a "——" line under the title lines: their deck)
            lead += 1
        # a title line's text, all its blocks: a kicker set on two lines ends in its "——" on the second
        texts = ["".join(page.blocks[b].text for b in bs) for _, bs in found_elements[:lead]]
        sizes = [page.blocks[bs[0]].size for _, bs in found_elements]
        roles = title_roles(roles, texts, sizes)
        roles = label_body(roles, *_body_texts(block_texts, lengths, short, roles, found_elements, cut_off))
        elements = [Element(r, bs) for r, (_, bs) in zip(roles, found_elements)]
        if dump:  # a dump may have read a story's legs side by side (``legs``)
            elements = in_reading_order(elements, lambda b: len("".join(page.blocks[b].text.split())) or 1)
        # title lines first; photo captions after the text they sit beside; the continuation mark last
        elements = tuple(sorted(elements, key=lambda el: TRAILING.get(el.role, 0)))
        marks = [page.element_text(el) for el in elements if el.role is continuation]
        continues = (any(b in cut_off for _, bs in found_elements for b in bs)
                     or any(cues.CONTINUES_ON.search(m) for m in marks))
        articles.append(Article(f"a{n}", elements, continues))
    roles = page.roles or ()
    return tuple(articles), tuple([Element(roles[b], (b,)) for b in unassigned])


def _body_texts(texts: list[str], lengths: list[int], short: set[int], roles: list[Role],
                found: list[tuple[Role, tuple[int, ...]]],
                cut_off: set[int]) -> tuple[dict[int, str], Callable[[], int]]:
    """What ``body.label_body`` reads of a story (``texts``, ``lengths``: the page's blocks'; ``short``: the
    blocks of at most ``body.LINE_MAX_CHARS`` not cut off at the page's end, ``cut_off`` those: a paragraph's
    piece only looks short): the texts of its paragraphs, headings and bylines short enough to be read again,
    by place, and what counts its body's characters (asked of few stories)."""
    out: dict[int, str] = {}
    length = lengths.__getitem__
    for k in [k for k, (_, bs) in enumerate(found) if bs[0] in short]:  # (most elements are long: asked once)
        bs = found[k][1]
        if roles[k] not in LABELLED:
            continue
        if len(bs) == 1:
            out[k] = texts[bs[0]]  # (a block's text is joined already)
        elif cut_off.isdisjoint(bs) and sum(map(length, bs)) <= LINE_MAX_CHARS:
            out[k] = join_pieces(map(texts.__getitem__, bs))

    def chars() -> int:
        return sum(map(length, itertools.chain.from_iterable(bs for role, (_, bs) in zip(roles, found)
                                                              if role in _BODY)))
    return out, chars


#: an article's elements that are its body: all but title lines and the continuation mark (a tuple: a frozenset
#: would hash each role in Python; a paragraph first, found at once)
_BODY = (Role.PARAGRAPH, *[r for r in Role if r is not Role.PARAGRAPH and r not in TITLE_ROLES
                           and r is not Role.CONTINUATION])


def thread_with(page: Page, ev: Evidence, w: Weights) -> Page:
    """The page threaded on evidence already gathered (the tuner reuses the evidence across weights)."""
    dump = all(b.box is None for b in page.blocks)
    articles, unassigned = to_articles(page, decoder(ev, w, dump).decode(), ev.gram, ev.join, ev.widest, dump)
    return page.with_(articles=articles, unassigned=unassigned)


def thread_page(page: Page, lm: CharLM | None = None, weights: Weights | None = None) -> Page:
    """Thread each printed page on its own (``link/1`` joins the pieces of articles across pages)."""
    lm, w = lm or default_lm(), weights or tuned_weights()
    return each_sheet(page, lambda sheet: thread_with(sheet, gather(sheet, lm), w))


register(Stage("thread/1", thread_page, requires=("roles",), assigns=("articles",)))
