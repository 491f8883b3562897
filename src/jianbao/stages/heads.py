"""Headlines read apart from their stories: give title lines to the story whose text they echo.

An extractor that reads a page column by column across the whole sheet (pdftotext) often gives the title
lines of two stories set side by side one after the other, interleaved (kicker of one, headline of the
other, …), and each story's text only later, after other stories' blocks.  The beam search decides a title
line when it meets it, long before the text that would tell whose it is, and gives the whole cluster to one
story; the other story's text then stands without a headline.

A headline's words come back in its story.  Once the page is threaded, each title line's *echo* in an
article's text is the share of its rare-bigram weight (the topic Gram matrix, ``evidence.topic_gram``)
that the text holds.  Title lines of an article with more than one are moved to another article whose text
echoes them better, all those that gain at once, when the gains together pass a margin: a dearer one where
the other article has title lines of its own (the search chose those too).  The article keeps a line that
can head it (not a "——" deck), except that an article with a single title line may give it up to a story
without one, at a dearer margin still: the search often starts a headline's story at the headline and gives
it the next block it meets, another story's line or a stray paragraph, while the story's own text, read later,
stands bare.  An only title line that leads in (a kicker ending in a dash or a colon, ``cues.LEADS_IN``) heads
no story alone: it may go to a story with title lines of its own, above them, at their margin (pdftotext reads a
kicker apart from its headline, with another story's lines or text).  Each article gives and takes once, the
largest gains first.  Margins were chosen on the dev split.  A section heading left at the end of an article,
just before another story's title lines, goes to head that story where its text echoes the line better
(``lift_trailing``); one read right under a kicker ending in a dash is that kicker's headline (``lead_in``).

Before all that, an article may be parted in two (``part``): where pdftotext read two stories' title lines in
a row and then one story's text after the other's, the search, having given both stories' lines to one article,
gives it the second story's text as well (a story's text starting with no title costs dear), so that no other
article holds that text for ``rehead`` to move its lines to.  Then title lines left without text take the text
set right under them where the search gave it to the story before (``under_title``).  Then a story's first title
line that pdftotext read after the story's text, heading an article of its own, goes above the story's title line
where the story's first paragraphs echo it (``late_titles``).  Last, two title lines that are one set on two lines
become one where the story's text reads its words across their break (``rejoin``).
"""

from __future__ import annotations

import functools
import math
from typing import Sequence

import numpy as np

from jianbao import cues
from jianbao.model import TITLE_ROLES, Role
from jianbao.stages.evidence import cosine
from jianbao.stages.roles import ends_as_kicker
from jianbao.stages.turnovers import open_quotes
from jianbao.unions import roots

#: what the title lines moved must gain together, in echo (0 … 1 a line), to go to a story without a title
MARGIN = 0.5
#: … and to go to a story that has title lines already
TITLED_MARGIN = 0.8
#: … and for an article's only title line to go, to a story without a title
LONE_MARGIN = 0.7
#: what a section heading left at an article's end must gain in echo to head the next story (``lift_trailing``)
LIFT_MARGIN = 0.3
#: what each of two stories read as one article must gain in echo, its text cut in two, to be parted (``part``)
PART_MARGIN = 0.5
#: … where the two parts of its text have at most this topical cosine (their rare bigrams' overlap)
PART_APART = 0.1
#: what a story's first title line read after its text must gain in echo to go above the story's (``late_titles``)
LATE_MARGIN = 0.5
#: … of the story's first elements of text, where it is read
LATE_FIRST = 2
#: … from a line with at most this many elements of text after it
LATE_TEXT = 1
#: … which goes with it where its topical cosine with the story's text passes this
LATE_ALONG = 0.2
#: the most pairs of lines and stories sharing articles that ``matching`` searches exactly (more: by gain)
EXACT_PAIRS = 12
#: the fewest characters, some of each line, read across the break between two of a story's title lines that
#: its text must hold to make them one line set on two (``rejoin``)
ACROSS = 4
#: … where the turnover model did not read the second as a line of its own surely: its log-odds above this
ACROSS_FLOOR = -5.0

Elements = list[tuple[Role, tuple[int, ...]]]


def title_lines(roles: Sequence[Role]) -> int:
    """How many title lines an article's elements (their roles, in order) open with."""
    n = 0
    while n < len(roles) and roles[n] in TITLE_ROLES:
        n += 1
    return n


def echoes(gram: np.ndarray, lines: list[int], bodies: list[list[int]]) -> np.ndarray:
    """``[l, a]``: the share of title line ``lines[l]``'s bigram weight found in the blocks ``bodies[a]``
    (capped at 1: a bigram the text repeats counts once a block; 0 for a line of no known bigram)."""
    return share(gram, lines, found_in(gram, lines, bodies))


def found_in(gram: np.ndarray, lines: list[int], bodies: list[list[int]]) -> np.ndarray:
    """``[l, a]``: title line ``lines[l]``'s bigram weight found in the blocks ``bodies[a]``, summed (uncapped)."""
    found = np.zeros((len(lines), len(bodies)))
    filled = [a for a, body in enumerate(bodies) if body]
    if filled:
        blocks = [b for a in filled for b in bodies[a]]
        at = np.cumsum([0] + [len(bodies[a]) for a in filled[:-1]])
        # (the window of the Gram by broadcast indices: np.ix_ costs more than the sums)
        found[:, filled] = np.add.reduceat(gram[np.array(lines)[:, None], blocks], at, axis=1)
    return found


def share(gram: np.ndarray, lines: list[int], found: np.ndarray) -> np.ndarray:
    """Weights found of each title line (rows of ``found``) as shares of the line's own, capped at 1."""
    own = gram[lines, lines][:, None]
    return np.minimum(1.0, np.divide(found, own, out=np.zeros_like(found), where=own > 0))


def rehead(articles: list[Elements], gram: np.ndarray, texts: Sequence[str]) -> list[Elements]:
    """The articles (each a list of (role, blocks) in the search's order), title lines moved where their
    words come back; every block stays in exactly one article.  ``texts``: the page's blocks' texts."""
    leads = [title_lines([role for role, _ in a]) for a in articles]
    bodies = [[b for _, blocks in a[n:] for b in blocks] for a, n in zip(articles, leads)]
    # an article's only title line can go only to a story without one, which has text to head — unless it
    # leads in (a kicker, ending in a dash or a colon: ``cues.LEADS_IN``), which heads no story alone
    anywhere = [n == 1 and bool(cues.LEADS_IN.search(texts[a[0][1][-1]].rstrip()))
                for a, n in zip(articles, leads)]
    least_lines = 1 if any(body and not n for body, n in zip(bodies, leads)) else 2
    givers = [i for i, n in enumerate(leads) if n >= least_lines or anywhere[i]]
    if not givers:
        return articles
    # every giver's title lines, giver by giver: what each would gain in each article (a page has a few givers
    # and articles: plain Python over the gains, each sum taken in the order numpy's reduceat took it, costs less
    # than numpy's calls for each step)
    lines = [articles[i][k][1][0] for i in givers for k in range(leads[i])]
    share = echoes(gram, lines, bodies).tolist()
    owner = [i for i in givers for _ in range(leads[i])]
    gains = [[x - row[i] for x in row] for row, i in zip(share, owner)]
    # the lines that can head an article (not a "——" deck, which follows its headline): a giver keeps
    # one, the one it loses least on, where all of them would gain by going …
    heads = [not cues.SUBTITLE.match(texts[b]) for b in lines]
    columns = range(len(articles))
    moves = []
    a = 0
    for i in givers:
        n = leads[i]
        rows, can_head = gains[a: a + n], heads[a: a + n]
        a += n
        if not bodies[i] or not any(can_head):
            continue  # (able: nothing to head, or no line that can head it)
        lone = n == 1  # … except a giver's only title line, which may go to a story without one
        for j in columns:
            if j == i or not bodies[j]:
                continue  # (nothing to head)
            bare = leads[j] == 0
            margin = MARGIN if bare else TITLED_MARGIN
            if lone:
                margin = max(margin, LONE_MARGIN)
                if not anywhere[i] and not bare:
                    continue  # (to a bare story only)
            col = [row[j] for row in rows]
            keep = (all(g > 0 or not h for g, h in zip(col, can_head)) and not (lone and bare)
                    and not anywhere[i])
            total = col[0] if col[0] > 0 else 0.0
            for g in col[1:]:
                total += g if g > 0 else 0.0
            if keep:
                total -= min([g if h else math.inf for g, h in zip(col, can_head)])
            if not total > margin:
                continue
            kept = min(range(n), key=lambda k: col[k] if can_head[k] else math.inf) if keep else -1
            moves.append((total, i, j, tuple(k for k in range(n) if col[k] > 0 and k != kept)))
    if not moves:
        return articles
    out = [list(a) for a in articles]
    used: set[int] = set()
    for _, i, j, places in sorted(moves, reverse=True):
        if i in used or j in used:
            continue
        used.update((i, j))
        moved = [articles[i][k] for k in places]
        out[i] = [e for k, e in enumerate(articles[i]) if k not in places]
        if anywhere[i]:  # a kicker leads in: it goes above the story's title lines
            titles = moved + list(articles[j][: leads[j]])
        else:
            titles = sorted(moved + articles[j][: leads[j]], key=lambda e: e[1][0])
        out[j] = titles + list(articles[j][leads[j]:])
    return out


def lift_trailing(articles: list[Elements], gram: np.ndarray) -> list[Elements]:
    """A section heading that ends its article, no text after it, read just before another story's title
    lines, becomes the first of them where that story's text echoes it better than its own article's by
    ``LIFT_MARGIN`` (a section heading heads the text after it; a headline set above its deck is often read
    so, as the last line of the story before)."""
    opens = {a[0][1][0]: j for j, a in enumerate(articles) if a and a[0][0] in TITLE_ROLES}
    out = [list(a) for a in articles]
    for i, a in enumerate(articles):
        if len(a) < 2 or a[-1][0] is not Role.HEADING or len(a[-1][1]) != 1:
            continue
        j = opens.get(a[-1][1][0] + 1)
        if j is None or j == i:
            continue
        b = a[-1][1][0]
        own = [x for _, bs in a[:-1] for x in bs]
        nxt = [x for _, bs in articles[j][title_lines([r for r, _ in articles[j]]):] for x in bs]
        e = echoes(gram, [b], [own, nxt])[0]
        if e[1] - e[0] <= LIFT_MARGIN:
            continue
        out[j] = [(Role.HEADLINE, a[-1][1])] + out[j]
        out[i] = out[i][:-1]
    return out


def lead_in(articles: list[Elements], texts: Sequence[str]) -> list[Elements]:
    """A kicker leads into its headline: where an article's title lines end in one ending in a dash
    (``cues.DASH_END``, 习近平主席新年贺词引发国际人士热议——), the element after them becomes a title line
    too if it is a section heading (the search often reads the headline under such a kicker so)."""
    out = articles
    for i, a in enumerate(articles):
        n = title_lines([role for role, _ in a])
        if not n or n == len(a) or a[n][0] is not Role.HEADING:
            continue
        if not cues.DASH_END.search(texts[a[n - 1][1][-1]].rstrip()):
            continue
        if out is articles:
            out = list(articles)
        out[i] = a[:n] + [(Role.HEADLINE, a[n][1])] + a[n + 1:]
    return out


def part(articles: list[Elements], gram: np.ndarray, texts: Sequence[str]) -> list[Elements]:
    """The articles, each that holds two stories set side by side parted in two (:func:`parted`); the second
    part follows the first."""
    out: list[Elements] = []
    for a in articles:
        out.extend(parted(a, gram, texts))
    return out


def parted(a: Elements, gram: np.ndarray, texts: Sequence[str]) -> list[Elements]:
    """An article as one or as two: two stories read as one, title lines and text, are cut in two where
    its title lines are two stories' and its text one story's then the other's.  At each place between two
    elements of the text (each part two elements at least), a title line goes with the part that echoes it
    more, or with the line before it where neither does; the place is the one where each part's best line
    that can head it (not a "——" deck) gains most over the other part.  The article is cut there when both
    gain more than ``PART_MARGIN`` and the two parts' texts are about other things (a topical cosine of at
    most ``PART_APART``, or nothing known of one: a long story's sections echo its headline and deck apart
    too).  Only an article of three title lines or more is parted: where pdftotext reads two stories' title
    lines in a row they are mostly more than two, and a story of two lines, a headline and a deck each
    echoed by a section of its own, parts as readily (on the dev split's PyMuPDF dumps, which read story by
    story, every article of two title lines parted so was one story)."""
    n = title_lines([role for role, _ in a])
    body = a[n:]
    if n < 3 or len(body) < 4:
        return [a]
    lines = [a[k][1][0] for k in range(n)]
    heads = np.array([not cues.SUBTITLE.match(texts[b]) for b in lines])
    if heads.sum() < 2:
        return [a]
    per = found_in(gram, lines, [list(bs) for _, bs in body])  # [line, element]
    before = np.cumsum(per, axis=1)[:, :-1]  # [line, place]: what the text before each place holds
    after = per.sum(axis=1)[:, None] - before
    gain = share(gram, lines, before) - share(gram, lines, after)
    gain[:, [0, -1]] = 0.0  # (a part of one element)
    first = np.where(heads[:, None] & (gain > 0), gain, 0.0).max(axis=0)
    second = np.where(heads[:, None] & (gain < 0), -gain, 0.0).max(axis=0)
    both = np.minimum(first, second)
    c = int(np.argmax(both))
    if both[c] <= PART_MARGIN:
        return [a]
    ones = [b for _, bs in body[: c + 1] for b in bs]
    twos = [b for _, bs in body[c + 1:] for b in bs]
    if cosine(gram, ones, twos) > PART_APART:
        return [a]
    second_part = []  # whether each title line goes with the second part
    for k in range(n):
        second_part.append(second_part[-1] if gain[k, c] == 0 and k else bool(gain[k, c] < 0))
    return [[a[k] for k in range(n) if not second_part[k]] + list(body[: c + 1]),
            [a[k] for k in range(n) if second_part[k]] + list(body[c + 1:])]


def under_title(articles: list[Elements], join: np.ndarray, gram: np.ndarray) -> list[Elements]:
    """An article of title lines alone takes the text set right under them: where the block after its last
    title line opens an element of another article, that element and the rest of that article after it
    come to the title lines (the search reads a story's text that goes on about the same thing as the story
    before it — two commentaries on one theme — as that story's, and leaves the headline bare).  Only text
    moves, none from before the title lines; not where the language model reads it as going on from the text
    the article it leaves had before them (``join``: its run-on log-odds; a paragraph cut by a line set across
    it, 负有保守本 | 图片报道 | 单位商业秘密…), nor where it echoes that article's title lines more than the bare
    ones (``gram``; pdftotext reads another story's headline between a story's paragraphs)."""
    # (most pages have none: an article of title lines alone ends in one)
    bare = [i for i, a in enumerate(articles) if a and a[-1][0] in TITLE_ROLES
            and title_lines([role for role, _ in a]) == len(a)]
    if not bare:
        return articles
    out = [list(a) for a in articles]
    starts = {bs[0]: (j, k) for j, a in enumerate(articles) for k, (_, bs) in enumerate(a)}
    for i in bare:
        a = articles[i]
        last = max(b for _, bs in a for b in bs)
        if last + 1 not in starts:
            continue  # (the next block runs on, or is no article's)
        j, k = starts[last + 1]
        rest = out[j][k:]  # (empty where an earlier move took it)
        if k == 0 or not rest or rest[0][0] is not Role.PARAGRAPH:
            continue
        if any(role in TITLE_ROLES or bs[0] < last for role, bs in rest):
            continue
        if join[out[j][k - 1][1][-1], last + 1] > 0:  # it goes on from the text before the title lines
            continue
        own = [bs[0] for _, bs in out[j][:title_lines([role for role, _ in out[j]])]]
        text = [b for _, bs in rest for b in bs]
        if own and echoes(gram, own, [text]).max() > echoes(gram, [bs[0] for _, bs in a], [text]).max():
            continue  # its words are the other story's headline's
        out[i] = out[i] + rest
        out[j] = out[j][:k]
    return out


def late_titles(articles: list[Elements], gram: np.ndarray, texts: Sequence[str]) -> list[Elements]:
    """A story's first title line read after its text goes above the story's title lines.  pdftotext reads a
    kicker or headline set above a story's other title line (民政部印发意见 over 建立全国统一养老机构等级评定体系) only
    after the story's text, often in a run of several stories' such lines; the search heads an article of
    its own with it, with the block read after it, the story's first paragraph or another story's line.
    A late line (an article's only title line, no "——" deck, and at most ``LATE_TEXT`` elements of text)
    may go to a story read before it, bare or of one title line (one with none only, where the line has no
    text), whose first ``LATE_FIRST`` elements of text echo it (:func:`echoes`) more than the line's own text
    does, by ``LATE_MARGIN``.  Its text goes with it, after the title lines, where it is about the story's
    things (a topical cosine with the story's text above ``LATE_ALONG``: the story's first paragraph, set
    under its title lines), and is not weighed against it then; else it stays, an article of its own.  The
    lines are given jointly, each to one story and each story one line, the largest gains in all
    (:func:`matching`: a run of lines read in a row each goes to its own story).  The late line goes above the
    story's line unless that one ends as a kicker (``ends_as_kicker``: 王勇在江苏调研检查安全生产工作强调)
    and the late line does not."""
    leads = [title_lines([role for role, _ in a]) for a in articles]
    lines = [i for i, (a, n) in enumerate(zip(articles, leads))
             if n == 1 and len(a) - n <= LATE_TEXT and not cues.SUBTITLE.match(texts[a[0][1][0]])]
    stories = [j for j, (a, n) in enumerate(zip(articles, leads)) if n <= 1 and len(a) > n]
    if not lines or not stories:
        return articles
    # where each was first read, and its text's blocks (of the lines' and the stories' articles alone)
    starts = {k: min(b for _, bs in articles[k] for b in bs) for k in {*lines, *stories}}
    texts_of = {k: [b for _, bs in articles[k][leads[k]:] for b in bs] for k in starts}
    firsts = [[b for _, bs in articles[j][leads[j]: leads[j] + LATE_FIRST] for b in bs] for j in stories]
    heard = echoes(gram, [articles[i][0][1][0] for i in lines], firsts + [texts_of[i] for i in lines])
    pairs = []  # (gain, the line's article, the story's, whether the line's text goes along)
    for r, i in enumerate(lines):
        own = texts_of[i]
        for c, j in enumerate(stories):
            if heard[r, c] <= LATE_MARGIN or j == i or starts[j] > starts[i] or (not own and leads[j]):
                continue  # (its text, going along, would not be weighed against: the echo must pass alone)
            along = cosine(gram, own, texts_of[j]) > LATE_ALONG
            gain = heard[r, c] - (0.0 if along else heard[r, len(stories) + r])
            if gain > LATE_MARGIN:
                pairs.append((gain, i, j, along))
    if not pairs:
        return articles
    out = [list(a) for a in articles]
    for _, i, j, goes in matching(pairs):
        late, above = articles[i][:1], articles[j][: leads[j]]
        if above and ends_as_kicker(texts[above[0][1][-1]]) and not ends_as_kicker(texts[late[0][1][-1]]):
            late, above = above, late
        out[j] = late + above + (articles[i][1:] if goes else []) + articles[j][leads[j]:]
        out[i] = [] if goes else articles[i][1:]
    return [a for a in out if a]


def matching(pairs: list[tuple[float, int, int, bool]]) -> list[tuple[float, int, int, bool]]:
    """Of the pairs (gain, giver, taker, …), those with the largest sum of gains where no article is in two.
    Pairs that share no article, even through others, are decided apart (``_linked``): each such group by an
    exact search, remembered by how far it went and which articles are used (a page offers a few pairs, a
    group rarely more than one), and a group of more than ``EXACT_PAIRS`` by the largest gains first — so a
    page many times the usual size costs time in proportion to its pairs."""
    chosen = []
    for group in _linked(pairs):
        if len(group) > EXACT_PAIRS:
            used: set[int] = set()
            for pair in sorted(group, key=lambda pair: -pair[0]):
                if pair[1] not in used and pair[2] not in used:
                    chosen.append(pair)
                    used |= {pair[1], pair[2]}
            continue

        @functools.lru_cache(maxsize=None)
        def best(k: int, used: frozenset[int]) -> tuple[float, tuple[int, ...]]:
            if k == len(group):
                return 0.0, ()
            out = best(k + 1, used)
            gain, i, j, _ = group[k]
            if i not in used and j not in used:
                total, taken = best(k + 1, used | {i, j})
                if total + gain > out[0]:
                    out = total + gain, (k, *taken)
            return out

        chosen += [group[k] for k in best(0, frozenset())[1]]
    return chosen


def _linked(pairs: list[tuple[float, int, int, bool]]) -> list[list[tuple[float, int, int, bool]]]:
    """The pairs in groups that share articles (through one another), each group in the pairs' order."""
    root = roots((i, j) for _, i, j, _ in pairs)
    groups: dict[int, list] = {}
    for pair in pairs:
        groups.setdefault(root[pair[1]], []).append(pair)
    return list(groups.values())


def rejoin(articles: list[Elements], join: np.ndarray, widest: np.ndarray, texts: Sequence[str]) -> list[Elements]:
    """A title line set on two lines that the search kept as two (the turnover model, ``stages/turnovers.py``,
    missed it: 雄安新区两个规划 | 获批, 孙春兰率领中央赴 | 湖北指导组): two title lines of an article, one block right
    after the other, become one where the first leaves a bracket or quotation open (英勇战斗 守护平安（为了 |
    民族复兴·英…）), or where the story's text holds words read across their break (:func:`across`: ``ACROSS``
    characters at least, some of each line — 两个规划获批), the second is set no wider than the first (a line
    turned over is at most as wide as the line it turned from; ``widest``: each block's widest line in em)
    and the turnover model's log-odds (``join``) pass ``ACROSS_FLOOR`` (a deck often goes on with its
    headline's sentence, which the text says whole: 委员长会议 | 决定将…).  A "——" deck, and a line after one
    that leads in (``cues.LEADS_IN``), stay apart."""
    out = articles
    for i, a in enumerate(articles):
        if len(a) < 3 or a[1][0] not in TITLE_ROLES or a[0][0] not in TITLE_ROLES:
            continue  # (most articles have one title line)
        n = title_lines([role for role, _ in a])
        if n == len(a):
            continue
        body = None  # (the story's text, spaces out: read only where a pair may join by it)
        titles = [a[0]]
        for role, bs in a[1:n]:
            first, last = titles[-1]
            b = bs[0]
            joins = b == last[-1] + 1 and not cues.SUBTITLE.match("".join(texts[b].split()))
            if joins and not open_quotes("".join(texts[k] for k in last)) > 0:
                joins = (join[b - 1, b] > ACROSS_FLOOR and widest[b] <= widest[b - 1]
                         and not cues.LEADS_IN.search(texts[b - 1].rstrip()))
                if joins:
                    if body is None:
                        body = "".join("".join(texts[k].split()) for _, ks in a[n:] for k in ks)
                    joins = across("".join(texts[b - 1].split()), "".join(texts[b].split()), body) >= ACROSS
            if joins:
                titles[-1] = (first, last + bs)
            else:
                titles.append((role, bs))
        if len(titles) < n:
            if out is articles:
                out = list(articles)
            out[i] = titles + a[n:]
    return out


def across(before: str, after: str, text: str, reach: int = 6) -> int:
    """The most characters, some of each, of ``before``'s end and ``after``'s opening (``reach`` of each at
    most) that ``text`` holds run together."""
    best = 0
    for i in range(1, min(reach, len(before)) + 1):
        if before[-i:] not in text:
            break  # (nor is a longer end)
        for j in range(1, min(reach, len(after)) + 1):
            if before[-i:] + after[:j] not in text:
                break
            best = max(best, i + j)
    return best
