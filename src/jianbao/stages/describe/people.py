"""People: who wrote, reported, photographed and edited the article, and who it names, with titles.

Credits follow the paper's conventions (see ``cues``):
- reporters: datelines ``本报北京1月31日电 （记者杜一菲）``, ``本报记者 王芳``, ``（综合本报记者A、B报道）``,
  ``（X采访整理）``; names alone in brackets after a dateline or at the end (``（罗鹏 唐曦）``);
- photographers: ``…摄``, ``（新华社记者兰红光摄）``, ``本版摄影：X``;
- authors: a byline of names alone before the text, and ``（作者系/为…）`` notes, which give their title;
- editors and designers: ``责任编辑：X``, ``版式设计：X``.
People named in the text come with the title the text gives them (``村党支部书记李建国``): a title
from ``cues.TITLES``, then a name that starts with a common surname; jieba's tagger (``nr``) decides
where a name ends when it can, a list of words that follow names otherwise.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

from jianbao.model import Role
from jianbao.stages.describe import cues
from jianbao.stages.describe.datelines import Dateline
from jianbao.stages.describe.lexicon import Lexicon, finditer
from jianbao.stages.describe.reading import ArticleText, squeeze, tag, trim_left

_CJK = "\u4e00-\u9fff"
_NAME_CHARS = rf"[{_CJK}·• ]"
_CUE = re.compile(cues.REPORTER_CUE)
_END = "|".join(sorted(map(re.escape, cues.NAME_LIST_END), key=len, reverse=True))
#: a run of names: CJK, separators, padding spaces
_NAMES = rf"[{_CJK}·][{_CJK}·、，, ]*?"
#: a reporter cue and the names after it, up to the next cue or the end (names are cut from the run)
_CREDIT_TAIL = re.compile(rf"(?:^|[。！？!?\s])(?:(?:{cues.REPORTER_CUE})\s*)?(?P<names>[{_CJK}·][{_CJK}·、 ]{{0,24}}?)\s*/?\s*(?P<end>摄影报道|摄影|摄|供图)\s*(?:\([^()]{{2,10}}\))?$")
_LABELS = "|".join(sorted(map(re.escape, cues.CREDIT_LABELS), key=len, reverse=True))
_REPORTERS = re.compile(
    rf"(?P<cue>{cues.REPORTER_CUE})\s*(?P<names>{_NAMES})\s*(?=$|\)|{cues.REPORTER_CUE}|(?:{_LABELS})\s*[:：])"
)
_LABELLED = re.compile(rf"(?:本版)?(?P<label>{_LABELS})\s*[:：/]\s*(?P<names>[{_CJK}·][{_CJK}·、， ]*?)\s*(?=$|\)|(?:{_LABELS})\s*[:：])")
_AUTHOR_NOTE = re.compile(r"\(\s*(?:作者|笔者)(?:分别)?(?:系|为|是|单位\s*[:：]|单位为)\s*(?P<title>[^()]+?)\s*(?:[,，;；]\s*(?P<rest>[^()]*?(?:记者|整理)[^()]*))?\)")
#: picture stories: 曹希阳图  于  石文 (drawing by, text by)
_PICTURE_TEXT = re.compile(rf"^(?P<artist>[{_CJK}][{_CJK} ]{{1,8}}?)\s*图\s+(?P<writer>[{_CJK}][{_CJK} ]{{1,8}}?)\s*文$")


def _photo_credit(text: str) -> re.Match[str] | None:
    """``_CREDIT_TAIL.search(text)``, looked for only in a text with its closing word (摄, 供图) in it."""
    return _CREDIT_TAIL.search(text) if "摄" in text or "供图" in text else None


def _reporters(text: str) -> Iterable[re.Match[str]]:
    """``_REPORTERS.finditer(text)``, looked for only in a text with 记者 or 通讯员 (every cue's end) in it."""
    return _REPORTERS.finditer(text) if "记者" in text or "通讯员" in text else ()


def _labelled(text: str) -> Iterable[re.Match[str]]:
    """``_LABELLED.finditer(text)``, looked for only in a text with a label's colon (or slash) in it."""
    return _LABELLED.finditer(text) if ":" in text or "：" in text or "/" in text else ()


_PARENS = re.compile(r"\(([^()]{2,120})\)")
#: the bracket right after a dateline: its reporters
_AFTER_DATELINE = re.compile(r"\s*\(\s*([^()]{2,80})\)")
#: names that close with what the reporters did: 王芳、李强采访整理
_COMPILED_BY = re.compile(rf"\s*(?P<names>[{_CJK}·、，, ]+?)\s*(?:采访整理|整理|报道)\s*")
_NAME_SEPARATORS = re.compile(r"[、，,;；]+")
_ALL_CJK = re.compile(rf"[{_CJK}]+")
_BARE_NAMES = re.compile(rf"^[{_CJK}·]{{1,4}}(?:[、， ]+[{_CJK}·]{{1,4}})+$|^[{_CJK}·]{{2,4}}$")
_TITLE_RX = None


def names_in(run: str, strict: bool = True) -> list[str]:
    """``王芳、李强`` / ``王芳 李强`` / ``乔  栋`` / ``X  X  X  X`` (two padded names) to names."""
    out: list[str] = []
    for piece in _NAME_SEPARATORS.split(run.strip()):
        tokens = piece.split()
        merged: list[str] = []
        i = 0
        while i < len(tokens):
            if len(tokens[i]) == 1 and i + 1 < len(tokens) and len(tokens[i + 1]) <= 2 and (
                len(tokens[i + 1]) == 1 or len(tokens) == 2
            ):
                merged.append(tokens[i] + tokens[i + 1])  # 韩 飞, 乔  栋
                i += 2
            else:
                merged.append(tokens[i])
                i += 1
        for name in merged:
            name = squeeze(name)
            if _plausible_name(name, strict):
                out.append(name)
    return out


def _plausible_name(name: str, strict: bool = True) -> bool:
    """2–4 Chinese characters (or a transliteration with ·); with ``strict`` (names with no cue
    in front of them) it must also start with a common surname."""
    if "·" in name or "•" in name:
        return 3 <= len(name) <= 16
    if not (2 <= len(name) <= 4) or not _ALL_CJK.fullmatch(name):
        return False
    if any(w in name for w in ("记者", "本报", "通讯", "编辑", "人民", "中国", "视觉", "新华", "资料", "图片")):
        return False
    return not strict or name[0] in cues.SURNAMES_1 or name[:2] in cues.SURNAMES_2


def find_people(text: ArticleText, dateline: Dateline | None = None) -> list[dict[str, Any]]:
    people: list[dict[str, Any]] = []
    seen: set[tuple[str | None, str]] = set()

    def add(name: str | None, role: str, title: str | None = None) -> None:
        if (name, role) in seen:
            return
        seen.add((name, role))
        entry: dict[str, Any] = {"name": name, "role": role}
        if title:
            entry["title"] = title
        people.append(entry)

    body_started = False
    for part in text.parts:
        if part.role.is_title:
            continue
        folded = part.folded.strip()
        # at most 50 characters once the padding spaces are gone (counted first: most parts are long)
        short = len(folded) - folded.count(" ") - folded.count("\xa0") <= 50 and len(squeeze(folded)) <= 50
        # the story's dateline, then bracketed reporters right after it
        if dateline and part.start <= dateline.start < part.start + len(part.text) + 1:
            after = part.folded[dateline.end - part.start :]
            m = _AFTER_DATELINE.match(after)
            if m:
                _credit_group(m.group(1), add, bare_role="reporter")
        for m in _PARENS.finditer(folded) if "(" in folded else ():  # most parts have no bracket
            inner = m.group(1)
            note = _AUTHOR_NOTE.fullmatch(m.group(0))
            if note:
                if note.group("rest"):
                    _credit_group(note.group("rest"), add, bare_role=None)
                title = note.group("title").strip()
                names = [p["name"] for p in people if p["role"] == "author" and p["name"]]
                if not names:
                    add(None, "author", title)
                else:
                    for p in people:
                        if p["role"] == "author" and "title" not in p:
                            p["title"] = title
                continue
            whole = m.group(0) == folded
            _credit_group(inner, add, bare_role="reporter" if (whole or part.role is Role.BYLINE) else None)
        if short and not folded.startswith("("):
            _credit_line(folded, part.role, add, before_body=not body_started)
        tail = _photo_credit(folded) if short or part.role is Role.CAPTION else None
        if tail:
            for name in names_in(tail.group("names"), strict=False):
                add(name, "photographer")
        if part.role is Role.PARAGRAPH and not short:
            body_started = True

    credited = {p["name"] for p in people}
    for name, title in find_mentioned(text):
        if name not in credited:
            add(name, "mentioned", title)
    return people


def _credit_group(inner: str, add, bare_role: str | None) -> None:
    """The inside of a bracket: reporters, photographers, compilers, or names alone."""
    found = False
    tail = _photo_credit(inner)
    if tail:
        for name in names_in(tail.group("names"), strict=False):
            add(name, "photographer")
        found = True
        inner = inner[: tail.start("names")]
    for m in _reporters(inner):
        for name in names_in(_strip_end(m.group("names")), strict=False):
            add(name, "reporter")
        found = True
    for m in _labelled(inner):
        for name in names_in(m.group("names"), strict=False):
            add(name, cues.CREDIT_LABELS[m.group("label")])
        found = True
    m = None if found else _COMPILED_BY.fullmatch(inner)
    if m:
        for name in names_in(m.group("names")):
            add(name, "reporter")
        found = True
    if not found and bare_role and _BARE_NAMES.match(inner.strip()):
        for name in names_in(inner):
            add(name, bare_role)


def _strip_end(run: str) -> str:
    """Names without what closes the credit: 彭  波整理 → 彭  波, 郑美辰参与采写 → 郑美辰."""
    run = run.strip()
    changed = True
    while changed:
        changed = False
        for end in sorted(cues.NAME_LIST_END + ("采访", "参与"), key=len, reverse=True):
            if run.endswith(end) and len(run) > len(end):
                run = run[: -len(end)].rstrip()
                changed = True
    return run


def _credit_line(line: str, role: Role, add, before_body: bool) -> None:
    """A short line of its own: ``本报记者 王芳``, ``责任编辑：X``, names alone in a byline."""
    hit = False
    for m in _labelled(line):
        if m.start() == 0 or line[m.start() - 1] in " \u3000":
            for name in names_in(m.group("names"), strict=False):
                add(name, cues.CREDIT_LABELS[m.group("label")])
            hit = True
    if hit:
        return
    m = _PICTURE_TEXT.match(line)
    if m:
        for name in names_in(m.group("artist"), strict=False):
            add(name, "designer")
        for name in names_in(m.group("writer"), strict=False):
            add(name, "author")
        return
    if _CUE.match(line):
        if _photo_credit(line):
            return  # 本报记者 李  舸摄: a photo credit, read as one
        for m in _reporters(line):
            for name in names_in(_strip_end(m.group("names")), strict=False):
                add(name, "reporter")
        return
    if role is Role.BYLINE and _BARE_NAMES.match(line):
        for name in names_in(line):
            add(name, "author" if before_body else "reporter")


# -- people named in the text -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _title_rx() -> re.Pattern[str]:
    titles = "|".join(sorted(set(cues.TITLES), key=len, reverse=True))
    return re.compile(rf"(?:{titles})(?=[{''.join(cues.SURNAMES_1)}])")


@lru_cache(maxsize=1)
def _titles() -> Lexicon:
    """Where a title may start (each has two characters or more)."""
    return Lexicon(cues.TITLES)


def find_mentioned(text: ArticleText) -> list[tuple[str, str]]:
    """(name, title) for people the text introduces with a title."""
    out: list[tuple[str, str]] = []
    rx, titles = _title_rx(), _titles()
    for part in text.body:
        folded = part.folded
        if len(folded) < 12:
            continue
        for m in finditer(rx, folded, titles):
            name = _name_at(folded, m.end())
            if not name:
                continue
            title = trim_left(_title_before(folded, m.start(), m.end()))
            out.append((name, title))
    return out


def _title_before(text: str, start: int, end: int) -> str:
    """The title with what qualifies it on the left: 村党支部书记, 外交部发言人."""
    i = start
    while i > 0 and start - i < 20 and text[i - 1] not in cues.TITLE_LEFT_STOP:
        i -= 1
    return text[i:end]


def _name_at(text: str, i: int) -> str | None:
    """The name starting at ``i``, if one does."""
    window = text[i : i + 8]
    if window[:2] in cues.SURNAMES_2:
        surname = 2
    elif window[:1] in cues.SURNAMES_1:
        surname = 1
    else:
        return None
    words = tag(window)
    if not words:
        return None
    first, flag = words[0]
    if flag.startswith("nr") and 2 <= len(first) <= 4:
        return first  # a name jieba knows
    if len(first) != surname or flag.startswith(("v", "d", "p", "c", "u", "r", "f", "m", "q")):
        return None  # 来我家, 来时: a word, not a surname
    # an unknown name: surname + one or two characters, by what follows
    given = ""
    for w, _ in words[1:3]:
        if not _ALL_CJK.fullmatch(w) or len(given) + len(w) > 2:
            break
        if len(w) == 1 and w in cues.AFTER_NAME and given:
            break
        if len(w) == 2 and given:
            if w[1] in cues.AFTER_NAME:
                given += w[0]  # 李 + 尚 + 文说: 李尚文 说
            break
        given += w
        if len(given) == 2:
            break
    return window[:surname] + given if given else None
