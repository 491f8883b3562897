"""Every input block lands exactly once; the output text is the input text rearranged."""

from collections import Counter
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import jianbao
from jianbao.errors import JianbaoError
from jianbao.read.text import split_blocks
from jianbao.stages import sheets

CJK = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严，。、：；！？“”（）——《》,:()0123456789ABCabc ㈠½ﬁ①Ⅻ㎡"


def page_texts():
    line = st.text(alphabet=CJK, min_size=1, max_size=60)
    block = st.lists(line, min_size=1, max_size=4).map("\n".join)
    sep = st.sampled_from(["\n\n", "\n \n", "\n\n\n", "\r\n\r\n"])
    return st.lists(st.tuples(block, sep), min_size=1, max_size=40).map(
        lambda parts: "".join(b + s for b, s in parts)
    )


def chars(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts())
def test_every_block_lands_exactly_once(text):
    try:
        page = jianbao.clip(text, describe=False)
    except JianbaoError:
        assert not "".join(split_blocks(text)).strip()
        return
    seen = [b for art in page.articles for el in art.elements for b in el.blocks]
    seen += [b for el in page.unassigned for b in el.blocks]
    assert sorted(seen) == list(range(len(page.blocks)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts())
def test_output_is_input_rearranged(text):
    try:
        page = jianbao.clip(text, describe=False)
    except JianbaoError:
        return
    data = page.to_dict()
    out = "".join(el["text"] for art in data["articles"] for el in art["elements"])
    out += "".join(el["text"] for el in data["unassigned"])
    assert chars(out) == chars(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_jianbao_errors(data):
    try:
        page = jianbao.clip(data, describe=False)
    except JianbaoError:
        return
    assert page.articles is not None


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts())
def test_describing_any_page_raises_nothing_but_jianbao_errors(text):
    try:
        page = jianbao.clip(text, describe=True)
    except JianbaoError:
        return
    assert all(art.about is not None for art in page.articles)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page_texts())
def test_in_takes_every_block_lands_once_and_the_output_is_the_input_rearranged(text):
    """A text too long to work at once (here: over 6 blocks) is worked in takes (``stages/sheets``)."""
    if not "".join(text.split()):
        return
    with mock.patch.object(sheets, "TAKE_BLOCKS", 6):
        page = jianbao.clip(text, describe=False)
    seen = [b for a in page.articles for b in a.block_ids()] + [b for el in page.unassigned for b in el.blocks]
    assert sorted(seen) == list(range(len(page.blocks)))
    data = page.to_dict()
    out = "".join(el["text"] for a in data["articles"] for el in a["elements"])
    out += "".join(el["text"] for el in data["unassigned"])
    assert chars(out) == chars(text)
