"""``jobsim validate``: create every object of some documents in a fresh, empty API server.

Owns: turning documents into per-object verdicts (OK, warnings, or errors in
the apiserver's words). Validation is exactly what a create would do — the
same defaulting, generated selector, validation and namespace checks — because
it *is* a create, in a throwaway in-memory API server, in document order (so a
Namespace document makes later objects in that namespace valid, and a repeated
name is ``AlreadyExists``).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from jobsim.apiserver.store import APIServer
from jobsim.clock import ManualClock
from jobsim.errors import APIError
from jobsim.manifests import Document, ManifestError, decode_document

__all__ = ["CheckResult", "check_documents"]


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one document: where it is, and its errors and warnings."""

    where: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the object would be accepted by the apiserver."""
        return not self.errors


def _where(doc: Document) -> str:
    where = f"{doc.source}, document {doc.index + 1} (line {doc.line})"
    return f"{where}, {doc.what}" if doc.what else where


def check_documents(docs: Iterable[Document]) -> Iterator[CheckResult]:
    """Create each document's object in a fresh API server and report the outcome."""
    api = APIServer(clock=ManualClock(), rng=random.Random(0))
    for doc in docs:
        try:
            obj = decode_document(doc)
        except ManifestError as exc:
            yield CheckResult(where=_where(doc), errors=[exc.message])
            continue
        try:
            api.create(type(obj), obj)
        except APIError as exc:
            yield CheckResult(where=_where(doc), errors=[str(exc)])
            continue
        yield CheckResult(where=_where(doc), warnings=list(api.last_warnings))
