"""A page's articles as readable Markdown."""

from __future__ import annotations

from jianbao.model import Page, Role

_PREFIX = {
    Role.KICKER: "*{}*",
    Role.SUBHEADLINE: "**{}**",
    Role.HEADING: "### {}",
    Role.CAPTION: "> 图：{}",
    Role.BYLINE: "*{}*",
    Role.AUTHOR_NOTE: "*{}*",
    Role.CONTINUATION: "*{}*",
}


def page_markdown(page: Page) -> str:
    out = [f"<!-- {page.source} -->", ""]
    for art in page.articles or ():
        headline = page.headline(art)
        out.append(f"## {headline}" if headline else "## （无标题）")
        out.append("")
        for el in art.elements:
            if el.role is Role.HEADLINE:
                continue
            out.append(_PREFIX.get(el.role, "{}").format(page.element_text(el)))
            out.append("")
        if art.continues:
            out.append("*（未完）*")
            out.append("")
    if page.unassigned:
        out.append("---")
        out.append("")
        for el in page.unassigned:
            out.append(f"<!-- {el.role.value}: {page.element_text(el)} -->")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
