"""Things joined in pairs, in their groups (jianbao/unions.py)."""

from jianbao.unions import roots


def test_things_joined_in_pairs_fall_in_groups_rooted_at_their_least():
    assert roots([(3, 5), (9, 8), (5, 1), (7, 7)]) == {3: 1, 5: 1, 1: 1, 9: 8, 8: 8, 7: 7}
    assert roots([]) == {}
