"""The shipped language model and classifiers: loaded from the package, and they say what they should."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianbao.lm.counts import CountTable
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


def _reference_logprob(lm, hist, nexts):
    """Stupid back-off written out with numpy, order by order (what the compiled walk must give)."""
    from jianbao.lm.model import BACKOFF, BITS, FLOOR, ORDER

    n, width = len(nexts), hist.shape[1]
    best, penalty = np.full(n, np.nan), np.zeros(n)
    for order in range(ORDER, 0, -1):
        ctx_len = order - 1
        ctx = hist[:, width - ctx_len:] if ctx_len else hist[:, :0]
        usable = (ctx >= 0).all(axis=1)
        den = np.zeros(n, dtype=np.uint64)
        for k in range(ctx_len):
            den |= np.where(ctx[:, k] >= 0, ctx[:, k], 0).astype(np.uint64) << np.uint64(BITS * (ctx_len - 1 - k))
        num_key = (den << np.uint64(BITS)) | nexts.astype(np.uint64) | (np.uint64(order) << np.uint64(56))
        c_num = lm._count(num_key)
        c_den = lm._count(den | (np.uint64(ctx_len) << np.uint64(56))) if ctx_len else np.full(n, float(lm.total))
        ok = usable & (c_num > 0) & (c_den > 0) & np.isnan(best)
        best[ok] = np.log(c_num[ok] / c_den[ok]) + penalty[ok]
        penalty = penalty + np.where(usable, BACKOFF, 0.0)
    best[np.isnan(best)] = FLOOR
    return best


def test_the_compiled_back_off_walk_gives_what_the_orders_written_out_give():
    lm = default_lm()
    ids = lm.lookup("新华社北京12月31日电 国家主席习近平发表二〇二〇年新年贺词，推动产业转型升级，持续优化营商环境。")
    rng = np.random.default_rng(11)
    real = np.stack([ids[i:i + len(ids) - 4] for i in range(3)], 1), ids[3:len(ids) - 1]
    hist = rng.integers(-1, 4000, size=(3000, 3))
    hist[rng.random(3000) < 0.5, 0] = -1
    for h, nx in (real, (hist, rng.integers(4, 4000, size=3000))):
        assert np.array_equal(lm.logprob_array(h, nx), _reference_logprob(lm, h, nx))


def test_topic_gram_is_the_gram_matrix_of_rarity_weighted_distinct_bigrams():
    from jianbao.stages.evidence import topic_gram

    lm = default_lm()
    texts = ["北京市推动产业转型升级", "转型升级，持续优化营商环境。北京", "ＡＢ12", "", "好"]
    gram = topic_gram(texts, lm)
    idf = {}
    sets = []
    for text in texts:
        ids = lm.lookup(text).tolist()
        pairs = {(a, b) for a, b in zip(ids, ids[1:])}
        sets.append(pairs)
        for a, b in pairs:
            key = np.array([(2 << 56) | (a << 13) | b], dtype=np.uint64)
            idf[(a, b)] = np.log((lm.total + 1.0) / (lm._count(key)[0] + 1.0))
    expected = np.array([[sum(idf[p] ** 2 for p in x & y) for y in sets] for x in sets])  # vectors of idf
    assert np.allclose(gram, expected)
    assert gram[0, 1] > 0 and gram[0, 2] == 0 and gram[3].sum() == 0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=1, max_size=60, unique=True), st.lists(st.integers(0, 60), max_size=80))
def test_a_small_count_table_answers_every_key_and_no_other(keys, asked):
    """Keys beside their counts in the slots (probes that wrap past the table's end, runs of full slots)."""
    keys = np.array(sorted(keys), dtype=np.uint64) | (np.uint64(1) << np.uint64(56))
    counts = np.arange(1, len(keys) + 1, dtype=np.uint32) * 7
    table = CountTable(keys, counts)
    asked = np.array(asked, dtype=np.uint64) | (np.uint64(1) << np.uint64(56))
    expected = [float(counts[list(keys).index(a)]) if a in keys else 0.0 for a in asked]
    assert table.count(asked).tolist() == expected


def numpy_pair_scores(lm, tails, heads):
    """The pairs' scores with the questions built by numpy (how ``pair_scores`` asked them before
    ``CountTable.pair_backoff``): every pair's first head character, then every pair's second, …"""
    width, span = tails.shape[1], heads.shape[1]
    seq = np.concatenate([tails, heads], axis=1)
    rows, hists, nexts = [], [], []
    for t in range(span):
        nxt = seq[:, width + t]
        ok = np.flatnonzero(nxt >= 0)
        rows.append(ok)
        hists.append(seq[ok, t:width + t])
        nexts.append(nxt[ok])
    row = np.concatenate(rows)
    if not len(row):
        return np.zeros(len(seq))
    return np.bincount(row, weights=lm.logprob_array(np.concatenate(hists), np.concatenate(nexts)), minlength=len(seq))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="推动产业转型升级，持续优化营商环境。北京新华社电12ab（）“”…㈠ ", max_size=12), min_size=1,
                max_size=20), st.data())
def test_the_pairs_questions_built_in_c_score_as_numpy_built_them(texts, data):
    lm = default_lm()
    tails, heads = lm.edges(texts)
    fresh = np.full_like(tails, -1)
    fresh[:, -1] = BOS
    pi = np.array(data.draw(st.lists(st.integers(0, len(texts) - 1), max_size=40)), dtype=np.intp)
    pj = np.array(data.draw(st.lists(st.integers(0, len(texts) - 1), min_size=len(pi), max_size=len(pi))), dtype=np.intp)
    t, h = np.concatenate([fresh, tails[pi]]), np.concatenate([heads, heads[pj]])
    assert np.array_equal(lm.pair_scores(t, h), numpy_pair_scores(lm, t, h))
    # the same pairs named by their rows of the blocks' edges (the fresh start's tail after them)
    edges = np.concatenate([tails, fresh[:1]])
    tail_of = np.concatenate([np.full(len(texts), len(texts)), pi]).astype(np.intp)
    head_of = np.concatenate([np.arange(len(texts)), pj]).astype(np.intp)
    assert np.array_equal(lm.pair_scores(edges, heads, tail_of, head_of), lm.pair_scores(t, h))
    assert np.array_equal(lm.pair_scores(t[:0], h[:0]), np.zeros(0))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet="中国人民ab12，。…㈠①½ĳ㎏℡㈀ᄀｶﾞ\u0301\u1161가 \n\u3000\ud800𠀀", max_size=10), max_size=12))
def test_the_texts_made_normal_at_once_are_each_made_normal(texts):
    from jianbao.lm.model import normal, normals

    assert normals(texts) == [normal(t) for t in texts]


def test_the_table_of_what_needs_nfkc_is_the_pattern():
    from jianbao.charset import needs_nfkc, needs_nfkc_table

    table = needs_nfkc_table()
    pattern = needs_nfkc()
    assert [bool(pattern.match(chr(c))) for c in range(0x10000)] == (table[:0x10000] != 0).tolist()
    assert table[0x10000] and all(pattern.match(chr(c)) for c in (0x10000, 0x20000, 0x10FFFF))


def numpy_edges(lm, texts, span=3):
    """Each text's edge ids, the ends made normal a list at a time and placed by numpy (how ``CharLM.edges``
    worked before ``counts.edge_ids``)."""
    from jianbao.lm.model import ORDER, normals

    width = ORDER - 1
    tails = np.full((len(texts), width), -1, dtype=np.int64)
    heads = np.full((len(texts), span), -1, dtype=np.int64)
    ends = [end[-width:] for end in normals([text[-width:] for text in texts])]
    starts = [start[:span] for start in normals([text[:span] for text in texts])]
    ids = lm.lookup("".join(ends + starts))
    n_end = np.array([len(end) for end in ends], dtype=np.intp)
    n_start = np.array([len(start) for start in starts], dtype=np.intp)
    at = len(ids) - int(n_start.sum())
    rows = np.repeat(np.arange(len(texts)), n_end)
    tails[rows, np.arange(len(rows)) - np.repeat(np.cumsum(n_end) - width, n_end)] = ids[:at]
    rows = np.repeat(np.arange(len(texts)), n_start)
    heads[rows, np.arange(len(rows)) - np.repeat(np.cumsum(n_start) - n_start, n_start)] = ids[at:]
    return tails, heads


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.text(alphabet="中国人民ab12，。…㈠①½ĳ㎏℡㈀ᄀｶﾞ\u0301\u1161가 \n\u3000𠀀", max_size=8), max_size=12))
def test_the_compiled_edges_are_the_edges_made_normal_and_placed_by_numpy(texts):
    lm = default_lm()
    for got, want in zip(lm.edges(texts), numpy_edges(lm, texts)):
        assert got.tolist() == want.tolist()


def test_the_edges_refuse_a_lone_surrogate_where_they_read_one():
    # as CharLM.lookup refuses it (UTF-32 cannot encode it); one inside the text, past the edges, is not read
    lm = default_lm()
    for text in ("中国人\udc80", "\ud800中国人", "中\udc80"):
        with pytest.raises(UnicodeEncodeError):
            lm.edges([text])
    tails, heads = lm.edges(["中国人民日报\udc80社论文章"])
    assert (tails >= 0).all() and (heads >= 0).all()
