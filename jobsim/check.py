"""``jobsim validate``: create every object of some documents in a fresh, empty API server.

Owns: turning documents into per-object verdicts (OK, warnings, or errors in
the apiserver's words). Validation is exactly what a create would do — the
same defaulting, generated selector, validation and namespace checks — because
it *is* a create, in a throwaway in-memory API server, in document order (so a
Namespace document makes later objects in that namespace valid, and a repeated
name is ``AlreadyExists``). ``List`` documents (``v1`` ``List``, ``JobList``, ...)
are flattened into their items, as kubectl does.

Imports the API server (layer 2) and ``jobsim.manifests``; no controllers, no
terminal I/O (the CLI prints).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from jobsim.apiserver.store import APIServer
from jobsim.clock import ManualClock
from jobsim.errors import APIError
from jobsim.manifests import (
    Document,
    ManifestError,
    decode_document,
    list_items,
    parse_field_path,
)

__all__ = ["CheckResult", "Checker"]


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one object: where it is (``file, document N (line L), Kind/name``)."""

    where: str
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the object would be accepted by the apiserver."""
        return not self.errors


def _where(doc: Document, line: int | None = None) -> str:
    where = f"{doc.source}, document {doc.index + 1} (line {line or doc.line})"
    return f"{where}, {doc.what}" if doc.what else where


def _api_error_line(doc: Document, exc: APIError) -> int:
    """The line of the first field an error's causes name (the document's line if none)."""
    details = exc.status.details
    for cause in (details.causes or []) if details else []:
        if cause.field:
            return doc.line_of(parse_field_path(cause.field))
    return doc.line


class Checker:
    """A throwaway API server that documents' objects are created in, one after another."""

    def __init__(self) -> None:
        self._api = APIServer(clock=ManualClock(), rng=random.Random(0))

    def check(self, doc: Document) -> list[CheckResult]:
        """Create the document's object (each item of a List); one result per object."""
        try:
            items = list_items(doc)
        except ManifestError as exc:
            return [CheckResult(where=exc.where, errors=[exc.message])]
        if items is not None:
            if not items:
                return [CheckResult(where=_where(doc), errors=["no objects in the List"])]
            return [result for item in items for result in self.check(item)]
        try:
            obj = decode_document(doc)
        except ManifestError as exc:
            return [CheckResult(where=exc.where, errors=[exc.message])]
        try:
            self._api.create(type(obj), obj)
        except APIError as exc:
            line = _api_error_line(doc, exc)
            return [CheckResult(where=_where(doc, line), errors=[str(exc)])]
        return [CheckResult(where=_where(doc), warnings=list(self._api.last_warnings))]
