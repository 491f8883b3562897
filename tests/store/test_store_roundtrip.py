"""Page JSON → archive → page JSON is lossless (Hypothesis)."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jianbao
from jianbao.model import Article, Block, Box, Element, Page, Role
from jianbao.store import Archive

TEXT = st.text(alphabet="北京冬奥会长江经济带，。、（）“”abcXYZ 0123456789\n", min_size=1, max_size=40).filter(
    lambda t: t.strip() and "\n\n" not in t)
INSIDE = [r for r in Role if not r.outside]
OUTSIDE = [r for r in Role if r.outside]
JSONVAL = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=8),
                       lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=5), c, max_size=3),
                       max_leaves=8)


@st.composite
def pages(draw):
    n = draw(st.integers(1, 12))
    geometry = draw(st.booleans())
    blocks = []
    for i in range(n):
        box = None
        if geometry:
            x0, y0 = draw(st.floats(0, 500)), draw(st.floats(0, 700))
            box = Box(x0, y0, x0 + draw(st.floats(1, 100)), y0 + draw(st.floats(1, 60)))
        blocks.append(Block(id=i, raw=draw(TEXT).strip("\n") or "字", page=1 if geometry else None, box=box,
                            size=draw(st.none() | st.floats(5, 40)), bold=draw(st.booleans())))
    order = draw(st.permutations(list(range(n))))
    articles, unassigned, pos, k = [], [], 0, 0
    while pos < n:
        take = draw(st.integers(1, n - pos))
        chunk = order[pos:pos + take]
        pos += take
        if draw(st.integers(0, 4)) == 0:
            unassigned.append(Element(draw(st.sampled_from(OUTSIDE)), tuple(chunk)))
            continue
        elements, i = [], 0
        while i < len(chunk):
            size = draw(st.integers(1, len(chunk) - i))
            elements.append(Element(draw(st.sampled_from(INSIDE)), tuple(chunk[i:i + size])))
            i += size
        k += 1
        about = draw(st.none() | st.dictionaries(st.sampled_from(["topic", "people", "places", "x"]), JSONVAL,
                                                 max_size=3))
        articles.append(Article(id=f"a{k}", elements=tuple(elements), continues=draw(st.booleans()), about=about,
                                pages=tuple(draw(st.lists(st.integers(1, 9), max_size=2, unique=True)))))
    return Page(source=draw(st.sampled_from(["p.txt", "页面.txt", "<text>"])), blocks=tuple(blocks),
                date=draw(st.none() | st.sampled_from(["2019-02-01", "2020-01-31"])), articles=tuple(articles),
                unassigned=tuple(unassigned), notes=tuple(draw(st.lists(st.text(max_size=10), max_size=2))))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(page=pages())
def test_page_json_survives_the_archive(tmp_path, page):
    with Archive(tmp_path / "rt.db") as archive:
        added = archive.add_page(page)
        if added.duplicate:  # the same page drawn twice: same JSON, same sha256
            return
        got = archive.page_dict(added.page_id)
    assert json.dumps(got, ensure_ascii=False, sort_keys=True) == json.dumps(page.to_dict(), ensure_ascii=False,
                                                                           sort_keys=True)


def test_clipped_page_survives_the_archive(tmp_path):
    from archive_pages import WINTER

    page = jianbao.clip(WINTER, date="2019-02-01", describe=False)
    with Archive(tmp_path / "rt.db") as archive:
        added = archive.add_page(page, data=WINTER.encode())
        assert archive.page_dict(added.page_id) == page.to_dict()
