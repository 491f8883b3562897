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
"""

from __future__ import annotations

import functools
import heapq
import json
import math
from dataclasses import dataclass, fields, replace
from pathlib import Path
from operator import itemgetter
from typing import Iterator

import numpy as np

from jianbao import cues
from jianbao.lm.model import CharLM, default_lm
from jianbao.model import Article, Element, Page, Role, TITLE_ROLES
from jianbao.pipeline import Stage, register
from jianbao.stages.evidence import Evidence, gather
from jianbao.stages.sheets import each_sheet


@dataclass(frozen=True)
class Weights:
    """Scores of the decoder, in log-odds units; tuned on the dev split only."""

    join_bias: float = 0.0  # a run-on across a break, before the language model speaks
    title_join_bias: float = 0.0  # the same for a title or heading set on two lines
    closed_join: float = 0.0  # the same after a sentence end (a full last line is all that says "go on")
    midway_run_on: float = 4.0  # the block opens with punctuation: it must be a run-on
    midway_fresh: float = 6.0  # penalty: a fresh element that opens mid-sentence
    recency: float = 6.0  # penalty per article touched more recently than the one chosen
    topic: float = 24.0  # reward per unit of topical overlap with the chosen article
    relative_topic: float = 0.0  # 1: overlap counted against the closest open article's (splitting no gain)
    run_on_topic: float = 24.0  # the same for a run-on (the language model speaks there first)
    dangle: float = 3.75  # penalty: a paragraph left mid-sentence and followed by a fresh element
    cut: float = 6.0  # penalty: a paragraph still dangling when the page ends
    new_title: float = 0.5  # penalty: an article starting at a title-like block
    new_paragraph: float = 9.31  # penalty: an article starting at a paragraph (lost headline)
    new_byline: float = 5.32  # penalty: an article starting at its byline (lost headline)
    new_other: float = 4.5  # penalty: an article starting at a caption, note or mark
    heading: float = 1.25  # penalty: a section heading inside an article (vs a fresh paragraph)
    late_title: float = 4.0  # penalty: a title line placed after its article's text
    bare_title: float = 3.0  # penalty: title lines that never get a body (a headline is not an article)
    title_gap: float = 3.0  # penalty: a title line that does not follow its article's title lines
    opener: float = 3.0  # a dateline: the story starts here
    second_opener: float = 0.0  # penalty: a second dateline in one story (a story has one)
    after_end: float = 0.0  # penalty: text after the author note or closing byline that ended a story
    lost_title_opener: float = 3.0  # … and a story that opens with one may have lost its title
    continuity: float = 6.0  # per unit of topical overlap across a title-like block (a section heading)
    shape: float = 1.5  # per unit of line-shape evidence (indented first line, short last line)
    column: float = 0.0  # per unit of column evidence: set in the article's column (+1) or another (−1)
    ruled: float = 0.0  # penalty: a rule runs between the block and the article's last block (PDF pages)
    title_evidence: float = 1.0  # weight of the display-line/prose classifier's log-probabilities
    heading_evidence: float = 1.0  # weight of the heading/title-line classifier's log-probabilities
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


@dataclass(frozen=True, slots=True)
class Thread:
    elements: tuple[tuple[Role, tuple[int, ...]], ...]
    last: int
    open: bool  # its last paragraph may run on into a later block
    dangling: bool  # … and it ends mid-sentence, so it must (or was cut at the page edge)
    titles_only: bool
    gram: np.ndarray  # sum of the topic Gram rows of its blocks: gram[b] = its vector · block b's
    norm2: float  # its vector's squared length
    column: float = math.nan  # the column its paragraphs are set in, where the dump shows it
    ended: bool = False  # its last block ends a story (author note, closing byline or dateline)
    dated: bool = False  # it has a dateline paragraph


@dataclass(frozen=True, slots=True)
class Hypothesis:
    score: float
    threads: tuple[Thread, ...]  # articles still open to new blocks
    unassigned: tuple[int, ...]
    done: tuple[Thread, ...] = ()  # articles beyond the horizon: finished

    def retire(self, horizon: int) -> "Hypothesis":
        """Set aside articles no block may reach any more, so the work per block stays bounded."""
        if len(self.threads) <= horizon:
            return self
        recent = sorted(self.threads, key=lambda t: -t.last)
        return replace(self, threads=tuple(recent[:horizon]), done=self.done + tuple(recent[horizon:]))


OUTSIDE = (Role.FURNITURE, Role.ADVERT, Role.NOISE)
TRAILING = {Role.KICKER: -1, Role.HEADLINE: -1, Role.SUBHEADLINE: -1, Role.CAPTION: 1, Role.CONTINUATION: 2}
RUNS_ON = (Role.PARAGRAPH, Role.CAPTION, Role.HEADING, Role.HEADLINE, Role.KICKER)  # a "——" deck starts afresh
DISPLAY = (Role.HEADING, *TITLE_ROLES)  # set on lines of their own: they run on only into the next block
AFTER_END = (Role.CAPTION, Role.BYLINE, Role.AUTHOR_NOTE, Role.CONTINUATION)  # may follow a story's end


def _register(role: Role) -> int:
    return 2 if role in TITLE_ROLES else 1 if role is Role.HEADING else 0


def runs_on(role: Role, kind: Role) -> bool:
    """Whether a block read as ``kind`` may run on an element of ``role``: a title line continues only a
    title (a headline set on two lines), a heading only a heading, prose only prose (a caption's credit
    may end a paragraph-like run)."""
    return _register(role) == _register(kind)


class Threader:
    def __init__(self, ev: Evidence, w: Weights) -> None:
        self.ev = ev
        self.w = w
        self.self_norm = np.sqrt(np.maximum(np.diag(ev.gram), 1e-12))
        self._memo: dict[tuple[int, Role], tuple[float | None, Role | None, float]] = {}
        self._sims: dict[int, float] = {}

    # -- moves -------------------------------------------------------------------------------
    # A move is (score, build, hyp, k, b, x): its score now, and what builds its hypothesis — called only
    # for the moves that make the beam, so the many that do not cost no tuples and no vector sums.
    def moves(self, hyp: Hypothesis, b: int) -> Iterator[tuple]:
        ev, w = self.ev, self.w
        if ev.kinds[b] in OUTSIDE:
            yield hyp.score, self._unassign, hyp, -1, b, None
            return
        threads = hyp.threads
        order = sorted(range(len(threads)), key=lambda k: -threads[k].last)
        rank = [0] * len(threads)
        for r, k in enumerate(order):
            rank[k] = r
        sims = [self._similarity(b, t) for t in threads]
        if sims and w.relative_topic:
            top = max(sims)
            sims = [x - w.relative_topic * top for x in sims]
        ruled = [w.ruled * ev.ruled[t.last, b] for t in threads]
        for kind, display_cost, section_cost in ev.readings[b]:
            cost = hyp.score - w.title_evidence * display_cost - w.heading_evidence * section_cost
            yield from self._moves_as(hyp, b, kind, rank, order, sims, ruled, cost)

    def _moves_as(self, hyp: Hypothesis, b: int, kind: Role, rank: list[int], order: list[int],
                  sims: list[float], ruled: list[float], cost: float) -> Iterator[tuple]:
        """The moves of block ``b`` read as ``kind``; ``cost`` is the hypothesis's score so far less the
        reading's cost."""
        ev, w = self.ev, self.w
        threads = hyp.threads
        midway = bool(ev.midway[b])
        for k, t in enumerate(threads):
            if rank[k] >= w.horizon:
                continue  # an article untouched for this long is finished
            run_on, role, fresh = self._with_thread(t, b, kind)
            if run_on is not None:  # run on the open paragraph of t
                yield (cost + (run_on + w.run_on_topic * sims[k] - w.recency * rank[k] - ruled[k]),
                       self._run_on, hyp, k, b, None)
            if role is not None and rank[k] < w.reach:  # a fresh element of t
                yield (cost + (fresh + w.topic * sims[k] - w.recency * rank[k] - ruled[k]),
                       self._fresh, hyp, k, b, role)
        # a title that comes after its article's text (extraction order): it heads that article
        if kind in TITLE_ROLES:
            for k, t in enumerate(threads):
                if rank[k] >= w.reach or t.titles_only or sum(r in TITLE_ROLES for r, _ in t.elements) > 1:
                    continue
                headless = not any(r in TITLE_ROLES for r, _ in t.elements)
                s = w.topic * sims[k] - w.recency * rank[k] - w.late_title - ruled[k]
                if headless and t.elements[0][0] is Role.PARAGRAPH:
                    s += w.new_paragraph - w.new_title  # it was no headline-less article after all
                yield cost + s, self._late_title, hyp, k, b, kind
        # run on into an earlier fresh paragraph (the extractor put the continuation first)
        if kind is Role.PARAGRAPH and (not ev.closed[b] or ev.tail_runs_on[b] > 0):
            yield from self._run_into_earlier(hyp, b, rank, sims, ruled, cost)
        # a new article
        s = -self.new_article_cost(kind) - (w.midway_fresh if midway else 0.0) - w.shape * ev.head_runs_on[b]
        if threads and threads[order[0]].titles_only:
            s -= w.bare_title
        if kind in TITLE_ROLES:
            s -= w.continuity * ev.continuity[b]  # the text goes on about the same thing: a section
        if kind in TITLE_ROLES and ev.opener_next[b]:
            s += w.opener  # a dateline follows the title
        elif ev.opener[b]:
            s += w.lost_title_opener  # a dateline opens a story that lost its title
        yield cost + s, self._new, hyp, -1, b, kind

    def _with_thread(self, t: Thread, b: int, kind: Role) -> tuple[float | None, Role | None, float]:
        """What block ``b`` read as ``kind`` scores with article ``t`` before the terms that depend on the
        hypothesis (recency, topic, rules): running on its open paragraph (None: it cannot), and as a fresh
        element (its role, None: it cannot; and the score).  Hypotheses of one beam share articles (about a
        third of the calls on the bench pages), so this is worked out once per article, reading and block
        (:meth:`decode` clears the memo)."""
        key = (id(t), kind)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        ev, w = self.ev, self.w
        midway = bool(ev.midway[b])
        column = w.column * self.same_column(t, b)
        run_on = None
        role = t.elements[-1][0]
        if t.open and kind in RUNS_ON and runs_on(role, kind) and (role not in DISPLAY or t.last == b - 1):
            llr = ev.join[t.last, b]
            if llr > -math.inf:
                run_on = llr + (w.midway_run_on if midway else 0.0)
                run_on += w.title_join_bias if role in DISPLAY else w.join_bias
                if ev.closed[t.last]:
                    run_on += w.closed_join  # the sentence had ended: only the full last line says "go on"
                run_on += w.shape * (ev.head_runs_on[b] + ev.tail_runs_on[t.last]) + column
        role, s = self.fresh_role(t, b, kind)
        if role is not None:
            s += column
            if t.dangling and kind is not Role.CONTINUATION:  # a "continued on" mark explains the cut
                s -= w.dangle
            if midway:
                s -= w.midway_fresh
            s -= w.shape * ev.head_runs_on[b]
            if role is Role.HEADING:
                s += w.continuity * ev.continuity[b]
            if not t.titles_only and (ev.opener[b] or role is Role.HEADING and ev.opener_next[b]):
                s -= w.opener  # a dateline opens a new story, not a section of this one
                if t.dated:
                    s -= w.second_opener
            if t.ended and role not in AFTER_END:
                s -= w.after_end
        hit = self._memo[key] = (run_on, role, s)
        return hit

    def _run_into_earlier(self, hyp: Hypothesis, b: int, rank: list[int], sims: list[float],
                          ruled: list[float], cost: float) -> Iterator[tuple]:
        ev, w = self.ev, self.w
        for j in ev.earlier[b]:
            for k, t in enumerate(hyp.threads):
                for e, (role, bs) in enumerate(t.elements):
                    if bs[0] != j:
                        continue
                    if role is not Role.PARAGRAPH:
                        break
                    # what placing j as a fresh start cost, given back now that it is a run-on
                    refund = (w.midway_fresh if ev.midway[j] else 0.0) + w.shape * ev.head_runs_on[j]
                    s = w.join_bias + ev.join[b, j] + refund + w.shape * (ev.head_runs_on[j] + ev.tail_runs_on[b])
                    s += w.topic * sims[k] - w.recency * rank[k] - ruled[k]
                    yield cost + s, self._into_earlier, hyp, k, b, e
                    break

    # -- the hypotheses the moves build ------------------------------------------------------------
    def _unassign(self, score: float, hyp: Hypothesis, k: int, b: int, x: None) -> Hypothesis:
        return Hypothesis(score, hyp.threads, hyp.unassigned + (b,), hyp.done)

    def _run_on(self, score: float, hyp: Hypothesis, k: int, b: int, x: None) -> Hypothesis:
        t = hyp.threads[k]
        role, bs = t.elements[-1]
        nt = Thread(t.elements[:-1] + ((role, bs + (b,)),), b, *self.ending(b, role), t.titles_only, *self.grow(t, b),
                    ended=self.ends(b, role), dated=t.dated)
        return self._with(score, hyp, k, nt)

    def _fresh(self, score: float, hyp: Hypothesis, k: int, b: int, role: Role) -> Hypothesis:
        t = hyp.threads[k]
        nt = Thread(t.elements + ((role, (b,)),), b, *self.ending(b, role), t.titles_only and role in TITLE_ROLES,
                    *self.grow(t, b), ended=self.ends(b, role), dated=t.dated or self.dates(b, role))
        return self._with(score, hyp, k, nt)

    def _late_title(self, score: float, hyp: Hypothesis, k: int, b: int, kind: Role) -> Hypothesis:
        t = hyp.threads[k]
        nt = Thread(((kind, (b,)),) + t.elements, max(t.last, b), t.open, t.dangling, False, *self.grow(t, b),
                    ended=t.ended, dated=t.dated)
        return self._with(score, hyp, k, nt)

    def _into_earlier(self, score: float, hyp: Hypothesis, k: int, b: int, e: int) -> Hypothesis:
        t = hyp.threads[k]
        role, bs = t.elements[e]
        elements = t.elements[:e] + ((role, (b,) + bs),) + t.elements[e + 1:]
        nt = Thread(elements, max(t.last, b), t.open, t.dangling, t.titles_only, *self.grow(t, b), ended=t.ended,
                    dated=t.dated)
        return self._with(score, hyp, k, nt)

    def _new(self, score: float, hyp: Hypothesis, k: int, b: int, kind: Role) -> Hypothesis:
        ev = self.ev
        nt = Thread(((kind, (b,)),), b, *self.ending(b, kind), kind in TITLE_ROLES, ev.gram[b], ev.gram[b, b],
                    ev.column[b], ended=self.ends(b, kind), dated=self.dates(b, kind))
        return Hypothesis(score, hyp.threads + (nt,), hyp.unassigned, hyp.done)

    def ending(self, b: int, role: Role) -> tuple[bool, bool]:
        """(open, dangling) of a thread whose last block is ``b`` read as ``role``."""
        if role in DISPLAY:  # a title or heading line may go on in the next block, unless it ends in "——"
            return not self.ev.closed[b] and not cues.KICKER_END.search(self.ev.texts[b]), False
        if role is not Role.PARAGRAPH:
            return False, False
        if self.ev.soft[b]:
            return True, False  # may go on, need not
        dangling = not self.ev.closed[b]
        return dangling or self.ev.tail_runs_on[b] > 0, dangling

    def ends(self, b: int, role: Role) -> bool:
        """Whether block ``b``, read as ``role``, ends its story."""
        return bool(self.ev.closer[b]) and role not in DISPLAY

    def dates(self, b: int, role: Role) -> bool:
        """Whether block ``b``, read as ``role``, is the story's dateline paragraph."""
        return bool(self.ev.opener[b]) and role is Role.PARAGRAPH

    def fresh_role(self, t: Thread, b: int, kind: Role) -> tuple[Role | None, float]:
        w = self.w
        if kind in TITLE_ROLES:
            if t.titles_only:
                return (kind, 0.0) if t.last == b - 1 else (kind, -w.title_gap)
            return None, 0.0  # a title line inside a body is read as a heading (its own reading)
        if kind is Role.HEADING:
            return kind, -w.heading
        return kind, 0.0

    def new_article_cost(self, kind: Role) -> float:
        w = self.w
        if kind in TITLE_ROLES:
            return w.new_title
        if kind in (Role.PARAGRAPH, Role.HEADING):
            return w.new_paragraph
        if kind is Role.BYLINE:
            return w.new_byline
        return w.new_other

    def _similarity(self, b: int, t: Thread) -> float:
        hit = self._sims.get(id(t))
        if hit is None:
            hit = self._sims[id(t)] = self.similarity(b, t)
        return hit

    def similarity(self, b: int, t: Thread) -> float:
        """Cosine of the block's topic vector against the article's so far."""
        den = self.self_norm[b] * np.sqrt(t.norm2)
        return float(t.gram[b] / den) if den > 0 else 0.0

    def grow(self, t: Thread, b: int) -> tuple[np.ndarray, float, float]:
        """The article's topic vector after block ``b`` joins it, and its column."""
        g = self.ev.gram
        column = self.ev.column[b]
        return t.gram + g[b], t.norm2 + 2.0 * t.gram[b] + g[b, b], t.column if math.isnan(column) else column

    def same_column(self, t: Thread, b: int) -> float:
        """+1 the block is set in the article's column, −1 in another, 0 not known."""
        d = abs(self.ev.column[b] - t.column)
        return 0.0 if math.isnan(d) else 1.0 if d <= 1.0 else -1.0

    @staticmethod
    def _with(score: float, hyp: Hypothesis, k: int, nt: Thread) -> Hypothesis:
        return Hypothesis(score, hyp.threads[:k] + (nt,) + hyp.threads[k + 1 :], hyp.unassigned, hyp.done)

    # -- search ------------------------------------------------------------------------------
    def decode(self) -> Hypothesis:
        beam = [Hypothesis(0.0, (), ())]
        for b in range(len(self.ev.texts)):
            self._memo.clear()  # the memos hold one block's scores, keyed by the beam's live articles
            self._sims.clear()
            best = heapq.nlargest(self.w.beam, (m for hyp in beam for m in self.moves(hyp, b)), key=itemgetter(0))
            beam = [build(score, hyp, k, b, x).retire(self.w.horizon) for score, build, hyp, k, b, x in best]
        final = []
        for h in beam:
            every = h.threads + h.done
            penalty = self.w.cut * sum(t.dangling for t in every) + self.w.bare_title * sum(t.titles_only for t in every)
            final.append(Hypothesis(h.score - penalty, every, h.unassigned))
        return max(final, key=lambda h: h.score)


def title_roles(roles: list[Role], texts: list[str], sizes: list[float | None]) -> list[Role]:
    """Settle kicker / headline / deck among an article's leading title lines: by type size where the
    reader saw it (the largest is the headline), else by the conventions in cues.py."""
    out = list(roles)
    lead = 0
    while lead < len(out) and out[lead] in TITLE_ROLES:
        lead += 1
    if lead == 0:
        return out
    if all(sizes[:lead]):
        top = max(range(lead), key=lambda i: (sizes[i], -i))
        for i in range(lead):
            out[i] = Role.KICKER if i < top else Role.HEADLINE if i == top else Role.SUBHEADLINE
        return out
    headline_at = None
    for i in range(lead):
        text = texts[i]
        if cues.SUBTITLE.match(text):
            out[i] = Role.SUBHEADLINE
        elif cues.KICKER_END.search(text) and i < lead - 1:
            out[i] = Role.KICKER
        elif headline_at is None:
            out[i] = Role.HEADLINE
            headline_at = i
        else:
            out[i] = Role.SUBHEADLINE
    if headline_at is None:
        # only decks and kickers: the first that is not a "——" subtitle heads the article
        for i in range(lead):
            if out[i] is Role.KICKER:
                out[i] = Role.HEADLINE
                break
    return out


def to_articles(page: Page, hyp: Hypothesis) -> tuple[tuple[Article, ...], tuple[Element, ...]]:
    articles = []
    threads = sorted(hyp.threads, key=lambda t: t.elements[0][1][0])
    for n, t in enumerate(threads, start=1):
        roles = [r for r, _ in t.elements]
        texts = [page.blocks[bs[0]].text for _, bs in t.elements]
        sizes = [page.blocks[bs[0]].size for _, bs in t.elements]
        roles = title_roles(roles, texts, sizes)
        elements = tuple(Element(r, bs) for r, (_, bs) in zip(roles, t.elements))
        # title lines first; photo captions after the text they sit beside; the continuation mark last
        elements = tuple(sorted(elements, key=lambda el: TRAILING.get(el.role, 0)))
        marks = [page.element_text(el) for el in elements if el.role is Role.CONTINUATION]
        continues = t.dangling or any(cues.CONTINUES_ON.search(m) for m in marks)
        articles.append(Article(id=f"a{n}", elements=elements, continues=continues))
    roles = page.roles or ()
    unassigned = tuple(Element(roles[b], (b,)) for b in sorted(hyp.unassigned))
    return tuple(articles), unassigned


def thread_with(page: Page, ev: Evidence, w: Weights) -> Page:
    """The page threaded on evidence already gathered (the tuner reuses the evidence across weights)."""
    articles, unassigned = to_articles(page, Threader(ev, w).decode())
    return page.with_(articles=articles, unassigned=unassigned)


def thread_page(page: Page, lm: CharLM | None = None, weights: Weights | None = None) -> Page:
    """Thread each printed page on its own (``link/1`` joins the pieces of articles across pages)."""
    lm, w = lm or default_lm(), weights or tuned_weights()
    return each_sheet(page, lambda sheet: thread_with(sheet, gather(sheet, lm), w))


register(Stage("thread/1", thread_page, requires=("roles",), assigns=("articles",)))
