"""The shipped language model and classifiers: loaded from the package, and they say what they should."""

import numpy as np

from jianbao.lm.model import BOS, default_lm
from jianbao.lm.titles import heading_model, title_model


def test_a_word_cut_at_a_column_break_runs_on():
    lm = default_lm()
    tails, heads = lm.edges(["推动产业转型升", "级，持续优化营商环境。"])
    fresh = np.full_like(tails, -1)
    fresh[:, -1] = BOS
    # "…转型升" followed by "级，" is far likelier than "级，" opening a paragraph
    cont = lm.pair_scores(tails[[0]], heads[[1]])[0]
    start = lm.pair_scores(fresh[[0]], heads[[1]])[0]
    assert cont > start + 5


def test_title_lines_and_prose_pieces_are_told_apart():
    titles = title_model()
    assert titles.logit("中俄两国元首互致新年贺电") > 0
    assert titles.logit("新华社北京12月31日电新年前夕，国家主席习近平通") < 0
    headings = heading_model()
    assert headings.logit("核心阅读") > headings.logit("中俄两国元首互致新年贺电")


def test_the_count_table_answers_as_the_sorted_keys_do():
    lm = default_lm()
    rng = np.random.default_rng(7)
    asked = np.concatenate([lm.keys[rng.integers(0, len(lm.keys), 5000)],  # seen
                            rng.integers(0, np.iinfo(np.int64).max, 5000).astype(np.uint64)])  # mostly not
    pos = np.minimum(np.searchsorted(lm.keys, asked), len(lm.keys) - 1)
    expected = np.where(lm.keys[pos] == asked, lm.counts[pos], 0)
    assert np.array_equal(lm._count(asked), expected)


def test_text_is_normalised_only_where_it_must_be():
    import unicodedata

    from jianbao.charset import needs_nfkc, swaps
    from jianbao.lm.model import normal

    plain = "２０２０年，ＡＢＣ公司在北京"
    assert normal(plain) is plain  # one-for-one swaps are the lookup table's business
    assert default_lm().lookup(normal(plain)).tolist() == default_lm().lookup(unicodedata.normalize("NFKC", plain)).tolist()
    for text in ("㈠总则", "十年……", "e\u0301", "\U00020000字"):  # expands, composes, beyond the BMP
        assert needs_nfkc().search(text)
    assert swaps()[ord("，")] == ","
