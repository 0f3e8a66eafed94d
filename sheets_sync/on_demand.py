"""Values computed once per key, on first use, by whichever thread asks first.

Threads asking for a key while it is being computed wait for it; an error is kept and raised to
everyone who asks. ``start`` queues keys for a few worker threads shared by every ``OnDemand``,
so several are computed in parallel (python-calamine decodes, the parser parses) while the
caller goes on. A few, not one thread per key: decoding and parsing hold the GIL for a good
part, and on a busy machine a dozen threads passing it around were a quarter slower than three
(bench/parse.py). A key still queued is computed by whoever asks for it first.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future
from functools import partial
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

WORKERS = 3
_jobs: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
_workers: list[threading.Thread] = []
_workers_lock = threading.Lock()


def _submit(job: Callable[[], None]) -> None:
    """Run ``job`` on one of the shared worker threads (daemons, started on first use)."""
    with _workers_lock:
        while len(_workers) < WORKERS:
            worker = threading.Thread(target=_work, daemon=True, name=f"on-demand-{len(_workers)}")
            worker.start()
            _workers.append(worker)
    _jobs.put(job)


def _work() -> None:
    while True:
        _jobs.get()()


class OnDemand(Generic[K, V]):
    """``get(key)`` is ``compute(key)``, computed once (see the module docstring)."""

    def __init__(self, compute: Callable[[K], V]) -> None:
        self._compute = compute
        self._values: dict[K, Future[V]] = {}
        self._queued: set[K] = set()  # keys given to ``start`` (computed, or waiting for it)
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
        """Queue these keys for the worker threads (each at most once), in this order."""
        with self._lock:
            new = [k for k in keys if k not in self._values and k not in self._queued]
            self._queued.update(new)
        for key in new:
            _submit(partial(self._quietly, key))

    def _quietly(self, key: K) -> None:
        with contextlib.suppress(Exception):  # kept in the future: raised to whoever asks
            self.get(key)

    def forget(self, key: K) -> None:
        """Drop the value of ``key``: asking again computes it again."""
        with self._lock:
            self._values.pop(key, None)
            self._queued.discard(key)
