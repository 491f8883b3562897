"""`jianbao.page/1` JSON, written compactly where people never read (block id lists on one line)."""

from __future__ import annotations

import json
import re
from typing import Any

from jianbao.model import Page

_INT_LIST = re.compile(r"\[\s*(-?\d+(?:\s*,\s*-?\d+)*)\s*\]")
_NUM_LIST = re.compile(r"\[\s*(-?[\d.]+(?:\s*,\s*-?[\d.]+)*)\s*\]")


def dumps(data: dict[str, Any], indent: int | None = 2) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    if indent is None:
        return text
    return _NUM_LIST.sub(lambda m: "[" + ", ".join(x.strip() for x in m.group(1).split(",")) + "]", text)


def page_json(page: Page, indent: int | None = 2) -> str:
    return dumps(page.to_dict(), indent)
