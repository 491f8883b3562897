from jianbao.model import Role
from jianbao.stages.thread import title_roles, titles_by_count

K, H, S, P = Role.KICKER, Role.HEADLINE, Role.SUBHEADLINE, Role.PARAGRAPH


def test_one_line_heads_the_story():
    assert titles_by_count(["衡阳公安驻滇打击跨境犯罪"]) == [H]
    assert titles_by_count(["——追记一位院长"]) == [H]


def test_two_lines_kicker_only_where_the_first_leads_in():
    assert titles_by_count(["美疾控中心——", "美国流感已致105名儿童死亡"]) == [K, H]
    assert titles_by_count(["沈铁梅：", "唱出川剧的麻辣味"]) == [K, H]
    assert titles_by_count(["某地——", "——追记一位院长"]) == [H, S]
    # a line ending in a verb heads what was said
    assert titles_by_count(["胡春华强调", "确保剩余贫困人口全部如期脱贫"]) == [H, S]
    assert titles_by_count(["江西开展试点", "按流域设置环境监管机构"]) == [H, S]


def test_three_lines_or_more_by_their_cues():
    assert titles_by_count(["某某强调", "一二三", "某某出席"]) == [K, H, S]
    assert titles_by_count(["甲", "乙", "丙", "丁"]) == [H, S, S, S]
    assert titles_by_count(["甲——", "——乙", "——丙"]) == [H, S, S]


def test_type_size_decides_where_known():
    roles = title_roles([H, H, P], ["甲强调", "乙", "正文"], [20.0, 30.0, 10.0])
    assert roles == [K, H, P]
    roles = title_roles([H, H, P], ["甲强调", "乙", "正文"], [None, None, None])
    assert roles == [H, S, P]
