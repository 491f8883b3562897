"""Give every block a first role from its own text (cues.py) — the threader settles the rest.

Roles decided here are the block's *kind*: furniture, continuation mark, caption, author note, byline,
title-like (kicker/headline/deck/heading: which one depends on where it lands), or paragraph.
"""

from __future__ import annotations

from jianbao import cues
from jianbao.model import Block, Page, Role
from jianbao.pipeline import Stage, register


def ends_sentence(text: str) -> bool:
    return bool(cues.ENDS_SENTENCE.search(text))


def opens_midway(text: str) -> bool:
    return bool(cues.OPENS_MIDWAY.match(text))


def is_furniture(text: str) -> bool:
    return len(text) <= cues.FURNITURE_MAX_CHARS and any(p.search(text) for p in cues.FURNITURE)


def is_byline(text: str) -> bool:
    return len(text) <= cues.BYLINE_MAX_CHARS and any(p.match(text) for p in cues.BYLINE)


def is_caption(text: str) -> bool:
    return bool(cues.CREDIT.search(text)) or bool(cues.CAPTION_OPENERS.match(text))


def is_title_like(text: str) -> bool:
    """Short, no sentence end, not a fragment that opens mid-sentence."""
    if len(text) > cues.TITLE_MAX_CHARS or opens_midway(text):
        return False
    if cues.SUBTITLE.match(text):
        return True
    stripped = text.rstrip("”’」』》)）")
    return not ends_sentence(stripped) or stripped.endswith(("！", "!", "？", "?"))


def block_kind(block: Block) -> Role:
    text = block.text
    if cues.CONTINUATION.match(text):
        return Role.CONTINUATION
    if is_furniture(text):
        return Role.FURNITURE
    if cues.AUTHOR_NOTE.match(text):
        return Role.AUTHOR_NOTE
    if is_caption(text) and len(text) < 300:
        return Role.CAPTION
    if is_byline(text):
        return Role.BYLINE
    if is_title_like(text):
        if cues.SUBTITLE.match(text):
            return Role.SUBHEADLINE
        if cues.KICKER_END.search(text):
            return Role.KICKER
        return Role.HEADLINE
    return Role.PARAGRAPH


def assign_roles(page: Page) -> Page:
    return page.with_(roles=tuple(block_kind(b) for b in page.blocks))


register(Stage("roles/1", assign_roles, requires=("blocks",), assigns=("roles",)))
