"""The pure part of importing a comment: its Markdown, its HTML from the one sanitising
renderer, and the comment policy's findings. None of it touches the store or the report, so on
a large import it runs in worker processes while the main process reads the file and writes to
the store in the file's order; it is most of an import's work (about 1 ms per comment on the bench's
texts, against 0.15 ms for reading and storing it).

`Preparer` hands the batches back in the order they were given, keeping at most `IN_FLIGHT`
of them in the workers so that memory stays bounded. A small import (fewer than ``pool_from``
comments) never starts the workers: starting them costs more than they would save. The workers
are forked, so they share the policy's loaded word lists and Voikko with the main process
instead of loading their own (the import runs as a command, in a process without other
threads; where fork is missing, everything runs in the one process).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict
from typing import Any, NamedTuple

from comments.importers.html_to_markdown import comment_markdown
from comments.policy import PolicyContext, Submission, evaluate
from comments.policy.model import SEVERITY_RISK
from comments.render import render_comment

BATCH = 250
POOL_FROM = 500
IN_FLIGHT_PER_WORKER = 2
FLAGGED_NOTE = (
    "Tuotu kommentti, josta kommentointiohjeiden tarkistus löysi huomautettavaa: tila on sama "
    "kuin vanhassa blogissa."
)


class Draft(NamedTuple):
    """A comment as the main process hands it over: its old HTML and who wrote it."""

    html: str
    wpautop: bool
    name: str
    email: str | None  # None: the comment never had an address (Blogger)
    website: str


class Prepared(NamedTuple):
    """What is stored of a comment besides who wrote it, where and when."""

    body: str
    html: str
    findings: list[dict]
    substance: int
    substance_reasons: list[str]
    risk: int
    flagged: bool


def prepare(draft: Draft, policy: PolicyContext, origin: str) -> Prepared | None:
    """The comment's Markdown, HTML and findings, or None when it has no text. Findings are
    the policy's plus the ``import.*`` notes the moderation queue filters by; email findings
    are left out for comments that never had an address."""
    body = comment_markdown(draft.html, wpautop=draft.wpautop)
    if not body.strip():
        return None
    evaluation = evaluate(Submission(draft.name, draft.email or "", body, draft.website), policy)
    findings = [
        asdict(f) for f in evaluation.findings if draft.email is not None or f.field != "email"
    ]
    flagged = any(f["severity"] != "info" for f in findings)
    findings.append(_note("import.imported", f"Tuotu vanhasta blogista ({origin})."))
    if flagged:
        findings.append(_note("import.flagged", FLAGGED_NOTE))
    risk = sum(SEVERITY_RISK.get(f["severity"], 0) for f in findings)
    substance = evaluation.substance
    return Prepared(
        body,
        render_comment(body),
        findings,
        substance.score,
        list(substance.reasons),
        risk,
        flagged,
    )


class Preparer:
    """Prepares batches of drafts, in worker processes once there are enough of them; each
    batch travels with ``meta`` (whatever the caller needs to store it) and comes back with
    it, in the order given."""

    def __init__(self, policy: PolicyContext, origin: str, pool_from: int = POOL_FROM) -> None:
        self.policy = policy
        self.origin = origin
        self.pool_from = pool_from
        self.workers = _workers()
        self._given = 0
        self._pool: ProcessPoolExecutor | None = None
        self._pending: deque[tuple[Any, Future | list[Prepared | None]]] = deque()

    @property
    def parallel(self) -> bool:
        """Whether batches go to worker processes (from ``pool_from`` comments on)."""
        return self._pool is not None

    def submit(self, meta: Any, drafts: list[Draft]) -> Iterator[tuple[Any, list]]:
        """Hand over a batch; yields the batches that are done, oldest first, waiting for the
        oldest when too many are in the workers."""
        self._given += len(drafts)
        if self._pool is None and self.workers > 1 and self._given >= self.pool_from:
            self._pool = self._start_pool()
        if self._pool is None:
            self._pending.append((meta, _prepare_batch(drafts, self.policy, self.origin)))
        else:
            self._pending.append((meta, self._pool.submit(_prepare_in_worker, drafts)))
        limit = self.workers * IN_FLIGHT_PER_WORKER
        while self._pending and (
            len(self._pending) > limit or not isinstance(self._pending[0][1], Future)
        ):
            yield self._take()

    def drain(self) -> Iterator[tuple[Any, list]]:
        """Every batch not yet handed back, in order."""
        while self._pending:
            yield self._take()

    def close(self) -> None:
        """Stop the workers (at the end, or on an error: nothing waits for them then)."""
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Preparer:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _take(self) -> tuple[Any, list]:
        meta, work = self._pending.popleft()
        return meta, work.result() if isinstance(work, Future) else work

    def _start_pool(self) -> ProcessPoolExecutor:
        """Fork the workers with the policy in hand. Freezing the collector first keeps the
        shared pages shared: otherwise each child's first collection writes to every object."""
        gc.freeze()
        try:
            pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_worker,
                initargs=(self.policy, self.origin),
            )
            pool.submit(int).result()  # forks every worker now, while the objects are frozen
        finally:
            gc.unfreeze()
        return pool


def _workers() -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _prepare_batch(drafts: list[Draft], policy: PolicyContext, origin: str) -> list:
    return [prepare(draft, policy, origin) for draft in drafts]


_worker_policy: tuple[PolicyContext, str] | None = None


def _start_worker(policy: PolicyContext, origin: str) -> None:
    global _worker_policy
    _worker_policy = (policy, origin)


def _prepare_in_worker(drafts: list[Draft]) -> list:
    assert _worker_policy is not None
    return _prepare_batch(drafts, *_worker_policy)


def _note(code: str, message: str) -> dict:
    return {
        "code": code,
        "severity": "info",
        "message": message,
        "public_message": None,
        "field": "body",
        "spans": [],
    }
