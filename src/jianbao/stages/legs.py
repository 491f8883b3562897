"""Put a story's paragraphs back in reading order where the dump read its legs side by side.

A story set in two legs (columns of type side by side) reads down the first leg, then down the second.  A text
dump made without the page's geometry (pdftotext) may instead read the two legs together, block by block in the
order their tops stand on the page: a block of the first leg, one of the second, two of the first …  The
threader joins the paragraph broken at the foot of the first leg to its end at the top of the second, and the
join runs *backwards*: the paragraph's start ``foot`` was read after its end ``top``.  That join says where the
second leg begins (``top``) and where the first ends (``foot``); every block read between the two stands in one
of the legs, and the order the dump read them in says which — the reader takes the block whose top stands
higher, and a block's height is its length.  The blocks of the second leg are moved after the broken paragraph,
the rest keep their places; the paragraph itself moves to where its start was read.  A join reaching back
further than ``SPAN`` blocks is left alone.

The legs are laid out again for a few guesses of how far the first leg's last block before ``top`` reached
below it (a share of that block's height), and the layout most of the guesses agree on is taken, preferring
those where the foot, read last, stands no lower than the second leg's next block.  Only the order of an
article's elements changes, never which blocks they hold.  Title lines are left where they are (the threader
puts them first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from jianbao.model import TITLE_ROLES, Element

REACH = tuple(i / 10 for i in range(1, 10))  # how far the first leg's last block before the second leg's top
# reaches below that top, as a share of its height: the guesses the legs are laid out for
SPAN = 8  # the furthest a backward join may reach back, in blocks: further, it is taken for no pair of legs read
# together (chosen on train: no fewer stories come out whole, and fewer paragraphs are moved out of order)


def _second_leg(foot: int, top: int, blocks: Sequence[int], height: Callable[[int], int]) -> set[int]:
    """The blocks read between ``top`` (the second leg's first) and ``foot`` (the first leg's last) that stand
    in the second leg."""
    above = [b for b in blocks if b < top]
    between = [b for b in blocks if top < b < foot]
    if not above or not between:
        return set()
    votes: Counter[tuple[bool, ...]] = Counter()
    for reach in REACH:
        first, second = reach * height(above[-1]), float(height(top))  # where each leg's next block stands
        layout = []
        for b in between:
            in_second = second < first
            layout.append(in_second)
            if in_second:
                second += height(b)
            else:
                first += height(b)
        votes[tuple(layout)] += 1 + 100 * (first <= second)  # the foot, read next, stands in the first leg
    layout = votes.most_common(1)[0][0]
    return {b for b, in_second in zip(between, layout) if in_second}


def in_reading_order(elements: Sequence[Element], height: Callable[[int], int]) -> list[Element]:
    """An article's elements (in the order the threader started them) in reading order: the blocks of a
    second leg read before the first leg's foot follow the paragraph broken across the two.  ``height`` is a
    block's length."""
    broken = [(i, s, c) for i, el in enumerate(elements) if el.role not in TITLE_ROLES
              for s, c in zip(el.blocks, el.blocks[1:]) if c < s and s - c <= SPAN]
    if not broken:
        return list(elements)
    blocks = sorted(b for el in elements for b in el.blocks)
    key = [(-1, i, 0) if el.role in TITLE_ROLES else (el.blocks[0], 0, 0) for i, el in enumerate(elements)]
    done = set()
    for i, foot, top in broken:
        if i in done:  # a paragraph broken twice: its first backward join tells
            continue
        done.add(i)
        own = set(elements[i].blocks)
        second = _second_leg(foot, top, [b for b in blocks if b not in own], height)
        for j, el in enumerate(elements):
            if el.blocks[0] in second and el.role not in TITLE_ROLES:
                key[j] = (elements[i].blocks[0], 1, el.blocks[0])
    return [elements[j] for j in sorted(range(len(elements)), key=key.__getitem__)]
