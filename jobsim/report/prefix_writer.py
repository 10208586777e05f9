"""kubectl describe's ``PrefixWriter`` and its multi-line label/annotation helpers.

Owns the text building blocks of ``staging/src/k8s.io/kubectl/pkg/describe/describe.go``:
``prefixWriter.Write`` (two spaces per level), ``WriteLine``, ``printLabelsMultiline``,
``printAnnotationsMultiline`` (sorted keys, ``last-applied-configuration`` skipped, long or
multi-line values folded at 140 characters) and ``printTolerationsMultilineWithIndent``. The
text is tab-separated; :func:`PrefixWriter.render` aligns it with the describe tab writer.

Pure; imports only :mod:`jobsim.report.tabwriter`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from jobsim.report.tabwriter import DESCRIBE

__all__ = ["MAX_ANNOTATION_LEN", "PrefixWriter"]

MAX_ANNOTATION_LEN = 140
"""``maxAnnotationLen``."""

_SKIP_ANNOTATIONS = frozenset({"kubectl.kubernetes.io/last-applied-configuration"})


class PrefixWriter:
    """Collects describe text; ``write(level, text)`` indents by two spaces per level."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, level: int, text: str) -> None:
        """``Write(level, format, ...)`` with the formatting already done by the caller."""
        self._parts.append("  " * level + text)

    def write_line(self, text: str = "") -> None:
        """``WriteLine``: the text and a newline, no indentation."""
        self._parts.append(text + "\n")

    def render(self) -> str:
        """The aligned text, as ``tabbedString`` returns it."""
        return DESCRIBE.format("".join(self._parts))

    def labels_multiline(self, title: str, labels: Mapping[str, str] | None) -> None:
        """``printLabelsMultiline``: ``Title:\\tk=v``, continuation lines ``\\tk=v``."""
        self.write(0, f"{title}:\t")
        if not labels:
            self.write_line("<none>")
            return
        for i, key in enumerate(sorted(labels)):
            if i != 0:
                self.write(0, "\t")
            self.write(0, f"{key}={labels[key]}\n")

    def annotations_multiline(self, title: str, annotations: Mapping[str, str] | None) -> None:
        """``printAnnotationsMultiline``: ``k: v`` lines, long values folded."""
        self.write(0, f"{title}:\t")
        keys = sorted(k for k in annotations or {} if k not in _SKIP_ANNOTATIONS)
        if not keys:
            self.write_line("<none>")
            return
        for i, key in enumerate(keys):
            if i != 0:
                self.write(0, "\t")
            value = (annotations or {})[key].removesuffix("\n")
            if len(value) + len(key) + 2 > MAX_ANNOTATION_LEN or "\n" in value:
                self.write(0, f"{key}:\n")
                for line in value.split("\n"):
                    self.write(0, f"\t  {_shorten(line, MAX_ANNOTATION_LEN - 2)}\n")
            else:
                self.write(0, f"{key}: {value}\n")

    def tolerations_multiline(self, title: str, tolerations: Sequence[Any] | None) -> None:
        """``printPodTolerationsMultiline``: ``key=value:Effect op=Exists for Ns``."""
        self.write(0, f"{title}:\t")
        items = [t for t in tolerations or () if isinstance(t, Mapping)]
        if not items:
            self.write_line("<none>")
            return
        items.sort(key=lambda t: str(t.get("key") or ""))
        for i, tol in enumerate(items):
            if i != 0:
                self.write(0, "\t")
            key, value, effect = (str(tol.get(k) or "") for k in ("key", "value", "effect"))
            text = key + (f"={value}" if value else "") + (f":{effect}" if effect else "")
            if tol.get("operator") == "Exists" and not value:
                text += " op=Exists" if key or effect else "op=Exists"
            if tol.get("tolerationSeconds") is not None:
                text += f" for {tol['tolerationSeconds']}s"
            self.write(0, text + "\n")


def _shorten(text: str, max_length: int) -> str:
    return text[:max_length] + "..." if len(text) > max_length else text
