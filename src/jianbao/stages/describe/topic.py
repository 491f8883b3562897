"""Topic: one label from a small taxonomy, by listed keyword weights.

Taxonomy (see docs/format.md): party-government, public-security, courts-law, economy, education,
health, transport, culture, society, international, sports, science.

How it is decided, transparently: each label has listed terms with weights (``TERMS`` below, tuned
by reading train and dev articles).  Each occurrence counts its weight, three times over in a title
line; the body counts up to its first ``BODY_CHARS`` characters (the lead carries the subject, and
counting stops early to stay fast).  Foreign countries named in the text or a title add to
``international``.  The label with the highest score wins; with no evidence at all the
article is ``party-government`` (the paper's default beat).  A story filed from abroad (its dateline
names a foreign country or city) is ``international`` outright.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jianbao.stages.describe.lexicon import Lexicon

BODY_CHARS = 800
TITLE_WEIGHT = 3.0
#: what foreign places add to ``international``: each country named (up to six), and a country in a
#: title line.  A dateline abroad decides outright (on dev, stories filed abroad are the paper's
#: international news whatever their subject: economy, culture, science abroad).
FOREIGN_DATELINE = 8.0
FOREIGN_MENTION = 1.5
FOREIGN_IN_TITLE = 6.0

TERMS: dict[str, dict[str, float]] = {
    "party-government": {
        "习近平": 2, "总书记": 2, "党中央": 2, "中央政治局": 3, "国务院": 2, "常务会议": 2, "党组": 1, "党委": 1,
        "党建": 2, "党员": 1, "干部": 1, "全面从严治党": 3, "纪委": 2, "监委": 2, "巡视": 2, "主题教育": 2,
        "不忘初心": 1, "人大": 1, "政协": 2, "委员": 1, "代表": 0.5, "政府": 1, "部署": 1, "会议": 1,
        "座谈会": 1, "指示": 2, "讲话": 1, "政策": 0.5, "改革": 0.5, "治理": 1, "脱贫攻坚": 0.5, "扶贫": 0.5,
        "中央军委": 2, "部队": 2, "官兵": 2, "军队": 2, "国防": 2, "民族团结": 1, "统一战线": 2, "思想": 0.5,
        "形式主义": 2, "官僚主义": 2, "联防联控": 1, "基层": 0.5, "书记": 1, "党组织": 2, "党群": 2,
        "台湾": 2, "两岸": 3, "国台办": 3, "李克强": 2, "栗战书": 2, "汪洋": 2, "王沪宁": 2, "赵乐际": 2, "韩正": 2,
    },
    "public-security": {
        "公安": 3, "警方": 3, "民警": 3, "派出所": 3, "刑警": 3, "犯罪嫌疑人": 3, "抓获": 3, "破获": 3,
        "打击": 1, "诈骗": 2, "涉黑": 3, "扫黑除恶": 3, "治安": 2, "消防": 2, "救援": 1, "应急管理": 2,
        "安全生产": 2, "事故": 1, "交警": 2, "禁毒": 3, "边防": 2,
    },
    "courts-law": {
        "法院": 3, "检察院": 3, "审判": 3, "判决": 3, "审理": 2, "起诉": 2, "诉讼": 3, "法官": 3, "检察官": 3,
        "司法": 2, "法律": 2, "法治": 2, "立法": 3, "条例": 2, "法规": 2, "依法": 1, "违法": 1, "律师": 2,
        "执法": 1, "案件": 2, "办法": 0.5, "监督": 0.5, "普法": 3, "宪法": 3, "最高人民法院": 3, "最高人民检察院": 3,
    },
    "economy": {
        "经济": 2, "企业": 1.5, "投资": 2, "产业": 1.5, "市场": 1.5, "消费": 1.5, "金融": 2, "银行": 1.5,
        "贸易": 2, "外贸": 2, "进出口": 2, "增长": 1, "GDP": 2, "税": 1, "财政": 2, "制造业": 2, "营商环境": 2,
        "生产": 1, "复工复产": 2, "物价": 2, "价格": 1, "供应": 1, "农业": 1.5, "粮食": 1.5, "能源": 1.5,
        "电商": 2, "物流": 1, "就业": 1, "收入": 1, "产值": 2, "项目": 1, "股": 1, "资本": 1.5, "民营": 2,
        "商务": 1.5, "工业": 1.5, "蔬菜": 1, "农产品": 1.5, "乡村振兴": 1, "房地产": 2, "亿元": 1,
        "脱贫": 1.5, "贫困户": 1.5, "增收": 2, "种植": 1.5, "养殖": 1.5, "合作社": 1.5,
    },
    "education": {
        "教育": 3, "学校": 2, "学生": 2, "教师": 2, "老师": 1, "校园": 2, "高校": 2, "大学": 1, "中小学": 3,
        "课堂": 2, "课程": 2, "开学": 3, "招生": 3, "高考": 3, "学习": 0.5, "教学": 3, "幼儿园": 3, "网课": 3,
        "在线教育": 3, "毕业生": 2,
    },
    "health": {
        "疫情": 1.5, "肺炎": 2, "新冠": 2, "病毒": 2, "医院": 2, "医疗": 2, "医生": 2, "医护": 2.5, "护士": 2.5,
        "患者": 2.5, "病例": 2.5, "确诊": 2.5, "治愈": 2.5, "救治": 2.5, "卫生": 1.5, "健康": 1.5, "疾病": 2,
        "疾控": 2.5, "口罩": 1.5, "防护": 1, "药": 1.5, "疫苗": 2, "诊疗": 2.5, "重症": 2.5, "医": 0.5,
        "隔离": 1, "发热": 1.5, "检测": 1, "中医": 2, "医保": 2,
    },
    "transport": {
        "交通": 2, "铁路": 3, "高铁": 3, "列车": 3, "公路": 2.5, "航班": 3, "机场": 2.5, "民航": 3, "春运": 3,
        "旅客": 2, "港口": 2, "航运": 2.5, "地铁": 3, "公交": 2.5, "车站": 2, "货车": 1.5, "运输": 2,
        "通车": 3, "道路": 1.5, "大桥": 2,
    },
    "culture": {
        "文化": 2, "文艺": 2.5, "艺术": 2.5, "电影": 3, "戏曲": 3, "京剧": 3, "演出": 2.5, "舞台": 2,
        "文学": 2.5, "诗": 1.5, "书法": 3, "博物馆": 2.5, "文物": 3, "非遗": 3, "传统": 1, "作品": 2, "创作": 2,
        "读书": 2, "图书": 2, "阅读": 2, "音乐": 2.5, "春晚": 3, "旅游": 2, "景区": 2, "年味": 2, "民俗": 2.5,
        "纪录片": 3, "电视剧": 3, "剧": 1, "作家": 2, "散文": 3,
    },
    "society": {
        "社区": 2, "居民": 2, "村民": 1.5, "志愿者": 2, "群众": 1, "家庭": 1, "老人": 2, "养老": 2.5, "儿童": 1.5,
        "民生": 2, "社会": 0.5, "慈善": 3, "捐赠": 2, "公益": 2.5, "环境": 1, "生态": 1.5, "垃圾": 2, "环保": 2,
        "住房": 1.5, "物业": 2, "小区": 2, "返乡": 1.5, "团圆": 1.5, "春节": 1, "爱心": 2, "困难群众": 2,
        "保供": 1, "生活": 0.5, "网格员": 2.5, "气象": 2, "降雪": 2, "天气": 2, "生态环境": 2, "污染": 2,
        "河长": 3, "治污": 3, "湿地": 2, "植被": 2, "沙漠": 1.5, "蓝天": 1.5,
    },
    "international": {
        "国际": 1, "外交": 2, "外交部": 2, "大使": 2, "联合国": 3, "总统": 2.5, "首相": 3, "总理": 1, "外长": 3,
        "双边": 2, "多边": 2, "一带一路": 1.5, "世卫组织": 2, "世界卫生组织": 2, "欧盟": 3, "北约": 3,
        "美方": 3, "中方": 1, "两国": 2, "各国": 1, "全球": 1, "海外": 1.5, "国际社会": 2, "访问": 1,
    },
    "sports": {
        "体育": 3, "比赛": 2.5, "冠军": 3, "奥运": 3, "冬奥": 3, "运动员": 3, "球队": 3, "足球": 3, "篮球": 3,
        "排球": 3, "乒乓": 3, "健身": 2, "赛事": 3, "联赛": 3, "教练": 2, "滑雪": 2, "马拉松": 3, "金牌": 3,
    },
    "science": {
        "科技": 2, "科学": 2, "科研": 3, "研究": 1, "技术": 1.5, "创新": 1, "卫星": 3, "航天": 3, "火箭": 3,
        "探测": 3, "实验": 2, "科学家": 3, "院士": 2, "人工智能": 3, "5G": 2.5, "芯片": 3, "数据": 1,
        "研发": 2, "专利": 2, "量子": 3, "基因": 3, "大数据": 2, "互联网": 1.5,
    },
}
TOPICS = tuple(TERMS)
DEFAULT = "party-government"


@lru_cache(maxsize=1)
def _matcher() -> tuple[Lexicon, dict[str, list[tuple[str, float]]]]:
    """Every listed term, and each term's labels and weights."""
    weights: dict[str, list[tuple[str, float]]] = {}
    for label, terms in TERMS.items():
        for term, weight in terms.items():
            weights.setdefault(term, []).append((label, weight))
    return Lexicon(weights), weights  # each term found with its labels


def topic_scores(title: str, body: str, foreign: int = 0, foreign_dateline: bool = False) -> dict[str, float]:
    """Each label's score on the title and the body's first ``BODY_CHARS`` characters
    (terms counted left to right, longest first, without overlaps)."""
    terms, weights = _matcher()
    scores = dict.fromkeys(TOPICS, 0.0)
    for text, factor in ((title, TITLE_WEIGHT), (body[:BODY_CHARS], 1.0)):
        for _, _, labels in terms.find(text):
            for label, weight in labels:
                scores[label] += factor * weight
    scores["international"] += FOREIGN_DATELINE * foreign_dateline + FOREIGN_MENTION * min(foreign, 6)
    return scores


def choose_topic(title: str, body: str, places: list[dict[str, Any]], foreign_dateline: bool) -> str:
    countries = [p for p in places if p.get("level") == "country"]
    foreign = sum(p.get("count", 1) for p in countries)
    scores = topic_scores(title, body, foreign, foreign_dateline)
    if foreign_dateline:
        return "international"  # filed from abroad: the paper's international news, whatever its subject
    if any(p["text"] in title or p["name"] in title for p in countries):
        scores["international"] += FOREIGN_IN_TITLE
    best = max(TOPICS, key=lambda t: scores[t])
    return best if scores[best] > 0 else DEFAULT
