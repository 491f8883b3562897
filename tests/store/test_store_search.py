import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianbao.errors import ConfigError
from jianbao.model import Article, Block, Element, Page, Role
from jianbao.store import Archive
from jianbao.store.fts import highlight, match_expression
from jianbao.store.search import Query, date_range, matching, search


def headlines(result):
    return [h["headline"] for h in result.hits]


def test_two_character_words_names_and_places_are_found(archive):
    assert "北京冬奥会筹备工作进展顺利" in headlines(search(archive.conn, Query(text="冬奥")))
    assert search(archive.conn, Query(text="刘鹤")).total >= 1
    one = search(archive.conn, Query(text="阿根廷"))
    assert one.total == 1 and "<mark>阿根廷</mark>" in one.hits[0]["snippet_html"]
    assert "云南咖啡产业加快转型升级" in headlines(search(archive.conn, Query(text="普洱")))
    # a word inside a longer word (北京 in 北京冬奥组委) and across the join of two blocks
    assert search(archive.conn, Query(text="北京")).total >= 2
    assert search(archive.conn, Query(text="关改搬转工作基本完成")).total == 1


def test_all_terms_must_occur_and_nothing_false(archive):
    assert search(archive.conn, Query(text="刘鹤 冬奥")).total == 0
    assert search(archive.conn, Query(text="江豚 禁捕")).total == 1
    assert search(archive.conn, Query(text="火星基地")).total == 0


def test_fts_syntax_in_queries_is_just_text(archive):
    for q in ['"', "NEAR(", "a OR b", "*", "刘鹤 AND", "-冬奥", "^北京", "(((", "'; DROP TABLE pages; --"]:
        search(archive.conn, Query(text=q))  # never an SQLite error
    assert archive.conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 4


def test_full_width_digits_and_latin_fold():
    assert match_expression("２０１９年") == match_expression("2019年")
    assert match_expression("ＡＢＣ") == match_expression("abc")
    assert match_expression("，。") is None


def test_highlight_escapes_and_marks():
    assert highlight("<b>北京</b>冬奥", "北京") == "&lt;b&gt;<mark>北京</mark>&lt;/b&gt;冬奥"
    snippet = highlight("前" * 300 + "冬奥" + "后" * 300, "冬奥", limit=40)
    assert "<mark>冬奥</mark>" in snippet and snippet.startswith("…") and snippet.endswith("…")


def test_date_filter_paper_filter_and_facets(archive):
    all_2019 = search(archive.conn, Query(date="2019"))
    assert all_2019.total >= 4 and all(h["date"].startswith("2019") for h in all_2019.hits)
    assert search(archive.conn, Query(date="2020-01..")).total >= 2
    assert search(archive.conn, Query(date="..2019-02-01")).total == search(archive.conn, Query(date="2019-02-01")).total
    everything = search(archive.conn, Query())
    assert {f["value"] for f in everything.facets["date"]} == {"2019-02", "2020-01"}
    assert everything.facets["paper"] == [{"value": "rmrb", "count": everything.total}]
    assert search(archive.conn, Query(paper="other")).total == 0


def test_bad_dates_and_pages_are_config_errors(archive):
    assert date_range("2019-02..2019-03") == ("2019-02-01", "2019-03-31")
    for bad in ["yesterday", "2019/02/01", "2019-02-01..x"]:
        with pytest.raises(ConfigError, match="FROM..TO"):
            search(archive.conn, Query(date=bad))
    with pytest.raises(ConfigError):
        search(archive.conn, Query(page=0))


def test_place_and_topic_facets_from_about(tmp_path):
    page = Page(source="about.txt", date="2020-01-05",
                blocks=(Block(0, "云南咖啡产业"), Block(1, "普洱咖啡种植面积增长。"), Block(2, "哈尔滨冰雪旅游"),
                        Block(3, "冰雪大世界游客增长。")),
                articles=(Article("a1", (Element(Role.HEADLINE, (0,)), Element(Role.PARAGRAPH, (1,))),
                                  about={"topic": "经济", "places": [{"name": "云南省", "code": "530000"},
                                                                    {"name": "普洱市", "code": "530800"}]}),
                          Article("a2", (Element(Role.HEADLINE, (2,)), Element(Role.PARAGRAPH, (3,))),
                                  about={"topic": "旅游", "places": [{"name": "哈尔滨市", "code": "230100"}]})))
    with Archive(tmp_path / "f.db") as archive:
        archive.add_page(page, paper="rmrb")
        result = search(archive.conn, Query(text="增长"))
        assert result.total == 2
        assert {f["value"] for f in result.facets["topic"]} == {"经济", "旅游"}
        assert {(f["value"], f["name"]) for f in result.facets["place"]} >= {("530000", "云南省"), ("230100", "哈尔滨市")}
        assert headlines(search(archive.conn, Query(text="增长", place="530800"))) == ["云南咖啡产业"]
        assert headlines(search(archive.conn, Query(text="增长", place="哈尔滨市"))) == ["哈尔滨冰雪旅游"]
        assert headlines(search(archive.conn, Query(place="哈尔滨"))) == ["哈尔滨冰雪旅游"]  # part of a name
        assert headlines(search(archive.conn, Query(place="530000"))) == ["云南咖啡产业"]  # province covers city
        assert search(archive.conn, Query(place="530100")).total == 0
        assert headlines(search(archive.conn, Query(topic="旅游"))) == ["哈尔滨冰雪旅游"]
        assert len(matching(archive.conn, Query(text="增长"))) == 2


def test_paging(tmp_path):
    blocks, articles = [], []
    for i in range(45):
        blocks += [Block(2 * i, f"标题{i}号"), Block(2 * i + 1, f"第{i}篇报道的正文。")]
        articles.append(Article(f"a{i + 1}", (Element(Role.HEADLINE, (2 * i,)), Element(Role.PARAGRAPH, (2 * i + 1,)))))
    with Archive(tmp_path / "p.db") as archive:
        archive.add_page(Page(source="many.txt", blocks=tuple(blocks), articles=tuple(articles)))
        first = search(archive.conn, Query(text="报道", per_page=20))
        last = search(archive.conn, Query(text="报道", per_page=20, page=3))
        assert (first.total, first.pages, len(first.hits), len(last.hits)) == (45, 3, 20, 5)
        assert not {h["id"] for h in first.hits} & {h["id"] for h in last.hits}


def test_very_broad_queries_list_newest_stored_first(archive, monkeypatch):
    import jianbao.store.search as search_module

    assert search(archive.conn, Query(text="北京")).ranked
    monkeypatch.setattr(search_module, "RANK_LIMIT", 1)
    broad = search(archive.conn, Query(text="北京"))
    assert not broad.ranked and broad.total >= 2
    ids = [h["id"] for h in broad.hits]
    assert ids == sorted(ids, reverse=True)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=150)
       | st.text(alphabet="北京２０１９年ＡＢＣabc，。㈠…\u0301\uf900 _İ", max_size=150))
def test_index_tokens_are_those_of_the_nfkc_text(text):
    import operator
    import unicodedata

    from jianbao.store import fts

    expected = []
    for run in fts._RUN.findall(unicodedata.normalize("NFKC", text).lower()):
        two = len(run) > 1 and fts._IS_CJK.match(run)
        expected.extend(map(operator.add, run, run[1:]) if two else [run])
    assert fts._tokens(text) == expected
    assert fts.index_text(text) == " ".join(expected)  # long texts go through numpy
