"""Small page text dumps for the archive and web tests (blocks separated by blank lines)."""

from __future__ import annotations

from pathlib import Path

WINTER = """人民日报 2019年2月1日 星期五

北京冬奥会筹备工作进展顺利

本报北京1月31日电 记者从北京冬奥组委获悉，延庆赛区的国家高山滑雪中心

已经完成主体建设，各项测试赛将在年底前陆续举行。

冬奥组委负责人表示，场馆建设将坚持绿色、共享、开放、廉洁的办奥理念。

（本报记者 王明）

长江经济带生态保护取得新进展

新华社武汉1月31日电 湖北、湖南、江西等省份持续推进长江大保护，沿江化工企业关改搬转工作

基本完成。

过去一年，长江干流水质稳中向好，部分江段重现江豚身影。
"""

TRADE = """人民日报 2019年2月2日 星期六

中美经贸高级别磋商结束

美国总统特朗普会见刘鹤

新华社华盛顿1月31日电 当地时间1月31日，美国总统特朗普在白宫椭圆形办公室会见来美进行新一轮中美经贸高级别磋商的国务院副总理刘鹤。

刘鹤表示，双方经贸团队一直在抓紧落实两国元首阿根廷会晤达成的重要共识。

春运首日全国铁路发送旅客一千万人次

本报北京2月1日电 记者从中国国家铁路集团获悉，春运首日全国铁路发送旅客超过一千万人次，广州、上海、成都等地客流集中

各地车站增开临客列车，保障旅客平安有序出行。
"""

FARM = """人民日报 2020年1月5日 星期日

云南咖啡产业加快转型升级

本报昆明1月4日电 记者李刚报道：云南普洱、保山等地咖啡种植面积稳步增长，精品咖啡比例不断提高。

当地企业与高校合作，建立咖啡品质检测中心，帮助农户提高收入。

黑龙江冰雪旅游迎来高峰

本报哈尔滨1月4日电 哈尔滨冰雪大世界开园以来，接待游客数量同比增长两成。
"""

PAGES = {"rmrb-20190201-01.txt": WINTER, "rmrb-20190202-01.txt": TRADE, "rmrb-20200105-04.txt": FARM}


def write_pages(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in PAGES.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        out.append(path)
    return out


def with_geometry(page, width: float = 600.0):
    """The clipped page with made-up block boxes, as a PDF front end would give them: furniture across the
    top, each article in a box of a two-column grid, its blocks stacked inside."""
    from dataclasses import replace

    from jianbao.model import Box

    boxes = {}
    for el in page.unassigned:
        for b in el.blocks:
            boxes[b] = Box(20, 10, width - 20, 30)
    col_w = (width - 60) / 2
    tops = [40.0, 40.0]
    for k, art in enumerate(page.articles):
        col = k % 2
        x0 = 20 + col * (col_w + 20)
        y = tops[col]
        for b in art.block_ids():
            h = 16 + 14 * (len(page.blocks[b].text) // 22)
            boxes[b] = Box(x0, y, x0 + col_w, y + h)
            y += h + 6
        tops[col] = y + 18
    blocks = tuple(replace(b, page=1, box=boxes[b.id]) for b in page.blocks)
    return page.with_(blocks=blocks, source=page.source.replace(".txt", ".pdf"))


ABOUT = {  # the shape of docs/format.md, "about"
    "dates": [{"text": "2月2日", "date": "2019-02-02"}],
    "places": [{"text": "武汉", "name": "湖北省武汉市", "code": "420100", "level": "city"},
               {"text": "长江", "name": "长江", "level": "river"}],
    "primary_place": {"name": "湖北省武汉市", "code": "420100"},
    "people": [{"name": "刘洋", "role": "reporter"}],
    "organizations": [{"name": "长江流域渔政监督管理办公室"}],
    "topic": "society",
    "keywords": ["江豚", "禁捕"],
}


def joined_page():
    """A page as the machine might cut it, built by hand so it never changes: its article's paragraph
    (blocks 2, 3, 4) wrongly runs on into the next paragraph at block 4."""
    from jianbao.model import Article, Block, Element, Page, Role

    texts = ["人民日报 2019年2月3日 星期日", "长江江豚种群数量回升",
             "本报武汉2月2日电 记者从长江流域渔政监督管理办公室获悉，长江干流江豚种群数量",
             "止跌回升，保护成效初步显现。", "专家表示，禁捕退捕为江豚恢复创造了条件。", "（本报记者 刘洋）"]
    return Page(source="rmrb-20190203-02.txt", date="2019-02-03",
                blocks=tuple(Block(i, t) for i, t in enumerate(texts)),
                articles=(Article("a1", (Element(Role.HEADLINE, (1,)), Element(Role.PARAGRAPH, (2, 3, 4)),
                                         Element(Role.BYLINE, (5,))), about=ABOUT),),
                unassigned=(Element(Role.FURNITURE, (0,)),))

