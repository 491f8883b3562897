"""Who may write, and the guards every request passes.

Policy (:func:`token_required`): on a loopback address (127.0.0.0/8, ::1, localhost) with no token
configured, writes need no token; bound anywhere else — or whenever a token is configured — every write
needs it.  A browser proves it once through ``/login?token=…`` (an HttpOnly, SameSite=Strict cookie);
scripts send ``Authorization: Bearer …`` or ``X-Jianbao-Token``.

Edits are also protected against cross-site requests: each browser gets a random session cookie, forms
carry ``csrf`` = HMAC(server secret, session), and a request whose ``Origin`` names another site is
refused.  :class:`BodyLimit` caps request bodies; :data:`HEADERS` go on every response.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from typing import Any, Awaitable, Callable

MAX_BODY = 64 * 1024
SESSION_COOKIE = "jb_session"
TOKEN_COOKIE = "jb_token"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    host = host.strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def token_required(host: str, token: str | None) -> bool:
    return bool(token) or not is_loopback(host)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Guard:
    def __init__(self, host: str, token: str | None) -> None:
        self.host = host
        self.token = token or (None if is_loopback(host) else new_token())
        self.secret = secrets.token_bytes(32)

    @property
    def needs_token(self) -> bool:
        return token_required(self.host, self.token)

    def csrf_for(self, session: str) -> str:
        return hmac.new(self.secret, session.encode("utf-8"), hashlib.sha256).hexdigest()

    def token_ok(self, headers: Any, cookies: Any) -> bool:
        if not self.needs_token:
            return True
        given = cookies.get(TOKEN_COOKIE) or headers.get("x-jianbao-token") or ""
        auth = headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        return bool(self.token) and hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8"))

    def csrf_ok(self, session: str | None, csrf: str | None, headers: Any) -> bool:
        """Browser forms: the csrf field must match the session.  Scripts that present the token in a header
        (not a cookie) cannot be driven cross-site and need no csrf field."""
        if headers.get("authorization") or headers.get("x-jianbao-token"):
            return self.needs_token
        if not session or not csrf:
            return False
        return hmac.compare_digest(self.csrf_for(session), csrf)

    @staticmethod
    def origin_ok(headers: Any) -> bool:
        origin = headers.get("origin")
        if not origin or origin == "null":
            return origin is None
        host = headers.get("host", "")
        return origin.split("://", 1)[-1] == host


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app: Callable[..., Awaitable[None]], limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Awaitable[dict[str, Any]]],
                       send: Callable[..., Awaitable[None]]) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and (not value.isdigit() or int(value) > self.limit):
                await _too_large(send)
                return
        seen = 0

        async def limited() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise TooLarge()
            return message

        try:
            await self.app(scope, limited, send)
        except TooLarge:
            await _too_large(send)


class TooLarge(Exception):
    pass


async def _too_large(send: Callable[..., Awaitable[None]]) -> None:
    body = b"request body too large"
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
