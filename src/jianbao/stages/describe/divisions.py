"""The administrative division table (GB/T 2260 codes), read from the one jionlp ships.

jionlp keeps ``dictionary/china_location.zip``: one line per division, indented by level
(province / city / county / town / village), each with its 6-digit code and its short form
(``岳麓区  430104  岳麓``).  We read the first three levels once, lazily, without importing
jionlp itself (its import is slow and loads models we do not need), and never download anything.

The table is the 2020s one: divisions renamed after February 2020 appear under their new names.
NBS statistical areas that are not in GB/T 2260 (development zones, codes ``xxxx7x``) are left out.
"""

from __future__ import annotations

import importlib.util
import os
import zipfile
from dataclasses import dataclass
from functools import lru_cache

LEVELS = ("province", "city", "county")
#: pseudo-cities that group county-level units directly under a province
_PSEUDO_CITY = ("省直辖行政区划", "自治区直辖县级行政区划", "市直辖", "省直辖")
_NOT_GBT2260 = ("开发区", "高新技术", "产业园", "示范区", "管理区", "实验区", "合作区", "保税区", "管委会")


class DivisionTableMissing(RuntimeError):
    """jionlp (which ships the table) is not installed."""


@dataclass(frozen=True, slots=True)
class Division:
    code: str           # 6 digits
    name: str           # its own name: 岳麓区
    short: str          # the short form the table gives: 岳麓
    level: str          # province / city / county
    parent: str | None  # code of the next level up that exists (county → city or province)
    full: str           # 湖南省长沙市岳麓区

    @property
    def province(self) -> str:
        return self.code[:2] + "0000"

    @property
    def city(self) -> str | None:
        return None if self.level == "province" else self.code[:4] + "00"


def _table_path() -> str:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise DivisionTableMissing("the division table comes with jionlp: pip install jionlp")
    root = list(spec.submodule_search_locations)[0]
    return os.path.join(root, "dictionary", "china_location.zip")


def _lines() -> list[str]:
    with zipfile.ZipFile(_table_path()) as archive:
        text = archive.read("china_location.txt").decode("utf-8")
    return [line.rstrip("\r") for line in text.split("\n") if line and not line.startswith("\t\t\t")]


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    """Every province, city and county by code (read once)."""
    out: dict[str, Division] = {}
    province: Division | None = None
    city: Division | None = None
    for line in _lines():
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip("\t").split("\t")
        if len(fields) < 3 or len(fields[1]) != 6 or not fields[1].isdigit():
            continue
        name, code, short = fields[0], fields[1], fields[2]
        if depth == 0:
            province = Division(code, name, short, "province", None, name)
            out[code] = province
            city = None
        elif depth == 1 and province is not None:
            if name.startswith(_PSEUDO_CITY) or code == province.code:
                city = None  # 北京市/北京市, 香港/香港: the province stands for itself
                continue
            city = Division(code, name, short, "city", province.code, province.name + name)
            out[code] = city
        elif depth == 2 and province is not None:
            if code[4] == "7" or any(m in name for m in _NOT_GBT2260) or code in out:
                continue
            parent = city or province
            out[code] = Division(code, name, short, "county", parent.code, parent.full + name)
    return out


@lru_cache(maxsize=1)
def by_name() -> dict[str, tuple[Division, ...]]:
    """Full names (岳麓区, 长沙市, 湖南省) to the divisions that bear them."""
    index: dict[str, list[Division]] = {}
    for div in divisions().values():
        index.setdefault(div.name, []).append(div)
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=1)
def by_short() -> dict[str, tuple[Division, ...]]:
    """Short forms (岳麓, 长沙, 湖南) to the divisions whose table entry gives them."""
    index: dict[str, list[Division]] = {}
    for div in divisions().values():
        if len(div.short) >= 2 and div.short != div.name:
            index.setdefault(div.short, []).append(div)
    return {k: tuple(v) for k, v in index.items()}
