import re

import pytest
from fastapi.testclient import TestClient

from jianbao.store import Archive
from jianbao.web.app import create_app
from jianbao.web.security import MAX_BODY, is_loopback, token_required


def client(db, **kw):
    return TestClient(create_app(db, **kw))


def form_fields(html):
    return (re.search(r'name="csrf" value="([^"]+)"', html).group(1),
            re.search(r'name="base" value="(\d+)"', html).group(1))


def open_article(c, text):
    page = c.get("/", params={"q": text})
    assert page.status_code == 200
    article_id = re.search(r'href="/article/(\d+)', page.text).group(1)
    return article_id, c.get(f"/article/{article_id}", params={"q": text})


def test_search_page_with_highlights_facets_and_paging(db):
    c = client(db)
    r = c.get("/", params={"q": "北京"})
    assert r.status_code == 200
    assert "<mark>北京</mark>" in r.text and "Month" in r.text and "rmrb" in r.text
    assert "Content-Security-Policy" in r.headers and r.headers["X-Frame-Options"] == "DENY"
    facet = c.get("/", params={"date": "2020-01..2020-01"})
    assert "云南咖啡产业加快转型升级" in facet.text and "北京冬奥会" not in facet.text
    api = c.get("/api/search", params={"q": "阿根廷"}).json()
    assert api["total"] == 1 and api["hits"][0]["date"] == "2019-02-02"
    assert ">None<" not in c.get("/").text  # articles without a headline say so
    assert c.get("/", params={"page": 0}).status_code == 422
    assert c.get("/", params={"q": "x" * 500}).status_code == 422
    assert c.get("/", params={"date": "soon"}).status_code == 400


def test_article_and_page_views(db):
    c = client(db)
    article_id, r = open_article(c, "冬奥")
    assert r.status_code == 200
    assert "北京冬奥会筹备工作进展顺利" in r.text and "page-picture" not in r.text  # text dump: a listing
    assert 'class="listing"' in r.text and "version 1 by machine" in r.text
    page_id = re.search(r'href="/page/(\d+)"', r.text).group(1)
    p = c.get(f"/page/{page_id}")
    assert p.status_code == 200 and "mark page as checked" in p.text
    assert c.get("/article/999999").status_code == 404 and "no article 999999" in c.get("/article/999999").text
    assert c.get("/page/999999").status_code == 404 and c.get("/api/page/999999").status_code == 404
    assert c.get("/article/0").status_code == 404
    assert c.get("/article/abc").status_code == 422
    assert c.get(f"/api/page/{page_id}").json()["schema"] == "jianbao.page/1"
    assert c.get(f"/page/{page_id}/picture.svg").status_code == 404  # no geometry to draw


def test_unjoin_through_the_form_then_undo(db):
    c = client(db)
    article_id, r = open_article(c, "江豚")
    block = "4"  # the wrong join of the hand-made page
    assert 'data-unjoin="4"' in r.text
    csrf, base = form_fields(r.text)
    page_id = re.search(r"/page/(\d+)/edit", r.text).group(1)
    done = c.post(f"/page/{page_id}/edit",
                  data={"csrf": csrf, "base": base, "action": "unjoin", "block": block}, follow_redirects=False)
    assert done.status_code == 303
    after = c.get(done.headers["location"])
    assert "unjoin saved" in after.text and f'data-unjoin="{block}"' not in after.text
    assert "v2 unjoin by reviewer" in after.text
    # the same stale form again is a conflict, not a silent overwrite
    stale = c.post(f"/page/{page_id}/edit", data={"csrf": csrf, "base": base, "action": "unjoin", "block": block})
    assert stale.status_code == 409
    csrf2, base2 = form_fields(after.text)
    undone = c.post(f"/page/{page_id}/undo", data={"csrf": csrf2, "base": base2}, follow_redirects=True)
    assert undone.status_code == 200 and f'data-unjoin="{block}"' in c.get(f"/article/{article_id}").text


def test_reviewer_name_is_recorded(db):
    c = client(db)
    _, r = open_article(c, "刘鹤")
    csrf, base = form_fields(r.text)
    c.post("/reviewer", data={"csrf": csrf, "name": "李编辑"})
    label = re.search(r'name="article" value="(a\d+)"', r.text).group(1)
    page_id = re.search(r"/page/(\d+)/edit", r.text).group(1)
    done = c.post(f"/page/{page_id}/edit", data={"csrf": csrf, "base": base, "action": "headline",
                                                 "article": label, "text": "新标题"})
    assert done.status_code == 200 and "by 李编辑" in done.text
    with Archive(db) as archive:
        assert archive.history(int(page_id))[-1]["author"] == "李编辑"


def test_csrf_origin_and_input_checks(db):
    c = client(db)
    _, r = open_article(c, "刘鹤")
    csrf, base = form_fields(r.text)
    page_id = re.search(r"/page/(\d+)/edit", r.text).group(1)
    url = f"/page/{page_id}/edit"
    assert c.post(url, data={"base": base, "action": "checked"}).status_code == 403
    assert c.post(url, data={"csrf": "0" * 64, "base": base, "action": "checked"}).status_code == 403
    other = TestClient(create_app(db))  # another browser: its own session, so this csrf is not valid there
    assert other.post(url, data={"csrf": csrf, "base": base, "action": "checked"}).status_code == 403
    assert c.post(url, data={"csrf": csrf, "action": "checked"},
                  headers={"Origin": "http://evil.example"}).status_code == 403
    assert c.post(url, data={"csrf": csrf, "action": "launch"}).status_code == 400
    assert c.post(url, data={"csrf": csrf, "action": "unjoin", "block": "-1"}).status_code == 400
    assert c.post(url, data={"csrf": csrf, "action": "role", "block": "1", "role": "poem"}).status_code == 400
    assert c.post(url, json={"csrf": csrf, "action": "checked"}).status_code == 415
    assert c.post(url, data={"csrf": csrf, "action": "headline", "article": "a1",
                             "text": "x" * 5000}).status_code == 400
    big = c.post(url, content=b"a=" + b"x" * (MAX_BODY + 10),
                 headers={"content-type": "application/x-www-form-urlencoded"})
    assert big.status_code == 413
    with Archive(db) as archive:
        assert len(archive.history(int(page_id))) == 1


def test_no_file_outside_the_archive_is_served(db):
    c = client(db)
    for path in ["/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/etc/passwd", "/static/app.py",
                 "/docs", "/openapi.json"]:
        r = c.get(path)
        assert r.status_code == 404, path
        assert "root:" not in r.text
    assert c.get("/static/app.css").status_code == 200


def test_loopback_policy():
    assert is_loopback("127.0.0.1") and is_loopback("127.0.0.2") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("::")
    assert not token_required("127.0.0.1", None)
    assert token_required("0.0.0.0", None) and token_required("10.0.0.2", "secret-token")
    assert token_required("127.0.0.1", "secret-token")  # a token, once set, is always required


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5"])
def test_writes_need_the_token_off_loopback(db, host):
    app = create_app(db, host=host, token="s3cret-token")
    c = TestClient(app)
    _, r = open_article(c, "刘鹤")
    csrf, base = form_fields(r.text)
    page_id = re.search(r"/page/(\d+)/edit", r.text).group(1)
    url = f"/page/{page_id}/edit"
    refused = c.post(url, data={"csrf": csrf, "base": base, "action": "checked"})
    assert refused.status_code == 403 and "token" in refused.text
    assert c.get("/login", params={"token": "wrong-token"}).status_code == 403
    c.get("/login", params={"token": "s3cret-token"})
    assert c.post(url, data={"csrf": csrf, "base": base, "action": "checked"}).status_code == 200
    script = TestClient(app)
    ok = script.post(url, data={"action": "checked"}, headers={"Authorization": "Bearer s3cret-token"},
                     follow_redirects=False)
    assert ok.status_code == 303


def test_a_token_is_generated_when_none_is_given_off_loopback(db):
    app = create_app(db, host="0.0.0.0")
    assert app.state.guard.needs_token and len(app.state.guard.token) >= 24
    assert create_app(db).state.guard.token is None


def test_loopback_server_refuses_foreign_host_names(db):
    c = TestClient(create_app(db), base_url="http://attacker.example")
    assert c.get("/").status_code == 400


def test_serve_prints_the_token_off_loopback(db, monkeypatch):
    import uvicorn
    from typer.testing import CliRunner

    from jianbao.cli import app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda web, **kw: calls.append(kw))  # never binds anything
    runner = CliRunner()
    out = runner.invoke(app, ["serve", "--db", str(db), "--host", "0.0.0.0", "--port", "8123"])
    assert out.exit_code == 0, out.output
    assert re.search(r"login\?token=[\w-]{24,}", out.output) and calls[0]["host"] == "0.0.0.0"
    monkeypatch.setenv("JIANBAO_TOKEN", "from-the-environment")
    out = runner.invoke(app, ["serve", "--db", str(db)])
    assert "login?token=from-the-environment" in out.output  # a configured token is required on loopback too
    monkeypatch.delenv("JIANBAO_TOKEN")
    out = runner.invoke(app, ["serve", "--db", str(db)])
    assert "login?token" not in out.output and calls[-1]["host"] == "127.0.0.1"
    assert runner.invoke(app, ["serve", "--db", str(db), "--token", "short"]).exit_code == 2


def test_every_review_action_through_the_forms(db):
    c = client(db)
    article_id, r = open_article(c, "江豚")
    page_id = re.search(r"/page/(\d+)/edit", r.text).group(1)

    def post(action, **fields):
        page = c.get(f"/page/{page_id}").text
        csrf, base = form_fields(page)
        done = c.post(f"/page/{page_id}/edit", data={"csrf": csrf, "base": base, "action": action, **fields},
                      follow_redirects=False)
        assert done.status_code == 303, (action, done.text)
        return c.get(f"/api/page/{page_id}").json()

    def blocks(page):
        return [[e["blocks"] for e in a["elements"]] for a in page["articles"]]

    assert blocks(post("unjoin", block="4")) == [[[1], [2, 3], [4], [5]]]
    assert blocks(post("split", article="a1", at="2")) == [[[1], [2, 3]], [[4], [5]]]
    page = post("role", block="5", role="author_note")
    assert page["articles"][1]["elements"][1]["role"] == "author_note"
    assert blocks(post("merge", into="a1", other="a2")) == [[[1], [2, 3], [4], [5]]]
    assert blocks(post("join", block="2")) == [[[1], [2, 3, 4], [5]]]
    page = post("move", block="5", to="unassigned")
    assert blocks(page) == [[[1], [2, 3, 4]]] and [5] in [u["blocks"] for u in page["unassigned"]]
    page = post("headline", article="a1", text="江豚回来了")
    assert page["articles"][0]["headline"] == "江豚回来了"
    assert c.get("/api/search", params={"q": "江豚回来了"}).json()["total"] == 1
    with Archive(db) as archive:
        actions = [v["action"] for v in archive.history(int(page_id))]
    assert actions == ["clip", "unjoin", "split", "role", "merge", "join", "move", "headline"]
