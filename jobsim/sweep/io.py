"""Result files of a sweep: rows written as runs finish, read back for ``--resume``.

Owns :class:`ResultSink` and :func:`read_results`. A CSV output is appended to and flushed after
every run, so an interrupted sweep keeps what it did. A Parquet output cannot be appended to: its
rows go to a journal beside it (``results.parquet.partial.csv``) as runs finish, and
:meth:`ResultSink.finish` writes the Parquet file (earlier rows and the journal's) and removes
the journal. Parameter values are written as text (JSON for lists and mappings); reading a file
back restores them from the ``point_key`` column. Parquet needs pandas and pyarrow (imported on
use). :func:`check_output` refuses an output before the sweep runs: a suffix other than
``.csv``, ``.parquet`` or ``.pq`` (no silent guess of the format), a folder that is not there, a
directory, a file that cannot be written. Every :class:`SweepFileError` message starts with the
file's path; ``OSError`` on reading or writing becomes one. Must not import the simulation.
"""

from __future__ import annotations

import contextlib
import csv
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

__all__ = [
    "OUTPUT_SUFFIXES",
    "ResultSink",
    "SweepFileError",
    "check_output",
    "format_value",
    "journal_path",
    "read_results",
]

INT_COLUMNS: Final = frozenset(
    {"point", "seed", "succeeded", "failed", "max_active", "expectations_failed"}
)
FLOAT_COLUMNS: Final = frozenset(
    {"makespan", "pod_seconds", "wasted_pod_seconds", "time_to_first_pod"}
)
PARQUET_SUFFIXES: Final = (".parquet", ".pq")
PARQUET_HINT: Final = "Parquet output needs pandas and pyarrow: pip install 'jobsim[sweep]'"
OUTPUT_SUFFIXES: Final = (".csv", *PARQUET_SUFFIXES)


class SweepFileError(ValueError):
    """A results file that cannot be written, read or resumed from."""


def is_parquet(path: Path) -> bool:
    """Whether ``path`` names a Parquet file (by its suffix)."""
    return path.suffix.lower() in PARQUET_SUFFIXES


def check_output(path: str | Path) -> None:
    """Raise :class:`SweepFileError` unless ``path`` can receive results (see the docstring)."""
    target = Path(path)
    for file in (target, journal_path(target)):
        if file.is_dir():
            raise SweepFileError(
                f"{path}: is a directory" + ("" if file == target else f": {file}")
            )
    if target.suffix.lower() not in OUTPUT_SUFFIXES:
        shown = repr(target.suffix) if target.suffix else "(none)"
        raise SweepFileError(
            f"{path}: unsupported file name suffix {shown}: a results file ends in .csv, "
            "or .parquet or .pq for Parquet"
        )
    folder = target.parent
    if not folder.is_dir():
        reason = "not a directory" if folder.exists() else "no such directory"
        raise SweepFileError(f"{path}: {reason}: {folder}")
    writable = os.access(folder, os.W_OK | os.X_OK)
    if not writable or (target.exists() and not os.access(target, os.W_OK)):
        raise SweepFileError(f"{path}: Permission denied")


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
    except (KeyError, ValueError, TypeError) as exc:
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
    """Columns and rows of a results file and of its unfinished journal (either may be absent).

    Raises :class:`SweepFileError` (starting with the path) for a file it cannot read.
    """
    try:
        return _read_results(Path(path))
    except SweepFileError as exc:
        message = str(exc)
        if message.startswith(f"{path}: "):
            raise
        raise SweepFileError(f"{path}: {message}") from exc
    except (OSError, ValueError, csv.Error) as exc:  # unreadable, not UTF-8, not Parquet...
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SweepFileError(f"{path}: cannot read it as a results file: {reason}") from exc


def _read_results(path: Path) -> tuple[list[str], list[dict[str, Any]]]:
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
        try:
            fresh = not self._journal.exists() or self._journal.stat().st_size == 0
            self._handle = self._journal.open("a", newline="", encoding="utf-8")
        except OSError as exc:
            raise self._error(exc) from exc
        self._writer = csv.DictWriter(self._handle, fieldnames=self.columns)
        if fresh:
            try:
                self._flush(self._writer.writeheader)
            except SweepFileError:
                with contextlib.suppress(OSError):  # the same error again, on the same flush
                    self._handle.close()
                raise

    def _error(self, exc: OSError) -> SweepFileError:
        return SweepFileError(f"{self.path}: {exc.strerror or exc}")

    def _flush(self, write: Any) -> None:
        try:
            write()
            self._handle.flush()
        except OSError as exc:
            raise self._error(exc) from exc

    def write(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Append rows and flush them to disk; raise :class:`SweepFileError` on ``OSError``."""
        self._flush(
            lambda: self._writer.writerows(
                {
                    column: format_value(row.get(column))
                    if column in self.params
                    else _cell(row.get(column))
                    for column in self.columns
                }
                for row in rows
            )
        )

    def close(self) -> None:
        """Close the file (a Parquet journal stays, for ``--resume``)."""
        if not self._handle.closed:
            try:
                self._handle.close()
            except OSError as exc:
                raise self._error(exc) from exc

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
        try:
            frame.to_parquet(self.path, index=False)
            self._journal.unlink(missing_ok=True)
        except OSError as exc:
            raise self._error(exc) from exc
