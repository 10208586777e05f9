"""Result files of a sweep: rows written as runs finish, read back for ``--resume``.

Owns :class:`ResultSink` and :func:`read_results`. A CSV output is appended to and flushed after
every run, so an interrupted sweep keeps what it did. A Parquet output cannot be appended to: its
rows go to a journal beside it (``results.parquet.partial.csv``) as runs finish, and
:meth:`ResultSink.finish` writes the Parquet file (earlier rows and the journal's) and removes
the journal. Parameter values are written as text (JSON for lists and mappings); reading a file
back restores them from the ``point_key`` column. Parquet needs pandas and pyarrow (imported on
use). Must not import the simulation.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

__all__ = ["ResultSink", "SweepFileError", "format_value", "journal_path", "read_results"]

INT_COLUMNS: Final = frozenset(
    {"point", "seed", "succeeded", "failed", "max_active", "expectations_failed"}
)
FLOAT_COLUMNS: Final = frozenset(
    {"makespan", "pod_seconds", "wasted_pod_seconds", "time_to_first_pod"}
)
PARQUET_SUFFIXES: Final = (".parquet", ".pq")
PARQUET_HINT: Final = "Parquet output needs pandas and pyarrow: pip install 'jobsim[sweep]'"


class SweepFileError(ValueError):
    """A results file that cannot be written, read or resumed from."""


def is_parquet(path: Path) -> bool:
    """Whether ``path`` names a Parquet file (by its suffix)."""
    return path.suffix.lower() in PARQUET_SUFFIXES


def journal_path(path: Path) -> Path:
    """Where rows go while a sweep runs: the file itself for CSV, a journal for Parquet."""
    return path.with_name(path.name + ".partial.csv") if is_parquet(path) else path


def format_value(value: Any) -> str:
    """A parameter value as text: strings as they are, everything else as JSON."""
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _typed(column: str, text: str) -> Any:
    if column in INT_COLUMNS:
        return int(text) if text else None
    if column in FLOAT_COLUMNS:
        return float(text) if text else None
    return text


def _restore_params(row: dict[str, Any]) -> dict[str, Any]:
    try:
        pairs = json.loads(row["point_key"])
    except (KeyError, ValueError) as exc:
        raise SweepFileError(f"row without a readable point_key: {row}") from exc
    for path, value in pairs:
        row[path] = value
    return row


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns = list(reader.fieldnames or [])
        rows = []
        for raw in reader:
            if None in raw or any(v is None for v in raw.values()):
                continue  # a line cut short by an interruption
            rows.append(_restore_params({k: _typed(k, v) for k, v in raw.items()}))
    return columns, rows


def _read_parquet(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
    try:
        import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise SweepFileError(PARQUET_HINT) from exc
    frame = pd.read_parquet(path)
    columns = [str(c) for c in frame.columns]
    rows = []
    for record in frame.astype(object).to_dict("records"):
        row = {str(k): _coerce(str(k), _from_pandas(v)) for k, v in record.items()}
        rows.append(_restore_params(row))
    return columns, rows


def _from_pandas(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):  # NaN: missing
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _coerce(column: str, value: Any) -> Any:
    if value is None:
        return None
    if column in INT_COLUMNS:
        return int(value)
    if column in FLOAT_COLUMNS:
        return float(value)
    return value


def read_results(path: str | Path) -> tuple[list[str], list[dict[str, Any]]]:
    """Columns and rows of a results file and of its unfinished journal (either may be absent)."""
    path = Path(path)
    columns: list[str] = []
    rows: list[dict[str, Any]] = []
    if is_parquet(path):
        if path.exists():
            columns, rows = _read_parquet(path)
        journal = journal_path(path)
        if journal.exists():
            journal_columns, journal_rows = _read_csv(journal)
            columns = columns or journal_columns
            rows += journal_rows
    elif path.exists():
        columns, rows = _read_csv(path)
    return columns, rows


class ResultSink:
    """Writes result rows to a CSV or Parquet file as runs finish (see the module docstring)."""

    def __init__(self, path: str | Path, columns: Sequence[str], params: Sequence[str]) -> None:
        """Open ``path`` to append to (rows already there stay; their columns must match)."""
        self.path = Path(path)
        self.columns = list(columns)
        self.params = set(params)
        self._journal = journal_path(self.path)
        existing, _ = read_results(self.path)
        if existing and existing != self.columns:
            raise SweepFileError(
                f"{self.path}: its columns ({', '.join(existing)}) differ from this sweep's "
                f"({', '.join(self.columns)}); write to another file"
            )
        fresh = not self._journal.exists() or self._journal.stat().st_size == 0
        self._handle = self._journal.open("a", newline="", encoding="utf-8")
        self._writer = csv.DictWriter(self._handle, fieldnames=self.columns)
        if fresh:
            self._writer.writeheader()
            self._handle.flush()

    def write(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Append rows and flush them to disk."""
        for row in rows:
            self._writer.writerow(
                {
                    column: format_value(row.get(column))
                    if column in self.params
                    else _cell(row.get(column))
                    for column in self.columns
                }
            )
        self._handle.flush()

    def close(self) -> None:
        """Close the file (a Parquet journal stays, for ``--resume``)."""
        if not self._handle.closed:
            self._handle.close()

    def finish(self) -> None:
        """Close, and for Parquet write the final file from everything and drop the journal."""
        self.close()
        if not is_parquet(self.path):
            return
        try:
            import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use
        except ImportError as exc:  # pragma: no cover - depends on the installed extras
            raise SweepFileError(PARQUET_HINT) from exc
        _, rows = read_results(self.path)
        frame = pd.DataFrame(rows, columns=self.columns)
        for column in self.params:
            frame[column] = [format_value(value) for value in frame[column]]
        frame.to_parquet(self.path, index=False)
        self._journal.unlink(missing_ok=True)
