import pytest

from jianbao.errors import StoreError
from jianbao.store import ConflictError
from jianbao.store.search import Query, search


def page_of(archive, name):
    return archive.conn.execute("SELECT id FROM pages WHERE name = ?", (name,)).fetchone()[0]


def labels(archive, page_id):
    return {a.id: [list(e.blocks) for e in a.elements] for a in archive.load(page_id).page.articles}


def joined_block(archive, page_id):
    for art in archive.load(page_id).page.articles:
        for el in art.elements:
            if len(el.blocks) > 1:
                return art.id, el.blocks
    raise AssertionError("the fixture page has no joined paragraph")


def test_unjoin_is_a_new_version_and_machine_output_stays(archive):
    pid = page_of(archive, "rmrb-20190203-02.txt")
    machine = archive.page_dict(pid)
    label, blocks = joined_block(archive, pid)
    archive.edit(pid, "unjoin", author="li", block=blocks[1])
    after = labels(archive, pid)[label]
    assert [blocks[0]] in after and list(blocks[1:]) in after
    versions = archive.history(pid)
    assert [(v["number"], v["action"], v["author"]) for v in versions] == [(1, "clip", "machine"), (2, "unjoin", "li")]
    assert archive.page_dict(pid, versions[0]["id"]) == machine  # version 1 untouched


def test_every_action_and_multi_level_undo(archive):
    pid = page_of(archive, "rmrb-20190201-01.txt")
    start = archive.page_dict(pid)
    arts = list(labels(archive, pid))
    a, b = arts[0], arts[1]
    first_block_b = labels(archive, pid)[b][0][0]
    steps = [
        ("merge", {"into": a, "other": b}),
        ("split", {"article": a, "at": 2}),
        ("move", {"block": first_block_b, "to": "new"}),
        ("role", {"block": first_block_b, "role": "caption"}),
        ("headline", {"article": a, "text": "  冬奥 筹备  "}),
        ("role", {"block": 0, "role": "advert"}),
    ]
    states = [start]
    for action, args in steps:
        archive.edit(pid, action, author="wang", **args)
        states.append(archive.page_dict(pid))
    assert archive.current_article(pid, a)["headline"] == "冬奥 筹备"
    for expected in reversed(states[:-1]):
        archive.undo(pid, author="wang")
        assert archive.page_dict(pid) == expected
    with pytest.raises(StoreError, match="nothing to undo"):
        archive.undo(pid, author="wang")
    assert len(archive.history(pid)) == 1 + 2 * len(steps)


def test_join_and_unjoin_are_inverse(archive):
    pid = page_of(archive, "rmrb-20190203-02.txt")
    label, blocks = joined_block(archive, pid)
    before = archive.page_dict(pid)
    archive.edit(pid, "unjoin", author="li", block=blocks[1])
    archive.edit(pid, "join", author="li", block=blocks[0])
    assert archive.page_dict(pid)["articles"] == before["articles"]


def test_search_sees_corrections_at_once(archive):
    pid = page_of(archive, "rmrb-20190202-01.txt")
    label = next(iter(labels(archive, pid)))
    archive.edit(pid, "headline", author="li", article=label, text="独一无二的新标题")
    assert search(archive.conn, Query(text="独一无二")).total == 1
    archive.undo(pid, author="li")
    assert search(archive.conn, Query(text="独一无二")).total == 0
    # moving a block to another article moves its words in search too
    arts = labels(archive, pid)
    a, b = list(arts)[:2]
    block = arts[b][-1][-1]
    archive.edit(pid, "move", author="li", block=block, to=a)
    text = archive.load(pid).page.blocks[block].text[:6]
    hits = search(archive.conn, Query(text=text)).hits
    assert [h["label"] for h in hits] == [a]


@pytest.mark.parametrize("action,args,message", [
    ("merge", {"into": "a1", "other": "a1"}, "two different"),
    ("merge", {"into": "a1", "other": "a99"}, "no article"),
    ("split", {"article": "a1", "at": 0}, "split article"),
    ("unjoin", {"block": 0}, "starts its element"),
    ("role", {"block": 1, "role": "poem"}, "unknown role"),
    ("move", {"block": 999, "to": "a1"}, "not on this page"),
    ("headline", {"article": "a1", "text": "长" * 400}, "too long"),
    ("teleport", {}, "unknown review action"),
])
def test_bad_edits_change_nothing(archive, action, args, message):
    pid = page_of(archive, "rmrb-20190201-01.txt")
    with pytest.raises(StoreError, match=message):
        archive.edit(pid, action, author="li", **args)
    assert len(archive.history(pid)) == 1


def test_stale_base_version_is_a_conflict_and_author_is_required(archive):
    pid = page_of(archive, "rmrb-20190201-01.txt")
    base = archive.page_row(pid)["current_version"]
    archive.edit(pid, "checked", author="li", base=base)
    with pytest.raises(ConflictError, match="reload"):
        archive.edit(pid, "checked", author="wang", base=base)
    with pytest.raises(StoreError, match="reviewer name"):
        archive.edit(pid, "checked", author="  ")


def test_a_merged_article_is_described_again(tmp_path):
    describe = pytest.importorskip("jianbao.stages.describe", reason="the describe stage is not installed")
    from archive_pages import FARM

    import jianbao

    page = jianbao.clip(FARM, date="2020-01-05", describe=False)
    page = describe.describe(page)
    arts = [a for a in page.articles if a.about is not None]
    if len(arts) < 2:
        pytest.skip("the clip of the fixture page has fewer than two articles")
    from jianbao.store import Archive

    with Archive(tmp_path / "d.db") as archive:
        pid = archive.add_page(page).page_id
        a, b = arts[0].id, arts[1].id
        places_b = {p.get("code") or p.get("name") for p in arts[1].about.get("places", [])}
        archive.edit(pid, "merge", author="li", into=a, other=b)
        merged = next(x for x in archive.load(pid).page.articles if x.id == a)
        assert places_b <= {p.get("code") or p.get("name") for p in merged.about.get("places", [])}
        archive.undo(pid, author="li")
        assert next(x for x in archive.load(pid).page.articles if x.id == a).about == arts[0].about
