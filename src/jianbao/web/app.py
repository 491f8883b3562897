"""The browser UI: search, article and page views, review actions (FastAPI, server-rendered HTML).

``create_app(db, host=…, token=…)`` builds the app; ``jianbao serve`` runs it with uvicorn.  Every request
opens its own SQLite connection (WAL: readers never wait for the writer).  Writes go through
:mod:`jianbao.web.security`; every page is rendered from the archive — no file on disk is ever served.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlencode, urlsplit

from fastapi import Depends, FastAPI, Query as Q, Request
from starlette.middleware.trustedhost import TrustedHostMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup, escape

from jianbao.errors import JianbaoError, StoreError
from jianbao.model import Role
from jianbao.store import Archive, ConflictError
from jianbao.store import fts
from jianbao.store.search import Query, search
from jianbao.web import assets, picture
from jianbao.web.security import HEADERS, MAX_BODY, SESSION_COOKIE, TOKEN_COOKIE, BodyLimit, Guard, is_loopback
from jianbao.web.templates import ENV

MAX_FIELD = 300
ACTION_FIELDS = {
    "merge": ("into", "other"), "split": ("article", "at"), "move": ("block", "to"), "role": ("block", "role"),
    "join": ("block",), "unjoin": ("block",), "headline": ("article", "text"), "checked": (),
}


class WebError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message



def search_query(q: str = Q("", max_length=200), date: str = Q("", max_length=40),
                 place: str = Q("", max_length=80), topic: str = Q("", max_length=80),
                 paper: str = Q("", max_length=80), page: int = Q(1, ge=1, le=500)) -> Query:
    """The search form's fields, validated once for the HTML page and the JSON API alike."""
    return Query(text=q, date=date or None, place=place or None, topic=topic or None, paper=paper or None,
                 page=page)

def create_app(db: str | Path = "jianbao.db", *, host: str = "127.0.0.1", token: str | None = None) -> FastAPI:
    db = Path(db)
    Archive(db).close()  # create and migrate once, up front
    guard = Guard(host, token)
    app = FastAPI(title="jianbao", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.guard = guard
    app.state.db = db

    def archive() -> Archive:
        return Archive(db, create=False)

    @app.middleware("http")
    async def headers_and_session(request: Request, call_next: Any) -> Response:
        session = request.cookies.get(SESSION_COOKIE)
        if not session or len(session) > 64:
            session = secrets.token_urlsafe(24)
            request.state.new_session = session
        request.state.session = session
        response = await call_next(request)
        for k, v in HEADERS.items():
            response.headers.setdefault(k, v)
        if getattr(request.state, "new_session", None):
            response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
        return response

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return _error(request, exc.status, exc.message)

    @app.exception_handler(ConflictError)
    async def conflict(request: Request, exc: ConflictError) -> Response:
        return _error(request, 409, str(exc))

    @app.exception_handler(JianbaoError)
    async def bad_request(request: Request, exc: JianbaoError) -> Response:
        return _error(request, 400, str(exc))

    def _error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        html = ENV.get_template("error.html").render(status=status, message=message, back=None, **_common(request))
        return HTMLResponse(html, status_code=status)

    def _common(request: Request) -> dict[str, Any]:
        return {"csrf": guard.csrf_for(request.state.session), "reviewer": _reviewer(request), "q": None}

    def _reviewer(request: Request) -> str:
        name = " ".join(unquote(request.cookies.get("jb_reviewer") or "reviewer").split())[:64]
        return name or "reviewer"

    # -- read ------------------------------------------------------------------------------------
    @app.get("/", response_class=HTMLResponse)
    def search_page(request: Request, query: Query = Depends(search_query)) -> HTMLResponse:
        with archive() as a:
            result = search(a.conn, query)
        params = {"q": query.text, "date": query.date or "", "place": query.place or "",
                  "topic": query.topic or "", "paper": query.paper or ""}

        def url(**changes: Any) -> str:
            merged = {**params, **changes}
            return "/?" + urlencode({k: v for k, v in merged.items() if v not in (None, "", 1)})

        def facet_url(name: str, value: str | None) -> str:
            if name == "date" and value:
                return url(**{name: f"{value}..{value}", "page": 1})
            return url(**{name: value or "", "page": 1})

        def facet_on(name: str, value: str) -> bool:
            current = params[name]
            return current == value or (name == "date" and current == f"{value}..{value}")

        html = ENV.get_template("search.html").render(
            result=result, facet_url=facet_url, facet_on=facet_on, page_url=lambda n: url(page=n),
            **{**_common(request), "q": query})
        return HTMLResponse(html)

    @app.get("/api/search")
    def search_api(query: Query = Depends(search_query)) -> JSONResponse:
        with archive() as a:
            result = search(a.conn, query)
        hits = [{k: v for k, v in h.items() if not k.endswith("_html")} for h in result.hits]
        return JSONResponse({"total": result.total, "page": query.page, "pages": result.pages, "ranked": result.ranked,
                             "hits": hits, "facets": result.facets})

    @app.get("/api/page/{page_id}")
    def page_api(page_id: int) -> JSONResponse:
        _check_id(page_id)
        with archive() as a:
            _found(a.page_row, page_id)
            return JSONResponse(a.page_dict(page_id))

    @app.get("/article/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: int, q: str = Q("", max_length=200),
                     flash: str = Q("", max_length=200)) -> HTMLResponse:
        _check_id(article_id)
        with archive() as a:
            art = _found(a.article, article_id)
            if not art["current"]:
                newer = a.conn.execute("SELECT id FROM articles WHERE page_id = ? AND label = ? AND current = 1",
                                       (art["page_id"], art["label"])).fetchone()
                if newer:
                    return RedirectResponse(f"/article/{newer[0]}", status_code=303)  # type: ignore[return-value]
            page_row = a.page_row(art["page_id"])
            draft = a.load(art["page_id"], art["version_id"])
            history = a.history(art["page_id"])
            version = a.conn.execute("SELECT * FROM versions WHERE id = ?", (art["version_id"],)).fetchone()
            siblings = a.conn.execute("SELECT id, label, headline, ord FROM articles WHERE version_id = ? "
                                      "ORDER BY ord", (art["version_id"],)).fetchall()
        page = draft.page
        model = next(x for x in page.articles if x.id == art["label"])
        elements = [{"role": el.role.value,
                     "blocks": [{"no": b, "html": Markup(fts.highlight(page.blocks[b].text, q) if q
                                                         else escape(page.blocks[b].text))} for b in el.blocks]}
                    for el in model.elements]
        hidden = _hidden(request, page_row["current_version"])
        html = ENV.get_template("article.html").render(
            art=art, page_row=page_row, version=version, history=history, elements=elements,
            about=_about(art["about"]), others=[s for s in siblings if s["label"] != art["label"]],
            colour=art["ord"] % len(picture.PALETTE), roles=[r.value for r in Role],
            svg=picture.page_svg(page, focus=art["label"], link="#b{block}"),
            rows=picture.listing(page, focus=art["label"]), hidden=hidden, flash=flash,
            can_undo=len(history) > 1, **_common(request))
        return HTMLResponse(html)

    @app.get("/page/{page_id}", response_class=HTMLResponse)
    def page_page(request: Request, page_id: int, flash: str = Q("", max_length=200)) -> HTMLResponse:
        _check_id(page_id)
        with archive() as a:
            page_row = _found(a.page_row, page_id)
            draft = a.load(page_id)
            history = a.history(page_id)
            arts = a.conn.execute("SELECT id, label, headline, continues FROM articles WHERE version_id = ? "
                                  "ORDER BY ord", (page_row["current_version"],)).fetchall()
        page = draft.page
        html = ENV.get_template("page.html").render(
            page_row=page_row, articles=arts, history=history, ncolours=len(picture.PALETTE),
            unassigned=[{"role": el.role.value, "blocks": el.blocks} for el in page.unassigned],
            svg=picture.page_svg(page), rows=picture.listing(page), flash=flash,
            hidden=_hidden(request, page_row["current_version"]), can_undo=len(history) > 1, **_common(request))
        return HTMLResponse(html)

    @app.get("/page/{page_id}/picture.svg")
    def page_picture(page_id: int, focus: str = Q("", max_length=16)) -> Response:
        _check_id(page_id)
        with archive() as a:
            svg = picture.page_svg(a.load(page_id).page, focus=focus or None)
        if svg is None:
            raise WebError(404, "this page was read from a text dump and has no geometry to draw")
        return Response(svg, media_type="image/svg+xml")

    @app.get("/static/app.css")
    def css() -> Response:
        return Response(assets.CSS, media_type="text/css", headers={"Cache-Control": "max-age=3600"})

    @app.get("/static/app.js")
    def js() -> Response:
        return Response(assets.JS, media_type="text/javascript", headers={"Cache-Control": "max-age=3600"})

    @app.get("/login")
    def login(token: str = Q("", max_length=200)) -> Response:
        if not guard.needs_token:
            return RedirectResponse("/", status_code=303)
        if not guard.token or not secrets.compare_digest(token.encode(), guard.token.encode()):
            raise WebError(403, "wrong token: use the link `jianbao serve` printed")
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    # -- write -----------------------------------------------------------------------------------
    async def _form(request: Request) -> dict[str, str]:
        if not guard.origin_ok(request.headers):
            raise WebError(403, "a form from another site cannot change this archive")
        if not guard.token_ok(request.headers, request.cookies):
            raise WebError(403, "this server needs its token for changes: open the link `jianbao serve` printed "
                                "(or send Authorization: Bearer TOKEN)")
        ctype = request.headers.get("content-type", "")
        if not (ctype.startswith("application/x-www-form-urlencoded") or ctype.startswith("multipart/form-data")):
            raise WebError(415, "send the change as a form")
        form = await request.form()
        fields: dict[str, str] = {}
        for key, value in form.items():
            if not isinstance(value, str) or len(value) > MAX_FIELD or len(key) > 32:
                raise WebError(400, f"field {key[:32]!r} is too long or not text")
            fields[key] = value
        if not guard.csrf_ok(request.state.session, fields.get("csrf"), request.headers):
            raise WebError(403, "the form expired (no valid csrf field): reload the page and try again")
        return fields

    @app.post("/reviewer")
    async def set_reviewer(request: Request) -> Response:
        fields = await _form(request)
        name = " ".join(fields.get("name", "").split())[:64] or "reviewer"
        response = RedirectResponse(_back(request), status_code=303)
        response.set_cookie("jb_reviewer", quote(name), httponly=True, samesite="strict")
        return response

    @app.post("/page/{page_id}/edit")
    async def edit(request: Request, page_id: int) -> Response:
        _check_id(page_id)
        fields = await _form(request)
        action = fields.get("action", "")
        if action not in ACTION_FIELDS:
            raise WebError(400, f"unknown action {action[:20]!r}")
        args: dict[str, Any] = {}
        for name in ACTION_FIELDS[action]:
            if name not in fields:
                raise WebError(400, f"{action} needs the field {name!r}")
            args[name] = _int(fields[name], name) if name in ("block", "at") else fields[name]
        base = _int(fields["base"], "base") if fields.get("base") else None
        author = fields.get("author") or _reviewer(request)
        with archive() as a:
            _found(a.page_row, page_id)
            a.edit(page_id, action, author=author, base=base, **args)
            target = _after(a, page_id, action, args)
        return RedirectResponse(f"{target}?flash={action}+saved", status_code=303)

    @app.post("/page/{page_id}/undo")
    async def undo(request: Request, page_id: int) -> Response:
        _check_id(page_id)
        fields = await _form(request)
        base = _int(fields["base"], "base") if fields.get("base") else None
        with archive() as a:
            _found(a.page_row, page_id)
            a.undo(page_id, author=fields.get("author") or _reviewer(request), base=base)
            label = fields.get("article")
            row = a.current_article(page_id, label) if label else None
        target = f"/article/{row['id']}" if row else f"/page/{page_id}"
        return RedirectResponse(f"{target}?flash=undone", status_code=303)

    def _hidden(request: Request, base: int) -> Any:
        csrf = guard.csrf_for(request.state.session)

        def hidden(action: str) -> Markup:
            return Markup('<input type="hidden" name="csrf" value="{}"><input type="hidden" name="base" value="{}">'
                          '<input type="hidden" name="action" value="{}">').format(csrf, base, action)
        return hidden

    if is_loopback(host):  # DNS rebinding: a loopback server answers only to loopback names
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=[host, "localhost", "127.0.0.1", "[::1]", "testserver"])
    app.add_middleware(BodyLimit, limit=MAX_BODY)
    return app


def _after(a: Archive, page_id: int, action: str, args: dict[str, Any]) -> str:
    """Where the reviewer lands after an action: the article now holding what they worked on."""
    label = args.get("into") or args.get("article")
    if label is None and "block" in args:
        draft = a.load(page_id)
        for art in draft.page.articles or ():
            if int(args["block"]) in art.block_ids():
                label = art.id
    row = a.current_article(page_id, label) if label else None
    return f"/article/{row['id']}" if row else f"/page/{page_id}"


def _found(lookup: Any, key: int) -> Any:
    try:
        return lookup(key)
    except StoreError as exc:
        raise WebError(404, str(exc).split(" in ", 1)[0]) from None


def _check_id(value: int) -> None:
    if not 0 < value < 2**62:
        raise WebError(404, "no such id")


def _int(value: str, name: str) -> int:
    if not value.strip().isdigit() or len(value) > 9:
        raise WebError(400, f"{name} must be a whole number")
    return int(value)


def _back(request: Request) -> str:
    """The referring page's path when it is on this site, else the search page."""
    parts = urlsplit(request.headers.get("referer") or "")
    if parts.netloc and parts.netloc != request.headers.get("host"):
        return "/"
    path = parts.path if parts.path.startswith("/") and not parts.path.startswith("//") else "/"
    return path + ("?" + parts.query if parts.query else "")


def _about(raw: str | None) -> list[tuple[str, str]]:
    if not raw:
        return []
    try:
        about = json.loads(raw)
    except ValueError:
        return []
    out = []
    for key, value in about.items() if isinstance(about, dict) else ():
        if isinstance(value, list):
            shown = "、".join(_short(v) for v in value[:12])
        else:
            shown = _short(value)
        if shown:
            out.append((str(key).replace("_", " "), shown))
    return out


def _short(value: Any) -> str:
    if isinstance(value, dict):
        name = value.get("name") or value.get("title") or value.get("text") or value.get("value")
        extra = value.get("code") or value.get("role") or value.get("date")
        if name and extra:
            return f"{name} ({extra})"
        return str(name or extra or json.dumps(value, ensure_ascii=False)[:60])
    return "" if value is None else str(value)[:120]


__all__ = ["create_app"]
