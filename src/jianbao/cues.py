"""Heuristics kept as data: the patterns and character classes the stages read.

Logic lives in the stages; what a byline, a photo credit or a continuation mark looks like lives here,
so a newcomer can read (and extend) the newspaper's conventions in one place.
"""

from __future__ import annotations

import re

# -- punctuation classes (full-width and half-width: extractors leave both) -------------------
SENTENCE_END = "。！？!?…；;"
CLOSERS = "”’」』）)】》〉\"'"
#: a block whose text ends like this has finished its sentence (closers may follow the stop)
ENDS_SENTENCE = re.compile(rf"[{re.escape(SENTENCE_END)}][{re.escape(CLOSERS)}]*$|[）)]$")
#: punctuation that cannot open a line or a paragraph: a block starting so continues something
OPENS_MIDWAY = re.compile(r"^[，,、。．.：:；;！!？?）)”’》〉】」』%％]")

# -- page furniture ---------------------------------------------------------------------------
FURNITURE = [
    re.compile(r"^第?\s*[0-9０-９一二三四五六七八九十]+\s*版"),
    re.compile(r"^[0-9０-９]{1,3}$"),
    re.compile(r"[0-9０-９]{4}\s*年\s*[0-9０-９]{1,2}\s*月\s*[0-9０-９]{1,2}\s*日\s*(星期|周)[一二三四五六日天]"),
    re.compile(r"^(本版)?责任编辑|^责编|^版式设计|^美编|^电子信箱|^E-mail", re.I),
    re.compile(r"(人民日报|日报|晚报|商报|时报)\s*[0-9０-９]{4}\s*年"),
    re.compile(r"^[A-Z]?[0-9０-９]{1,2}\s*(版|要闻|国际|经济|社会|文化|体育|评论|理论|副刊|视点)"),
]
FURNITURE_MAX_CHARS = 60

# -- continuation marks -----------------------------------------------------------------------
CONTINUATION = re.compile(
    r"^[（(]?\s*(下转|上接|转|接)第?\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[)）]?$"
)
CONTINUES_ON = re.compile(r"下转|转第")

# -- photo captions and credits ---------------------------------------------------------------
CREDIT = re.compile(
    r"(摄|供图|供稿图|图片来源[:：].*|制图|绘图|漫画)\s*[)）]?\s*$"
    r"|[（(][^（()）]{0,30}(摄|供图)[^（()）]{0,12}[)）]\s*$"
)
CAPTION_OPENERS = re.compile(r"^(图为|上图|下图|左图|右图|图[一二三四1-9①-⑨]|图片)")

# -- bylines and author notes -----------------------------------------------------------------
AUTHOR_NOTE = re.compile(r"^[（(]\s*(作者|笔者)(系|为|是|单位)")
BYLINE = [
    re.compile(r"^[（(][\u4e00-\u9fff·\s　]{2,24}[)）]$"),  # （王芳 李强） （晓  琪）
    re.compile(r"^(本报|新华社|人民日报|光明日报|经济日报)?(驻[\u4e00-\u9fff]{1,8})?(特约)?(记者|通讯员|评论员)[\s　\u4e00-\u9fff、]{2,30}$"),
    re.compile(r"^[（(]?(据)?(新华社|本报|中新社)[^。]{0,20}电[)）]?$"),
    re.compile(r"^[\u4e00-\u9fff]{2,4}([\s　、]+[\u4e00-\u9fff]{2,4}){0,3}$"),  # 张同吾 / 王芳　李强
]
BYLINE_MAX_CHARS = 30

# -- headings and titles ----------------------------------------------------------------------
SUBTITLE = re.compile(r"^[—－-]{2}")
KICKER_END = re.compile(r"(——|：|:)$")
HEADING_NUMBER = re.compile(r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|[0-9０-９]+[、.．]|第[一二三四五六七八九十]+[部节章])")
TITLE_MAX_CHARS = 40
HEADING_MAX_CHARS = 24
