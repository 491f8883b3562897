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
