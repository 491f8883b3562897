"""The article as the finders read it: its elements' texts with their roles, folded for matching.

Folding maps full-width ASCII (１２月３１日, ％, ．) to half-width one character for one character,
so every offset into the folded text is an offset into the printed text: finders match on the
folded text and report the printed one.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from jianbao.model import Article, Page, Role
from jianbao.stages.describe.folding import fold

_SPACES = re.compile(r"[ \u3000\xa0]+")


class Part(NamedTuple):
    role: Role
    text: str      # as printed
    folded: str    # same length, full-width ASCII folded
    start: int     # offset in ArticleText.text


class ArticleText:
    """The elements of one article, in reading order, joined by newlines."""

    def __init__(self, parts: list[tuple[Role, str]]):
        self.text = "\n".join(text for _, text in parts)
        self.folded = fold(self.text)  # folding keeps lengths: fold once, cut the parts out of it
        self.parts: list[Part] = []
        offset = 0
        for role, text in parts:
            self.parts.append(Part(role, text, self.folded[offset:offset + len(text)], offset))
            offset += len(text) + 1
        self.headline = "\n".join(p.folded for p in self.parts if p.role.is_title)
        self.body = [p for p in self.parts if not p.role.is_title]

    @classmethod
    def of(cls, page: Page, article: Article) -> "ArticleText":
        return cls([(el.role, page.element_text(el)) for el in article.elements])

    def role_at(self, offset: int) -> Role | None:
        for part in reversed(self.parts):
            if part.start <= offset:
                return part.role
        return None


def squeeze(name: str) -> str:
    """Names typeset with padding spaces (韩 飞, 乔  栋) to their plain form."""
    return _SPACES.sub("", name).strip()


@lru_cache(maxsize=1)
def _segmenter():
    """jieba-rs (``rjieba``): jieba's own dictionary and the same cuts and tags as jieba without the HMM
    pass, about 17 times faster (the describe stage cuts every article's lead and many short windows)."""
    import rjieba

    # jieba-rs loads the tables it tags a word outside its dictionary with (~90 ms) the first time it meets one:
    # load them now, with the rest, not in the middle of a run (a character no dictionary word holds)
    rjieba.tag("\u9fff", False)
    return rjieba


def cut(text: str) -> list[str]:
    """The words of ``text`` as jieba cuts it (dictionary only, no HMM)."""
    return _segmenter().cut(text, False)  # hmm=False, passed by position (cheaper than a keyword)


def tag(text: str) -> list[tuple[str, str]]:
    """(word, part-of-speech tag) as ``jieba.posseg`` gives them (dictionary only, no HMM)."""
    return _segmenter().tag(text, False)  # hmm=False


#: jieba tags that cannot open a name or a title (verbs, adverbs, prepositions, numbers, measure words …)
_NOT_OPENING = frozenset("vdpcurmqftyeox")


def trim_left(phrase: str) -> str:
    """Drop what jieba tags as verbs, adverbs, numbers … from the front: 想起小岗村党委 → 小岗村党委."""
    words = tag(phrase)
    i = 0
    while i < len(words) - 1 and (words[i][1][:1] in _NOT_OPENING or words[i][1] == "z") and words[i][1] != "vn":
        i += 1
    return "".join(w for w, _ in words[i:])
