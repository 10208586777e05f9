"""Up-front checks of a sweep's paths: each addresses a field its object can have.

Owns :func:`check_grid`: before anything runs, every ``--set`` path must address exactly one
object of the base (:func:`jobsim.sweep.base.locate`), be reachable in its document
(:func:`jobsim.sweep.paths.set_field`: list indexes that exist, no key into a scalar) and name
a field the object's kind has (a Kubernetes object's model, or the Scenario document's). A
misspelled field is refused with the API server's strict decoding message (upstream
``k8s.io/apimachinery/pkg/runtime/serializer/json``: ``strict decoding error: unknown field
"spec.paralelism"``) where one applies; ``scenario:seed`` is refused (each run's seed would
silently replace it). A bad *value* at a good path is no concern here: it
becomes an error row of its grid point. Imports the sweep's ``base`` and ``paths``,
``jobsim.manifests``, ``jobsim.api.registry`` and the scenario's path checker and schema; must
not import the simulation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from jobsim.api.registry import model_for
from jobsim.manifests import Document, ManifestError, decode_document
from jobsim.scenario.paths import Segment, check_path
from jobsim.scenario.schema import ScenarioSettings
from jobsim.sweep.base import Located, SweepBase, locate
from jobsim.sweep.paths import PathError, parse_path, set_field

__all__ = ["check_grid"]


def check_grid(base: SweepBase, probes: Iterable[tuple[str, Any]]) -> None:
    """Raise :class:`PathError` unless every ``(path, sample value)`` addresses a real field."""
    for text, value in probes:
        path = parse_path(text)
        if path.kind == "scenario" and path.field[:1] == ("seed",):
            raise PathError(f"{text}: every run sets its own seed: use --seeds and --first-seed")
        found = locate(base, path)
        where = f"{text}: " if path.kind in ("scenario", "behavior") else _where(text, base, found)
        set_field(base.documents[found.index], found.field, value, where=where)
        if path.kind in ("scenario", "behavior"):
            why = check_path(ScenarioSettings, _segments(found.field))
            if why is not None:
                raise PathError(f"{text}: {why}")
            continue
        model: type[BaseModel] = model_for(
            str(found.data.get("apiVersion")), str(found.data.get("kind"))
        )
        why = check_path(model, _segments(path.field))
        if why is not None:
            message = _decoder_message(found.data, path.field, value) or why
            raise PathError(f"{_where(text, base, found)}{message}")


def _where(text: str, base: SweepBase, found: Located) -> str:
    """``PATH: FILE, document N, Kind/name: `` for a path into a Kubernetes object."""
    return f"{text}: {base.source}, {found.what}: "


def _segments(field: Iterable[str | int]) -> list[Segment]:
    return [Segment(index=p) if isinstance(p, int) else Segment(name=p) for p in field]


def _decoder_message(data: Any, field: tuple[str | int, ...], value: Any) -> str | None:
    """What the API server's decoder says of the object with ``value`` at ``field``."""
    try:
        decode_document(Document("<sweep>", 0, 0, set_field(data, field, value)))
    except ManifestError as exc:
        return exc.message
    return None
