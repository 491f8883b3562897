"""A page as PAGE-XML (PRImA schema 2019-07-15, vendored as data/pagecontent-2019-07-15.xsd).

- every block is a ``TextRegion``; its PAGE ``type`` comes from the block's role (headline → heading,
  byline → credit, furniture → header or footer …) and ``custom="structure {type:ROLE;}"`` keeps jianbao's
  own role;
- every article is an ``OrderedGroupIndexed`` (type ``article``) in the page's ``ReadingOrder``, its
  regions in reading order;
- blocks of one split paragraph are linked by ``Relation type="join"``, in order.

Pages read from a text dump have no geometry: their regions get notional coordinates (one column, one
box per block, in block order) and the ``Metadata/Comments`` say so.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any

from jianbao.model import Box, Page, Role

NS = "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"
XSD = "pagecontent-2019-07-15.xsd"
REGION_TYPE = {
    Role.KICKER: "heading", Role.HEADLINE: "heading", Role.SUBHEADLINE: "heading", Role.HEADING: "heading",
    Role.PARAGRAPH: "paragraph", Role.CAPTION: "caption", Role.BYLINE: "credit", Role.AUTHOR_NOTE: "credit",
    Role.CONTINUATION: "other", Role.ADVERT: "other", Role.NOISE: "other",
}
NOTIONAL_WIDTH = 1000
LINE_HEIGHT = 20


def xsd_path() -> str:
    from importlib.resources import files

    return str(files("jianbao") / "data" / XSD)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, **attrs: Any) -> ET.Element:
    return ET.SubElement(parent, _q(tag), {k: str(v) for k, v in attrs.items() if v is not None})


def _layout(page: Page) -> tuple[dict[int, Box], int, int, bool]:
    """Block boxes in integer page units, and the page size; notional when the page has no geometry."""
    boxes = {b.id: b.box for b in page.blocks if b.box is not None}
    if boxes and len(boxes) == len(page.blocks):
        width = max(1, int(max(b.x1 for b in boxes.values())) + 1)
        height = max(1, int(max(b.y1 for b in boxes.values())) + 1)
        return boxes, width, height, False
    y = 0.0
    notional = {}
    for block in page.blocks:
        lines = max(1, len(block.text) // 40 + 1)
        notional[block.id] = Box(10, y + 5, NOTIONAL_WIDTH - 10, y + 5 + lines * LINE_HEIGHT)
        y += lines * LINE_HEIGHT + 10
    return notional, NOTIONAL_WIDTH, max(1, int(y) + 10), True


def _points(box: Box) -> str:
    x0, y0 = max(0, int(box.x0)), max(0, int(box.y0))
    x1, y1 = max(x0 + 1, int(round(box.x1))), max(y0 + 1, int(round(box.y1)))
    return f"{x0},{y0} {x1},{y0} {x1},{y1} {x0},{y1}"


def page_xml(page: Page, *, headlines: dict[str, str] | None = None, creator: str = "jianbao",
             image: str | None = None) -> str:
    """The page as a PAGE-XML document (a string, UTF-8 declared)."""
    ET.register_namespace("", NS)
    boxes, width, height, notional = _layout(page)
    stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    root = ET.Element(_q("PcGts"), {"pcGtsId": "page"})
    meta = _sub(root, "Metadata")
    _sub(meta, "Creator").text = creator
    _sub(meta, "Created").text = stamp
    _sub(meta, "LastChange").text = stamp
    if notional:
        _sub(meta, "Comments").text = ("Read from a text dump without geometry: region coordinates are notional "
                                       "(one column, blocks in input order).")
    xml_page = _sub(root, "Page", imageFilename=image or page.source, imageWidth=width, imageHeight=height)

    roles: dict[int, Role] = {}
    joins: list[tuple[int, int]] = []
    for art in page.articles or ():
        for el in art.elements:
            joins.extend(zip(el.blocks, el.blocks[1:]))
            for b in el.blocks:
                roles[b] = el.role
    for el in page.unassigned:
        joins.extend(zip(el.blocks, el.blocks[1:]))
        for b in el.blocks:
            roles[b] = el.role

    if page.articles:
        order = _sub(_sub(xml_page, "ReadingOrder"), "OrderedGroup", id="ro", caption="articles")
        for i, art in enumerate(page.articles):
            caption = (headlines or {}).get(art.id) or page.headline(art)
            group = _sub(order, "OrderedGroupIndexed", id=f"ro_{art.id}", index=i, caption=caption,
                         type="article", continuation="true" if art.continues else None)
            for j, b in enumerate(art.block_ids()):
                _sub(group, "RegionRefIndexed", index=j, regionRef=f"r{b}")
    if joins:
        relations = _sub(xml_page, "Relations")
        for k, (a, b) in enumerate(joins):
            rel = _sub(relations, "Relation", id=f"join{k}", type="join")
            _sub(rel, "SourceRegionRef", regionRef=f"r{a}")
            _sub(rel, "TargetRegionRef", regionRef=f"r{b}")

    for block in page.blocks:
        role = roles.get(block.id, Role.NOISE)
        region = _sub(xml_page, "TextRegion", id=f"r{block.id}", type=_region_type(role, boxes[block.id], height),
                      custom=f"structure {{type:{role.value};}}")
        _sub(region, "Coords", points=_points(boxes[block.id]))
        _sub(_sub(region, "TextEquiv"), "Unicode").text = block.text
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _region_type(role: Role, box: Box, height: int) -> str:
    if role is Role.FURNITURE:
        return "header" if box.y0 < height / 2 else "footer"
    return REGION_TYPE.get(role, "other")
