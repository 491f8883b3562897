"""Heuristics kept as data: the patterns and character classes the stages read.

Logic lives in the stages; what a byline, a photo credit or a continuation mark looks like lives here,
so a newcomer can read (and extend) the newspaper's conventions in one place.
"""

from __future__ import annotations

import re

# -- punctuation classes (full-width and half-width: extractors leave both) -------------------
SENTENCE_END = "。！？!?…；;"
CLOSERS = "”’」』）)】》〉\"'"
#: the marks a printed line may end with set past its measure (hung) or in half their width: a full line ending in
#: one measures up to an em more than its column (``evidence.fit_widths``)
HUNG = "，。、；：！？”’）》」』"
#: a block whose text ends like this has finished its sentence (closers may follow the stop)
ENDS_SENTENCE = re.compile(rf"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)}]*$|[）)]$")
#: a paragraph may end here or go on (an introduction before a list or a quotation: "全文如下：", "——")
SOFT_END = re.compile(rf"(：|:|——|……|…)[{re.escape(CLOSERS)}]*$")
#: punctuation that cannot open a line or a paragraph: a block starting so continues something
MIDWAY_OPENERS = "，,、。．.：:；;！!？?）)”’》〉】」』%％"
OPENS_MIDWAY = re.compile(rf"^[{re.escape(MIDWAY_OPENERS)}]")

# -- page furniture ---------------------------------------------------------------------------
#: a number alone on its line: a page number in the margin, a section's number in a story's body
NUMBER_ALONE = re.compile(r"^[0-9０-９]{1,3}$")
FURNITURE = [
    re.compile(r"^第?\s*[0-9０-９一二三四五六七八九十]+\s*版"),
    re.compile(r"^[^（(]{0,24}第\s*[0-9０-９一二三四五六七八九十]+\s*版[^）)]{0,12}$"),  # 人民日报  要闻  第3版
    NUMBER_ALONE,
    re.compile(r"[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日\s*(星期|周)[一二三四五六日天]"),
    re.compile(r"(人民日报|日报|晚报|商报|时报)\s*[0-9０-９]{4}\s*年"),
    re.compile(r"^[A-Z]?[0-9０-９]{1,2}\s*(版|要闻|国际|经济|社会|文化|体育|评论|理论|副刊|视点)"),
    re.compile(r"^[A-Z][A-Z\s]{5,}$"),  # the paper's name in capitals: RENMIN RIBAO
    re.compile(r"(网址|网站)[:：]?\s*(https?://|www\.)|^(https?://|www\.)\S+$"),  # masthead web address
]
FURNITURE_MAX_CHARS = 60
#: a block that is only one of these is a page header/footer: paper name, section name
PAPER_NAME = re.compile(r"^[\u4e00-\u9fff]{2,6}(日报|晚报|时报|商报|早报|周报)$")
SECTION_NAMES = frozenset(
    "要闻 国内 国际 经济 社会 文化 体育 评论 理论 副刊 视点 综合 地方 专版 政治 法治 科技 教育 健康 "
    "生态 民生 读者来信 大地 文艺 观点 新闻 时政 财经 地方新闻 区域经济 党建 人民论坛 网络".split())

#: the name of a roundup column (资讯, 新闻速递, 财经短波, 微阅读, 图片新闻 …): several short items under one
#: headline, each closed by its own byline — one article, so a byline does not end it nor a dateline start
#: another
ROUNDUP = re.compile(r"^[^，。！？、：:；;“”]{0,6}(资讯|速递|速览|短波|简讯|快讯|集萃|集锦|微阅读|图片新闻)$")

#: the label set over an advert (a block of nothing else), in brackets or not
AD_LABEL = re.compile(r"^[（(【\[]?\s*广\s*告\s*[)）】\]]?$")

# -- continuation marks -----------------------------------------------------------------------
CONTINUATION = re.compile(
    r"^[（(]?\s*(下转|上接|转|接)第?\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[)）]?$"
)
CONTINUES_ON = re.compile(r"下转|转第")

# -- photo captions and credits ---------------------------------------------------------------
CREDIT = re.compile(
    r"(摄|供图|供稿图|图片来源[:：].*|制图|绘图|漫画)\s*[)）]?\s*$"
    r"|[（(][^（()）]{0,30}(摄|供图)[^（()）]{0,12}[)）]\s*$"
    r"|(摄|供图)\s*[（(][^（()）]{1,12}[)）]\s*$"  # the agency after the credit: 曹正平摄（人民视觉）
)
#: a photo credit set on its own line (杨军摄（人民视觉）, 本报记者 宋豪新摄, （新华社记者 李贺摄）): a name and
#: the credit, no sentence
CREDIT_LINE = re.compile(r"^[^。！？；，,;：:!?]{1,22}(摄|供图|制图|绘图)\s*([（(][^（()）]{1,12}[)）])?\s*[)）]?$")
#: the credit of a photo report (图片报道), its photographers' names: 鲜 敢 严贵旺摄影报道（人民视觉）, set as the
#: report's last paragraph
PHOTO_REPORT = re.compile(r"摄影报道\s*([（(][^（()）]{1,12}[)）])?\s*[)）]?$")
CAPTION_OPENERS = re.compile(r"^(图为|上图|下图|左图|右图|图[一二三四1-9①-⑨][：:　 ])")

# -- bylines and author notes -----------------------------------------------------------------
AUTHOR_NOTE = re.compile(r"^[（(]\s*(作者|笔者)(系|为|是|单位)")
BYLINE = [
    re.compile(r"^[（(][\u4e00-\u9fff·\s　]{2,24}[)）]$"),  # （王芳 李强） （晓  琪）
    re.compile(r"^(本报|新华社|人民日报|光明日报|经济日报)?(驻[\u4e00-\u9fff]{1,8})?(特约)?(记者|通讯员|评论员)[\s　、]*[\u4e00-\u9fff]{1,8}([\s　、]+[\u4e00-\u9fff]{1,8})*$"),
    re.compile(r"^[（(]?(据)?(新华社|本报|中新社)[^。]{0,20}电[)）]?$"),
    # the editors and designers credited under a story, the column's address for letters: closing lines
    # (the corpus keeps them as the story's last lines)
    re.compile(r"^((本版)?责任编辑|责编|版式设计|美编|制图)[:：\s]"),
    re.compile(r"^(栏目)?(投稿)?(邮箱|电子信箱|E-mail)\s*[:：]", re.I),
]
#: a story's closing line in brackets naming where its text came from — the reporters a report was put together
#: from (（综合本报记者…报道）, （…采访整理）, （参与记者：…）), the agency (（据新华社…电）), the writer (（执笔：…）), the
#: paper it was taken from (（摘编自1月13日《学习时报》））: set after the last paragraph, it ends the story (the corpus
#: keeps it as the story's last paragraph); not a photo's credit (（本报记者…摄）), which may stand above the text
SOURCE_LINE = re.compile(r"^[（(]\s*(综合|据|执笔|摘编?自|参与记者|本报记者)[^（()）]*(?<!摄)[)）]$|^[（(][^（()）]*(整理|报道)[)）]$")
#: a reporter's title before a byline's names (本报记者, 新华社驻东京记者, 特约评论员, 通讯员)
REPORTER = re.compile(r"^(本报|新华社|人民日报|光明日报|经济日报)?(驻[^\s记者]{1,10})?(特约|实习)?(记者|通讯员|评论员)")
#: what a byline's names may be closed by: what they did (（本报记者 徐锦庚整理）)
NAMES_CLOSE = re.compile(r"(整理|报道|采写|文)$")
#: what stands between a byline's names, and what a name is made of
NAME_SEPARATORS = re.compile(r"[\s\u3000、，,]+")
NAME_PIECE = re.compile(r"^[\u4e00-\u9fff·]+$")
#: a name alone on its line: 2–4 characters starting with a common surname (张同吾, 欧阳修)
NAME_ALONE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
NAMES_LIST = re.compile(r"^[\u4e00-\u9fff]{2,4}([\s　、]+[\u4e00-\u9fff]{2,4}){1,3}$")  # 王芳　李强
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃"
    "武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓"
    "古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣"
    "巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "司徒")
BYLINE_MAX_CHARS = 30

# -- how an article's text opens ------------------------------------------------------------
#: a dateline: the first paragraph of a news story ("本报北京1月31日电", "新华社华盛顿2月2日电")
DATELINE = re.compile(r"^[（(]?(本报|新华社|中新社|人民日报|新华网|人民网|央视|光明日报|经济日报)[^，。；]{0,24}(电|讯)")

# -- headings and titles ----------------------------------------------------------------------
DECK_DASHES = "—－-"
SUBTITLE = re.compile(rf"^[{re.escape(DECK_DASHES)}]{{2}}")
#: a kicker (引题) ends in a dash or colon, or in the verb that introduces the headline: 李克强在…时指出
KICKER_END = re.compile(r"(——|：|:|强调|指出|表示|要求|提出)$")
#: … but only a kicker ending in a dash or colon leads into a headline: with a verb it is the headline, its
#: deck what was said
LEADS_IN = re.compile(r"(——|：|:)$")
#: a line ending in a dash leads into the next line (a colon may end a section heading that a list follows)
DASH_END = re.compile(r"——$")
HEADING_NUMBER = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9０-９]+[、.．]|第[一二三四五六七八九十]+[部节章])")
#: the characters cues.HEADING_NUMBER's number opens with (its pattern is asked only of a line opening with one)
NUMBER_OPENERS = "一二三四五六七八九十（(0123456789０１２３４５６７８９第"
TITLE_MAX_CHARS = 40
#: a column's label in brackets at a title's end, which does not count to its length: （守初心 担使命…·整改落实）
TRAILING_LABEL = re.compile(r"[（(][^（()）。，]{2,60}[)）]\s*$")
#: type this much larger than the body's is display type: headlines, and kickers and decks set smaller than
#: the headline (section headings are body-sized, set bold)
DISPLAY_SIZE = 1.1
#: type smaller than this share of the body's, right under a picture: its caption
CAPTION_SIZE = 0.97
