"""A story's legs read side by side, put back one after the other (``stages/legs``)."""

from jianbao.model import Element, Role
from jianbao.stages.legs import in_reading_order

P, H = Role.PARAGRAPH, Role.HEADLINE


def _order(elements: list[Element], heights: dict[int, int]) -> list[tuple[int, ...]]:
    return [el.blocks for el in in_reading_order(elements, heights.__getitem__)]


def test_two_legs_read_block_by_block_go_back_one_after_the_other():
    # first leg: 1, 3, 5 (its foot, a paragraph broken there); second leg: 2 (the broken paragraph's end), 4, 6;
    # the dump read them by their tops, 1 2 3 4 5 6, and the threader joined 5 to 2 (read before it)
    elements = [Element(H, (0,)), Element(P, (1,)), Element(P, (5, 2)), Element(P, (3,)), Element(P, (4,)),
                Element(P, (6,))]
    heights = {0: 10, 1: 60, 2: 30, 3: 40, 4: 60, 5: 30, 6: 20}
    # 2 (the second leg's top) is read while 1 still runs beside it: 3 stands in the first leg, 4 in the second
    assert _order(elements, heights) == [(0,), (1,), (3,), (5, 2), (4,), (6,)]


def test_an_article_read_in_order_is_left_alone():
    elements = [Element(H, (0,)), Element(P, (1, 2)), Element(P, (3,)), Element(P, (4,))]
    assert in_reading_order(elements, lambda b: 10) == elements


def test_a_join_reaching_far_back_is_left_alone():
    elements = [Element(H, (0,)), Element(P, (1,)), Element(P, (30, 2))] + [Element(P, (b,)) for b in range(3, 30)]
    assert in_reading_order(elements, lambda b: 10) == elements


def test_the_order_changes_and_never_the_blocks():
    elements = [Element(H, (0,)), Element(P, (1,)), Element(P, (6, 2)), Element(P, (3,)), Element(P, (4,)),
                Element(P, (5,))]
    out = in_reading_order(elements, lambda b: 10 + 7 * b)
    assert sorted(out, key=elements.index) == elements
