"""Gold roles of corpus text: the one place where the benchmark decides what a corpus line is.

A corpus article has ``title_lines`` and ``paragraphs``; the typesetter prints each as one
*source element* ``(role, text)`` and the gold keeps these roles.

Title lines (kicker 引题 / headline 主题 / deck 副题):

- 1 line  → headline
- 2 lines → line 2 starts with "——"                  → headline + subheadline
            line 1 ends with "——", "：" or ":"        → kicker + headline
            otherwise                                  → headline + subheadline
- 3 lines → kicker, headline, subheadline (more lines: the rest are subheadlines too)

Paragraphs, first rule that matches wins:

1. ``caption``     a photo credit or caption: ends with 摄 / 供图 (optionally in brackets, or
                   followed by an agency in brackets: "曹正平摄（人民视觉）"), or starts with 图为.
                   The typesetter sets captions under a grey photo box.
2. ``author_note`` starts with （作者系 / （作者为.
3. ``byline``      a short line of names only: "本报记者 X", "本报驻瑞典记者章念生",
                   "（王芳 李强）", "新华社记者 X整理", or a 2–4 character name (starting with a
                   common surname, SURNAMES) alone as the first or last paragraph.
4. ``heading``     in a long article (≥ LONG_ARTICLE body characters): a short line (≤ HEADING_MAX
                   characters) without sentence-final punctuation that is not a bracketed note:
                   "核心阅读", "三、对外开放与国际合作".
5. ``paragraph``   everything else.

An ad slot — an article of no paragraphs titled only 广告, the corpus's placeholder for an advert — is one
``advert`` element: the typesetter prints the label over a grey picture, and the gold keeps it outside
articles, where ``page-format.md`` puts adverts.

Added by the typesetter, not from the corpus: ``continuation`` ("（下转第5版）") and
``furniture`` (page header/footer lines, outside articles).
"""

from __future__ import annotations

import re

from jianbao.cues import AD_LABEL, COMPOUND_SURNAMES, SURNAMES
from jianbao.model import Role

LONG_ARTICLE = 1200
HEADING_MAX = 30
BYLINE_MAX = 32

CAPTION_CREDIT = re.compile(r"(摄|供图)\s*([（(][^（）()]{1,12}[）)])?\s*[）)]?$")
CAPTION_START = re.compile(r"^图为")
AUTHOR_NOTE = re.compile(r"^[（(]作者(系|为)")
REPORTER = re.compile(
    r"^(本报|新华社|人民日报|人民网)?(驻[^\s记者]{1,10})?(特约|实习)?(记者|通讯员)")
NAME_SUFFIX = re.compile(r"(整理|报道|采写|文)$")
NAME_PIECE = re.compile(r"^[\u4e00-\u9fff·]+$")
NAME_SEPARATORS = re.compile(r"[\s\u3000、，,]+")
SENTENCE_END = "。！？!?…；;：:，,、"
CLOSERS = "”’\"'」』）)》"

# A lone 2–4 character line is a name only when it starts with a common surname ("马科" is a byline,
# "核心阅读" is not): the surname lists are facts about Chinese names, kept once in jianbao.cues.

_SPACES = re.compile(r"\s+")


def title_roles(lines: list[str]) -> list[Role]:
    """Roles of an article's title lines, by the rules in the module docstring."""
    n = len(lines)
    if n == 0:
        return []
    if n == 1:
        return [Role.HEADLINE]
    if n == 2:
        first, second = lines[0].strip(), lines[1].strip()
        if second.startswith("——"):
            return [Role.HEADLINE, Role.SUBHEADLINE]
        if first.endswith(("——", "：", ":")):
            return [Role.KICKER, Role.HEADLINE]
        return [Role.HEADLINE, Role.SUBHEADLINE]
    return [Role.KICKER, Role.HEADLINE] + [Role.SUBHEADLINE] * (n - 2)


def is_caption(text: str) -> bool:
    return bool(CAPTION_CREDIT.search(text) or CAPTION_START.match(text))


def is_names(text: str, first_or_last: bool) -> bool:
    """A short line of person names only (see rule 3)."""
    bare = _SPACES.sub("", text)
    if not bare or len(bare) > BYLINE_MAX:
        return False
    inner = text.strip()
    bracketed = inner[:1] in "（(" and inner[-1:] in "）)"
    if bracketed:
        inner = inner[1:-1].strip()
    reporter = REPORTER.match(inner)
    if reporter:
        inner = inner[reporter.end():]
    inner = NAME_SUFFIX.sub("", inner.strip())
    # later names may carry their own title: "本报记者王明峰、通讯员王旭阳"
    pieces = [REPORTER.sub("", p) for p in NAME_SEPARATORS.split(inner.strip()) if p]
    if not pieces or not all(NAME_PIECE.match(p) for p in pieces):
        return False
    if reporter:
        return all(len(p) <= 8 for p in pieces)
    if bracketed:
        return all(len(p) <= 4 for p in pieces) and len("".join(pieces)) <= 12
    name = "".join(pieces)
    return first_or_last and 2 <= len(name) <= 4 and (
        name[0] in SURNAMES or name.startswith(COMPOUND_SURNAMES))


def is_heading(text: str) -> bool:
    bare = _SPACES.sub("", text)
    if not bare or len(bare) > HEADING_MAX:
        return False
    if bare[0] in "（(" and bare[-1] in "）)":
        return False
    tail = bare.rstrip(CLOSERS)
    return bool(tail) and tail[-1] not in SENTENCE_END


def paragraph_roles(paragraphs: list[str]) -> list[Role]:
    """Roles of an article's body paragraphs, by the rules in the module docstring."""
    long_article = sum(len(p) for p in paragraphs) >= LONG_ARTICLE
    roles = []
    last = len(paragraphs) - 1
    for i, text in enumerate(paragraphs):
        if is_caption(text):
            roles.append(Role.CAPTION)
        elif AUTHOR_NOTE.match(text.strip()):
            roles.append(Role.AUTHOR_NOTE)
        elif is_names(text, first_or_last=i in (0, last)):
            roles.append(Role.BYLINE)
        elif long_article and is_heading(text):
            roles.append(Role.HEADING)
        else:
            roles.append(Role.PARAGRAPH)
    return roles


def article_elements(title_lines: list[str], paragraphs: list[str]) -> list[tuple[Role, str]]:
    """A corpus article as source elements ``(role, text)`` in print order (empty lines dropped)."""
    titles = [t.strip() for t in title_lines if t.strip()]
    body = [p.strip() for p in paragraphs if p.strip()]
    if not body and titles and all(AD_LABEL.match(t) for t in titles):
        return [(Role.ADVERT, t) for t in titles]
    return list(zip(title_roles(titles), titles)) + list(zip(paragraph_roles(body), body))
