"""Go's ``text/tabwriter`` column alignment, as kubectl uses it for tables and ``describe``.

Owns the alignment algorithm of Go's ``text/tabwriter`` (``src/text/tabwriter/tabwriter.go``:
``format`` and ``writeLines``) for the configurations kubectl uses:

- ``kubectl get`` tables: ``printers.GetNewTabWriter`` (``cli-runtime/pkg/printers/tabwriter.go``),
  minwidth 6, tabwidth 4, padding 3, pad char ``' '``;
- ``kubectl describe``: ``tabbedString`` (``kubectl/pkg/describe/describe.go``), minwidth 0,
  tabwidth 8, padding 2, pad char ``' '``.

Text is split into lines at ``\\n`` and cells at ``\\t``; a cell is tab-terminated, so the text
after a line's last tab is not part of any column. A column *block* is a run of consecutive lines
that all have a cell in that column; its width is the widest cell plus padding, at least minwidth.
Cells are padded to the block width; the last cell of a line is written as is (so a line whose
last cell is empty keeps the padding of the cell before it, as Go does). Only space-like pad
characters are supported (no ``'\t'`` padding, so ``tabwidth`` is informational), and no flags.

Pure: standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DESCRIBE", "KUBECTL_GET", "TabWriter", "tabwrite"]


@dataclass(frozen=True)
class TabWriter:
    """The parameters of a Go ``tabwriter.Writer`` (space padding, no flags)."""

    minwidth: int
    tabwidth: int
    padding: int
    padchar: str = " "

    def format(self, text: str) -> str:
        """Align ``text`` as ``tabwriter.Writer`` does on ``Write(text)`` then ``Flush()``."""
        return tabwrite(text, self)


KUBECTL_GET = TabWriter(minwidth=6, tabwidth=4, padding=3)
"""``GetNewTabWriter``: ``tabwriterMinWidth=6, tabwriterWidth=4, tabwriterPadding=3``."""

DESCRIBE = TabWriter(minwidth=0, tabwidth=8, padding=2)
"""``tabbedString``: ``out.Init(buf, 0, 8, 2, ' ', 0)``."""


def tabwrite(text: str, writer: TabWriter) -> str:
    """Align tab-separated cells of ``text`` the way Go's ``text/tabwriter`` does."""
    lines = [line.split("\t") for line in text.split("\n")]
    # The text after the last newline is flushed unterminated: Go adds its last cell only when
    # it is not empty (``flushNoDefers``), so ``"a\tb\t"`` leaves ``b`` outside any column.
    if len(lines[-1]) > 1 and not lines[-1][-1]:
        lines[-1].pop()
    return "\n".join(_Formatter(lines, writer).run())


class _Formatter:
    """Go's ``Writer.format``/``writeLines`` over pre-split lines."""

    def __init__(self, lines: list[list[str]], writer: TabWriter) -> None:
        self.lines = lines
        self.writer = writer
        self.out: list[str] = []

    def run(self) -> list[str]:
        self.format(0, len(self.lines), [])
        return self.out

    def format(self, line0: int, line1: int, widths: list[int]) -> None:
        """Find the column blocks of column ``len(widths)`` between two lines, recursively."""
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(self.lines[this]) - 1:
                this += 1
                continue
            self.write_lines(line0, this, widths)
            line0 = this
            width = self.writer.minwidth
            while this < line1 and column < len(self.lines[this]) - 1:
                width = max(width, len(self.lines[this][column]) + self.writer.padding)
                this += 1
            self.format(line0, this, [*widths, width])
            line0 = this
        self.write_lines(line0, line1, widths)

    def write_lines(self, line0: int, line1: int, widths: list[int]) -> None:
        """Write lines, padding every cell that belongs to a column."""
        pad = self.writer.padchar
        for line in self.lines[line0:line1]:
            parts: list[str] = []
            for j, cell in enumerate(line):
                parts.append(cell)
                if j < len(widths):
                    parts.append(pad * (widths[j] - len(cell)))
            self.out.append("".join(parts))
