"""The compiled helpers of the evidence stage give exactly what their plain definitions give."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianbao.lm.model import BITS, default_lm, normal
from jianbao.stages.evidence import topic_gram

#: a few common characters, so that blocks share bigrams, and what normalising does more to
CHARS = "中国人民的发展经济新年北京，。、：０１23ABcd ㈠①\n"


def sparse_gram(texts: list[str]) -> np.ndarray:
    """The topic Gram matrix as the product of a scipy sparse matrix with its transpose (how it was made
    before ``topic.pyx``): each block's distinct bigrams weighed by their rarity."""
    from scipy import sparse

    lm = default_lm()
    n = len(texts)
    normal_texts = [normal("".join(text.split())) for text in texts]
    ids = lm.lookup("".join(normal_texts)).astype(np.uint64)
    row = np.repeat(np.arange(n, dtype=np.int64), [len(t) for t in normal_texts])
    inside = row[:-1] == row[1:]
    keys = (np.uint64(2) << np.uint64(56)) | (ids[:-1][inside] << np.uint64(BITS)) | ids[1:][inside]
    if not len(keys):
        return np.zeros((n, n))
    vocab, col = np.unique(keys, return_inverse=True)
    idf = np.log((lm.total + 1.0) / (lm._count(vocab) + 1.0))
    m = sparse.csr_matrix((np.ones(len(col)), (row[:-1][inside], col)), shape=(n, len(vocab)))
    m.sum_duplicates()
    m.data = idf[m.indices]
    return (m @ m.T).toarray()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet=CHARS, max_size=40), min_size=1, max_size=30))
def test_topic_gram_is_the_sparse_product_to_the_last_bit(texts):
    assert np.array_equal(topic_gram(texts, default_lm()), sparse_gram(texts))


def test_topic_gram_on_a_page():
    texts = ["北京市推动产业转型升级", "转型升级，持续优化营商环境。北京", "ＡＢ12", "", "好"] * 7
    assert np.array_equal(topic_gram(texts, default_lm()), sparse_gram(texts))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=CHARS + "\t\u3000\xa0…‥㎡½ｶﾞ", max_size=30), max_size=12))
def test_the_compiled_character_ids_are_the_texts_made_normal_and_looked_up(texts):
    from jianbao.charset import needs_nfkc_table
    from jianbao.lm.model import normals
    from jianbao.stages.topic import character_ids

    lm = default_lm()
    normal_texts = normals(["".join(text.split()) for text in texts])
    ids, lengths = character_ids(texts, lm._table, needs_nfkc_table(), normals, lm._expanded)
    assert ids.tolist() == lm.lookup("".join(normal_texts)).tolist()
    assert lengths.tolist() == [len(t) for t in normal_texts]


def sorted_bigram_blocks(ids, lengths, bits):
    """Each block's distinct bigrams grouped by bigram, by sorting the packed (bigram, block) pairs and
    keeping the first of each run (how ``topic_gram`` found them before ``topic.bigram_blocks``)."""
    ids = ids.astype(np.uint64)
    row = np.repeat(np.arange(len(lengths), dtype=np.uint64), lengths)
    inside = row[:-1] == row[1:]
    bigrams = (ids[:-1][inside] << np.uint64(bits)) | ids[1:][inside]
    pairs = np.unique((bigrams << np.uint64(32)) | row[:-1][inside])
    vocab = pairs >> np.uint64(32)
    first = np.flatnonzero(np.r_[True, vocab[1:] != vocab[:-1]]) if len(vocab) else np.zeros(0, dtype=np.intp)
    return vocab[first], first, (pairs & np.uint64(0xFFFFFFFF)).astype(np.intp)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 15), max_size=12), max_size=12), st.sampled_from([4, 13]))
def test_the_compiled_bigram_groups_are_the_sorted_pairs_runs(blocks, bits):
    from jianbao.stages.topic import bigram_blocks

    ids = np.array([i for block in blocks for i in block], dtype=np.int64)
    lengths = np.array([len(block) for block in blocks], dtype=np.intp)
    got = bigram_blocks(ids, lengths, bits)
    for a, b in zip(got, sorted_bigram_blocks(ids, lengths, bits)):
        assert a.tolist() == b.tolist()


def prefix_window_sums(gram, body, r0, r1, c0, c1):
    """Window sums as the 2-D prefix sums of the body blocks' Gram give them (how ``continuity`` took them
    before ``topic.window_sums``)."""
    prefix = np.zeros((len(body) + 1, len(body) + 1))
    prefix[1:, 1:] = gram[np.ix_(body, body)].cumsum(0).cumsum(1)
    return prefix[r1, c1] - prefix[r0, c1] - prefix[r1, c0] + prefix[r0, c0]


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 40), st.data())
def test_window_sums_are_the_prefix_sums_differences_to_the_last_bit(n, data):
    from jianbao.stages.topic import window_sums

    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    gram = rng.random((n, n)) * rng.choice([1e-3, 1.0, 1e4], size=(n, n))
    body = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1), min_size=1))), dtype=np.intp)
    m = data.draw(st.integers(0, 30))
    a, b = np.sort(rng.integers(0, len(body) + 1, size=(2, m, 2)), axis=2)
    r0, r1, c0, c1 = (np.ascontiguousarray(x, dtype=np.intp) for x in (a[:, 0], a[:, 1], b[:, 0], b[:, 1]))
    assert np.array_equal(window_sums(gram, body, r0, r1, c0, c1), prefix_window_sums(gram, body, r0, r1, c0, c1))


def numpy_leaves(model, x):
    """The leaves every row reaches, all rows walking all trees together in numpy (how
    ``TreeModel.logits`` walked them before ``trees.pyx``)."""
    width = x.shape[1]
    flat = x.ravel()
    rows = (np.arange(len(x)) * width)[:, None]
    node = np.broadcast_to(model.roots, (len(x), len(model.roots)))
    for _ in range(model.depth):
        v = flat[rows + model.feature[node]]
        right = (v > model.threshold[node]) | (np.isnan(v) & ~model.missing_left[node])
        node = model.left[node] + right
    return node


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 60), st.data())
def test_the_compiled_tree_walk_reaches_the_leaves_numpy_reaches(rows, data):
    from jianbao.stages.starts import FEATURES, start_model
    from jianbao.stages.trees import leaves

    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    x = rng.normal(0, 3, size=(rows, len(FEATURES)))
    x[rng.random(x.shape) < 0.2] = np.nan
    x[rng.random(x.shape) < 0.2] = 0.0
    model = start_model()
    for trees in (model.opens, model.display):
        got = leaves(x, trees.roots, trees.slot, trees.cut, trees.left, trees.depth)
        assert np.array_equal(got, numpy_leaves(trees, x))
        assert np.array_equal(trees.logits(x), trees.base + trees.value[numpy_leaves(trees, x)].sum(axis=1))


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 700), st.data())
def test_the_compiled_sum_adds_as_numpy_adds_to_the_last_bit(n, data):
    from jianbao.stages.lines import numpy_sum

    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    a = rng.normal(size=n) * 10.0 ** rng.integers(-8, 8, size=n)
    assert numpy_sum(a) == a.sum()


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="本报新华社北京电讯记者月日0123abAB，、：；。！？“”《》（）—…·　 \uff11文字经济发展", max_size=60),
                max_size=8))
def test_the_compiled_line_logits_are_the_classifiers_own(texts):
    from jianbao.lm.titles import heading_model, title_model
    from jianbao.stages.starts import line_logits

    for model in (title_model(), heading_model()):
        assert line_logits(model, texts).tolist() == [model.logit(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 40), st.data())
def test_the_compiled_overlaps_are_the_plain_windows_cosines(n, data):
    from jianbao.stages.lines import overlaps
    from jianbao.stages.starts import AFTER, BEFORE, _overlap

    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    gram = rng.random((n, n)) * rng.choice([0.0, 1e-3, 1.0, 1e4], size=(n, n))
    body = sorted(data.draw(st.sets(st.integers(0, n - 1))))
    lines = sorted(data.draw(st.sets(st.integers(0, n - 1))))
    before, after, first = overlaps(gram, np.array(body, dtype=np.intp), np.array(lines, dtype=np.intp), BEFORE,
                                    AFTER)
    for r, b in enumerate(lines):
        at = int(np.searchsorted(np.array(body, dtype=np.int64), b))
        later = [i for i in body[at:at + AFTER + 1] if i > b][:AFTER]
        assert before[r] == _overlap(gram, b, body[max(0, at - BEFORE):at])
        assert after[r] == _overlap(gram, b, later)
        assert first[r] == (later[0] if later else -1)


def plain_line_widths(page):
    """Each block's line widths, a line at a time (how ``line_widths`` measured them before it looked at the
    page's characters at once)."""
    from jianbao.stages.evidence import _median, _width

    widths = [[_width(ln.strip()) for ln in b.raw.splitlines() if ln.strip()] for b in page.blocks]
    return widths, np.array([_median(ws[1:-1]) if len(ws) >= 3 else np.nan for ws in widths])


#: letters wide and narrow, and every kind of line break and whitespace ``splitlines`` and ``strip`` know
_LINES = "中国人民ab12 ，。\t\n\r\v\f\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000\u1fff\u2010𠀀"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet=_LINES, max_size=60), max_size=12))
def test_the_lines_widths_at_once_are_the_widths_a_line_at_a_time(raws):
    from jianbao.model import Block, Page
    from jianbao.stages.evidence import line_widths

    page = Page(source="x", blocks=tuple(Block(id=i, raw=raw) for i, raw in enumerate(raws)))
    widths, own = line_widths(page)
    plain, plain_own = plain_line_widths(page)
    assert widths == plain
    assert np.array_equal(own, plain_own, equal_nan=True)


def plain_line_shape(page, widths, own):
    """What the lines show, a block at a time (how ``line_shape`` read them before every block's at once)."""
    import math

    from jianbao.model import Role
    from jianbao.cues import HUNG
    from jianbao.stages.evidence import SHAPE_REACH
    from jianbao.stages.roles import ends_sentence

    n = len(page.blocks)
    head, tail = np.zeros(n), np.zeros(n)
    column = [None if math.isnan(c) else float(c) for c in own]
    for i, ws in enumerate(widths):
        col = column[i]
        if col is None and ws:
            near = [column[j] for k in range(1, SHAPE_REACH + 1) for j in (i - k, i + k)
                    if 0 <= j < n and column[j] is not None]
            lines = [line.rstrip() for line in page.blocks[i].raw.splitlines() if line.strip()]
            # a paragraph's line ending in a closing mark may set it past the measure (evidence.fit_widths)
            hung = page.roles[i] is Role.PARAGRAPH
            fit = max(w - (hung and line[-1] in HUNG) for w, line in zip(ws, lines))
            col = next((c for c in near if fit <= c + 0.5), None)
            if col is None:
                continue
            if len(ws) == 1:
                if ws[0] >= col - 0.5:
                    head[i] = tail[i] = 1.0
                elif col - 2.5 <= ws[0] <= col - 1.5 and not ends_sentence(page.blocks[i].text):
                    head[i], tail[i] = -1.0, 1.0
                elif ws[0] < col - 2.5:
                    tail[i] = -1.0
                continue
        if col is None:
            continue
        # a first line short of its column by less than the word or number opening the next (evidence.pushed_widths)
        pushed = 0.0
        lines = [line.strip() for line in page.blocks[i].raw.splitlines() if line.strip()]
        if len(lines) >= 2 and page.roles[i] is Role.PARAGRAPH and not lines[0][-1] < "\u2000":
            run = len(lines[1]) - len(lines[1].lstrip("".join(c for c in lines[1] if c < "\u2000" and not c.isspace())))
            pushed = 0.5 * run
        head[i] = 1.0 if ws[0] >= col - 0.5 else -1.0 if ws[0] <= col - 1.5 and col - ws[0] >= pushed else 0.0
        tail[i] = 1.0 if ws[-1] >= col - 0.5 else -1.0 if ws[-1] <= col - 2.5 else 0.0
    for i, block in enumerate(page.blocks):
        if block.edges is not None:
            head[i] = block.edges[0] or head[i]
            tail[i] = block.edges[1] or tail[i]
    return head, tail


#: a block: its lines (each as wide as it is long, in CJK characters), whether it ends a sentence, its edges,
#: whether it is a paragraph (else a headline)
_SHAPED = st.tuples(st.lists(st.integers(1, 24), max_size=6), st.booleans(),
                    st.sampled_from([None, (1, -1), (0, 1), (-1, 0)]), st.booleans())


@settings(max_examples=500, deadline=None)
@given(st.lists(_SHAPED, max_size=30))
def test_every_block_s_line_shape_at_once_is_its_shape_a_block_at_a_time(blocks):
    from jianbao.model import Block, Page, Role
    from jianbao.stages.evidence import line_shape, line_widths

    page = Page(source="x", blocks=tuple(
        Block(id=i, raw="\n".join(("12" if k % 2 else "") + "字" * w for k, w in enumerate(ws))
              + ("。" if closed and ws else ""), edges=edges)
        for i, (ws, closed, edges, _) in enumerate(blocks)),
        roles=tuple(Role.PARAGRAPH if prose else Role.HEADLINE for *_, prose in blocks))
    widths, own = line_widths(page)
    head, tail = line_shape(page, widths, own)
    plain_head, plain_tail = plain_line_shape(page, widths, own)
    assert np.array_equal(head, plain_head) and np.array_equal(tail, plain_tail)


def numpy_nearest_joins(join, b, reach):
    """The best run-on into and out of each line among its nearest blocks, a distance at a time in numpy (how
    ``start_features`` took them before ``lines.nearest_joins``)."""
    n = len(join)
    runs_into = np.full(len(b), -np.inf)
    runs_on = np.full(len(b), -np.inf)
    for k in range(1, reach + 1):
        runs_into = np.where(b - k >= 0, np.maximum(runs_into, join[np.maximum(b - k, 0), b]), runs_into)
        runs_on = np.where(b + k < n, np.maximum(runs_on, join[b, np.minimum(b + k, n - 1)]), runs_on)
    return runs_into, runs_on


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 30), st.data())
def test_the_compiled_nearest_joins_are_numpy_s(n, data):
    from jianbao.stages.lines import nearest_joins
    from jianbao.stages.starts import JOIN_REACH

    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1)))
    join = rng.normal(0, 5, size=(n, n))
    join[rng.random((n, n)) < 0.4] = -np.inf
    join[rng.random((n, n)) < 0.05] = np.nan
    b = np.array(sorted(data.draw(st.sets(st.integers(0, n - 1)))), dtype=np.intp)
    for got, want in zip(nearest_joins(join, b, JOIN_REACH), numpy_nearest_joins(join, b, JOIN_REACH)):
        assert np.array_equal(got, want, equal_nan=True)
