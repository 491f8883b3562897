"""A story's body lines labelled on the story as threaded (stages/body.py)."""

from jianbao.model import Role
from jianbao.stages.body import SECTIONED_CHARS, heads_section, deck_under_title, label_body, names_only, section_numbers

H, P, B, T = Role.HEADING, Role.PARAGRAPH, Role.BYLINE, Role.HEADLINE


def test_a_byline_is_names_only():
    assert names_only("本报记者 王明峰、通讯员王旭阳", at_edge=False)
    assert names_only("（罗鹏 唐曦）", at_edge=False)
    assert names_only("（吕 文）", at_edge=False)  # a name, not 吕 who wrote it
    assert names_only("（本报记者 徐锦庚整理）", at_edge=False)
    assert names_only("（本报记者吴月辉、余建斌、冯华、蒋建科、刘诗瑶、谷业凯）", at_edge=False)
    assert names_only("马科", at_edge=True) and not names_only("马科", at_edge=False)
    assert names_only("王芳　李强", at_edge=True)
    # a dateline, a designer's credit, a column's note: no one's name alone
    for text in ("（本报罗马1月1日电）", "（据新华社伦敦电 记者张家伟）", "版式设计：蔡华伟", "（本系列评论到此结束）", "（一）"):
        assert not names_only(text, at_edge=True), text


def test_a_heading_is_short_and_ends_no_sentence():
    assert heads_section("核心阅读") and heads_section("靠的就是这股钻劲（记者手记）")
    assert heads_section("这是让科技创新、制度创新协同发挥作用的大刀阔斧——")
    assert not heads_section("历史必将铭记这一幕幕感人镜头：")
    assert not heads_section("（本报罗马1月1日电）")
    assert not heads_section("这是一句话。")


def test_a_deck_opens_with_a_dash_and_holds_no_sentence():
    texts = ["——回访安徽凤阳县小溪河镇", "小岗村严金昌家", "——高科技，让今年春运更智慧。“上海虹桥站”上线", "本报北京1月1日电"]
    assert deck_under_title(texts, [0, 1])
    assert not deck_under_title(texts, [2])  # a sentence set after a dash: text
    assert not deck_under_title(texts, [3])
    assert not deck_under_title(["——习近平"], [0]) and not deck_under_title(["——编 者"], [0])  # whose words: no deck


def test_labels_follow_the_story_as_threaded():
    texts = {1: "（本报罗马1月1日电）", 3: "施仁术", 5: "版式设计：蔡华伟"}
    roles = [T, B, P, B, P, B]
    assert label_body(roles, texts, lambda: SECTIONED_CHARS) == [T, P, P, H, P, H]
    assert label_body(roles, texts, lambda: SECTIONED_CHARS - 1) == [T, P, P, P, P, P]
    # in a short story the search's heading stays, a short paragraph stays a paragraph
    assert label_body([T, H, P, P], {1: "核心阅读", 3: "放眼长远"}, lambda: 300) == [T, H, P, P]
    assert label_body([T, P, P, P], {1: "核心阅读", 3: "马科"}, lambda: SECTIONED_CHARS) == [T, H, P, B]
    # a heading the search chose that ends a clause, or runs long, is a paragraph in any story
    assert label_body([T, H, P], {1: "历史必将铭记这一幕幕感人镜头："}, lambda: 300) == [T, P, P]


def test_counted_section_numbers_go_back_into_their_story():
    texts = ["2", "标题", "正文一。", "1", "正文二。", "2", "正文三。", "3", "正文四。"]
    found = [[(T, (1,)), (P, (2,)), (P, (4,)), (P, (6,)), (P, (8,))]]
    out, left = section_numbers(found, [0, 3, 5, 7], texts)
    assert left == [0]  # the page number above all the text stays out
    assert [bs for _, bs in out[0]] == [(1,), (2,), (3,), (4,), (5,), (6,), (7,), (8,)]
    assert [r for r, _ in out[0]][2::2] == [H, H, H]
    # two numbers do not count sections
    assert section_numbers(found, [0, 3, 5], texts[:7] + ["x", "y"]) == (found, [0, 3, 5])
