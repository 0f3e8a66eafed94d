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
    def request(self, *args: Any, **kwargs: Any) -> None:
        super().request(*args, **kwargs)
        _written.flag = True


class _SentTLS(HTTPSConnection):
    def request(self, *args: Any, **kwargs: Any) -> None:
        super().request(*args, **kwargs)
        _written.flag = True


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
        manager.pool_classes_by_scheme = POOLS
        return manager

    def send(self, request: Any, *args: Any, **kwargs: Any) -> requests.Response:
        _written.flag = False
        try:
            return super().send(request, *args, **kwargs)
        except (requests.Timeout, requests.ConnectionError) as exc:
            if getattr(_written, "flag", False):
                raise Unanswered(isinstance(exc, requests.Timeout)) from exc
            raise


def _session() -> requests.Session:
    session = requests.Session()  # keeps the environment's proxies, as requests.post does
    adapter = _Adapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


_SESSION = _session()


def post(url: str, **kwargs: Any) -> requests.Response:
    """``requests.post``, raising ``Unanswered`` for a request that went out unanswered."""
    return _SESSION.post(url, **kwargs)
