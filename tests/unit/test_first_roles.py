"""First roles from a block's own text: what is decided before threading."""

import jianbao
from jianbao.model import Block, Role
from jianbao.stages.roles import block_kind


def test_an_advert_label_is_an_advert_and_stays_outside_articles():
    assert block_kind(Block(0, "广告")) is Role.ADVERT
    assert block_kind(Block(0, "（广 告）")) is Role.ADVERT
    assert block_kind(Block(0, "广告业发展迅速")) is not Role.ADVERT
    page = jianbao.clip("中俄两国元首互致新年贺电\n\n新华社北京12月31日电 两国元首互致贺电。\n\n广告\n")
    assert [(el.role, el.blocks) for el in page.unassigned] == [(Role.ADVERT, (2,))]


def test_roundup_column_names():
    from jianbao import cues

    for name in ("资讯", "医学资讯", "新闻速递", "财经短波", "微阅读", "图片新闻", "观点集萃"):
        assert cues.ROUNDUP.match(name), name
    for title in ("奋战在抗疫一线", "中国科技馆发展基金会颁奖", "让资讯服务更便捷的办法", "快递小哥的新年"):
        assert not cues.ROUNDUP.match(title), title


def test_only_a_caption_runs_on_into_a_credit_line():
    import math

    from jianbao.lm.model import default_lm
    from jianbao.pipeline import REGISTRY
    from jianbao.read.text import page_from_text
    from jianbao.stages.evidence import gather
    from jianbao.stages.roles import is_credit_alone

    assert is_credit_alone("杨 军摄（人民视觉）") and is_credit_alone("（新华社记者 李贺摄）")
    assert not is_credit_alone("图为工人施工。杨军摄")
    page = REGISTRY["roles/1"](page_from_text("九曲黄河灯阵起源于黄河沿岸，因灯阵曲折绵延如\n\n马希平摄（新华社发）\n\n"
                                              "黄河九曲，故名九曲黄河灯阵。"))
    ev = gather(page, default_lm())
    assert page.roles[1] is Role.CAPTION
    assert ev.join[0, 1] == -math.inf and ev.join[0, 2] > -math.inf


def test_in_body_type_a_section_number_alone_heads_what_follows():
    body = 8.0
    assert block_kind(Block(0, "（六）", size=body, edges=(1, -1)), body) is Role.HEADING
    assert block_kind(Block(0, "三、", size=body, edges=(1, -1)), body) is Role.HEADING
    assert block_kind(Block(0, "（六）要加强组织领导。", size=body, edges=(-1, -1)), body) is Role.PARAGRAPH


def test_a_line_indented_and_out_to_the_column_edge_is_a_paragraph_even_if_it_reads_like_a_byline():
    body = 8.0
    text = "本报记者日前走进乍得"  # the first line of a paragraph, cut by the column's end
    assert block_kind(Block(0, text, size=body, edges=(-1, 1)), body) is Role.PARAGRAPH
    assert block_kind(Block(0, "本报记者 王锦涛", size=body, edges=(0, -1)), body) is Role.BYLINE


def test_a_reporters_byline_names_people_not_a_clause():
    for byline in ("本报记者 王锦涛", "本报记者  乔  栋", "记者 王芳、李强", "本报驻美国记者高石", "特约评论员 李 明"):
        assert block_kind(Block(0, byline)) is Role.BYLINE, byline
    # a kicker that opens with 记者: one run of eleven characters is no name
    assert block_kind(Block(0, "记者深入西藏羌塘无人区腹地")) is not Role.BYLINE


def test_a_photo_reports_credit_is_no_title_line():
    assert block_kind(Block(0, "鲜 敢 严贵旺摄影报道")) is Role.PARAGRAPH
    assert block_kind(Block(0, "刘曙松 蔡钧庭摄影报道（人民视觉）")) is Role.PARAGRAPH
    assert block_kind(Block(0, "摄影报道新闻的人")) is Role.HEADLINE


def test_a_columns_label_at_a_titles_end_does_not_count_to_its_length():
    title = "把“问题清单”变成“满意清单”（守初心 担使命 找差距 抓落实·深入开展“不忘初心、牢记使命”主题教育·整改落实）"
    assert block_kind(Block(0, title)) is Role.HEADLINE
    long = "把“问题清单”变成“满意清单”，把“满意清单”变成群众看得见的变化，让群众的获得感成色更足（本报记者）"
    assert block_kind(Block(0, long)) is Role.PARAGRAPH


def test_a_closing_line_naming_the_story_s_source_ends_the_story():
    from jianbao.stages.evidence import names_source

    for line in ("（综合本报记者张枨、方圆、范昊天、吴君、王云娜、罗艾桦、李刚、曹玲娟、刘峰报道）", "（执笔：刘志明）",
                 "（据新华社科威特城电 记者王薇、聂云鹏）", "（摘编自1月13日《学习时报》）", "（辛阳、胡婧怡、杨世龙整理）",
                 "（新华社北京1月3日电 记者董峻、侯雪静、王朋、施钱贵、张玉洁、王菲、何晨阳）"):
        assert names_source(line), line
    for line in ("（一）", "（2019年12月31日）", "中国“朋友圈”越来越大（记者手记）", "（下转第2版）",
                 "（本报记者董洪亮文陶源明摄）", "综合本报记者报道，各地群众以多种方式欢度元旦。"):
        assert not names_source(line), line
