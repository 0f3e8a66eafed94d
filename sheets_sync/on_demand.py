"""Values computed once per key, on first use, by whichever thread asks first.

Threads asking for a key while it is being computed wait for it; an error is kept and raised to
everyone who asks. ``start`` computes keys on threads of their own, so several are computed in
parallel (python-calamine decodes, the parser parses) while the caller goes on.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class OnDemand(Generic[K, V]):
    """``get(key)`` is ``compute(key)``, computed once (see the module docstring)."""

    def __init__(self, compute: Callable[[K], V]) -> None:
        self._compute = compute
        self._values: dict[K, Future[V]] = {}
        self._lock = threading.Lock()

    def get(self, key: K) -> V:
        """The value of ``key``: computed now, or waited for if another thread computes it."""
        with self._lock:
            pending = self._values.get(key)
            mine = pending is None
            if pending is None:
                pending = self._values[key] = Future()
        if mine:
            try:
                pending.set_result(self._compute(key))
            except BaseException as exc:
                pending.set_exception(exc)
        return pending.result()

    def put(self, key: K, value: V) -> None:
        """Record a value known without computing it."""
        done: Future[V] = Future()
        done.set_result(value)
        with self._lock:
            self._values[key] = done

    def started(self, key: K) -> bool:
        """Whether ``key`` is computed or being computed."""
        return key in self._values

    def start(self, keys: Iterable[K]) -> None:
        """Compute these keys on threads of their own (each at most once)."""
        for key in keys:
            threading.Thread(target=self._quietly, args=(key,), daemon=True).start()

    def _quietly(self, key: K) -> None:
        with contextlib.suppress(Exception):  # kept in the future: raised to whoever asks
            self.get(key)

    def forget(self, key: K) -> None:
        """Drop the value of ``key``: asking again computes it again."""
        with self._lock:
            self._values.pop(key, None)
