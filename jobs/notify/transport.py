"""The group bots' HTTP transport: ``requests``, knowing whether a request went out.

A timeout or a closed connection after the whole request was written may come after the
service took the message: ``post`` raises ``Unanswered``, and the message is not sent again (a
group got its escalation twice: trial12). One before that (no connection, a TLS handshake or a
proxy's CONNECT that stalls: urllib3 reports those as read timeouts too, review12) is raised
as ``requests`` raised it, and the message is tried again on the next run.

What of requests and urllib3 this leans on, checked with requests 2.34.2 and urllib3 2.8.0:
``HTTPAdapter.init_poolmanager`` and ``proxy_manager_for`` (overridable, as requests documents
for custom adapters), ``PoolManager.pool_classes_by_scheme`` and
``HTTPConnectionPool.ConnectionCls`` (urllib3's customisation points), and
``HTTPConnection.request``, which returns once the request line, headers and body are written
(the pool then waits for the answer in ``getresponse``). ``tests/test_late_answers.py`` fails
loudly if any of that changes.
"""

from __future__ import annotations

import threading
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_written = threading.local()  # this thread's last request went out whole


class Unanswered(requests.RequestException):
    """The request went out whole; then a timeout (``timed_out``) or the connection closed,
    before any answer."""

    def __init__(self, timed_out: bool) -> None:
        super().__init__("timed out" if timed_out else "connection closed")
        self.timed_out = timed_out


class _Sent(HTTPConnection):
    """Flags this thread's request as written once ``request`` returns."""

    def request(self, *args: Any, **kwargs: Any) -> None:
        super().request(*args, **kwargs)
        _written.flag = True


class _SentTLS(_Sent, HTTPSConnection):
    """``_Sent`` over TLS."""


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Sent


class _PoolTLS(HTTPSConnectionPool):
    ConnectionCls = _SentTLS


POOLS = {"http": _Pool, "https": _PoolTLS}


class _Adapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = POOLS

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **kwargs)
        if not proxy.lower().startswith("socks"):  # SOCKS pools take options of their own:
            manager.pool_classes_by_scheme = POOLS  # left as they are (unflagged: retried)
        return manager

    def send(self, request: Any, *args: Any, **kwargs: Any) -> requests.Response:
        _written.flag = False  # each request, each redirect's too
        return super().send(request, *args, **kwargs)


# after the request went out: no answer, or an answer cut off (its body read after ``send``)
_LOST = (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError,
         requests.exceptions.ContentDecodingError)  # fmt: skip


def post(url: str, **kwargs: Any) -> requests.Response:
    """``requests.post`` on a connection of its own, raising ``Unanswered`` for a request that
    went out whole and got no whole answer. A new session each time: a kept-alive connection
    the server closes as the next request arrives would make that request "unanswered" though
    the server never read it (review13); the environment's proxies apply, as for
    ``requests.post``."""
    with requests.Session() as session:
        adapter = _Adapter()
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        try:
            return session.post(url, **kwargs)
        except _LOST as exc:
            if getattr(_written, "flag", False):
                timed_out = isinstance(exc, requests.Timeout) or "timed out" in str(exc)
                raise Unanswered(timed_out) from exc
            raise
