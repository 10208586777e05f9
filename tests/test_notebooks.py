"""We test these aspects: the notebooks in ``notebooks/`` run, and are committed clean.

- every notebook runs top to bottom in a fresh ``python3`` kernel (nbclient), from the
  ``notebooks/`` directory as Jupyter runs it, without an error, within its CI time budget
  (all four together stay under 90 s), and displays figures;
- every notebook is committed without outputs, execution counts or kernel-session metadata
  (the strip check) — run ``python tests/test_notebooks.py`` to strip them;
- the notebooks import jobsim only through its public API (``jobsim``, ``jobsim.plot``).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
IDS = [p.stem for p in PATHS]
PUBLIC_MODULES = {"jobsim", "jobsim.plot"}
NOTEBOOK_TIMEOUT = 60
"""Seconds one notebook may take (pytest-timeout); the four take about 25 s together."""
VOLATILE_METADATA = ("widgets", "execution", "collapsed", "scrolled")


def read(path: Path) -> nbformat.NotebookNode:
    """Read a notebook as nbformat 4."""
    book: nbformat.NotebookNode = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    return book


def strip_outputs(book: nbformat.NotebookNode) -> bool:
    """Remove outputs, execution counts and volatile metadata in place; True if anything changed."""
    changed = False
    for cell in book.cells:
        for key in VOLATILE_METADATA:
            changed |= cell.metadata.pop(key, None) is not None
        if cell.cell_type != "code":
            continue
        if cell.outputs or cell.execution_count is not None:
            cell.outputs, cell.execution_count = [], None
            changed = True
    for key in ("widgets",):
        changed |= book.metadata.pop(key, None) is not None
    return changed


def code_of(book: nbformat.NotebookNode) -> str:
    """The notebook's code cells as one Python source, IPython magics left out."""
    lines = [
        line
        for cell in book.cells
        if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if not line.lstrip().startswith(("%", "!"))
    ]
    return "\n".join(lines)


def test_strip_outputs_finds_and_removes_outputs() -> None:
    """An executed cell (output, execution count, volatile metadata) is found and cleaned."""
    executed = {
        "cell_type": "code",
        "source": "1 + 1",
        "execution_count": 3,
        "metadata": {"scrolled": True},
        "outputs": [{"output_type": "execute_result", "data": {"text/plain": "2"},
                     "metadata": {}, "execution_count": 3}],
    }  # fmt: skip
    book = nbformat.from_dict({"cells": [executed], "metadata": {}})  # type: ignore[no-untyped-call]
    cell = book.cells[0]
    assert strip_outputs(book)
    assert (cell.outputs, cell.execution_count, dict(cell.metadata)) == ([], None, {})
    assert not strip_outputs(book)


def test_the_four_notebooks_exist() -> None:
    """The tour, failure semantics, planning and Indexed Job notebooks are there."""
    assert IDS == ["01-tour", "02-failure-semantics", "03-planning", "04-indexed-jobs"]


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    """No outputs, execution counts or volatile metadata: ``python tests/test_notebooks.py``."""
    book = read(path)
    nbformat.validate(book)
    assert not strip_outputs(book), f"{path.name} has outputs: run python {Path(__file__).name}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_notebook_explains_itself(path: Path) -> None:
    """The notebook opens with a markdown title and has prose between its code cells."""
    book = read(path)
    assert book.cells[0].cell_type == "markdown"
    assert book.cells[0].source.startswith("# ")
    kinds = [c.cell_type for c in book.cells]
    assert kinds.count("markdown") >= kinds.count("code") // 2


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_notebook_uses_the_public_api_only(path: Path) -> None:
    """Imports of jobsim name only ``jobsim`` or ``jobsim.plot``."""
    tree = ast.parse(code_of(read(path)))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
    internal = {m for m in imported if m.split(".")[0] == "jobsim"} - PUBLIC_MODULES
    assert not internal, f"{path.name} imports internal modules {sorted(internal)}"


@pytest.mark.slow
@pytest.mark.timeout(NOTEBOOK_TIMEOUT)
@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_notebook_runs_top_to_bottom(path: Path) -> None:
    """A fresh kernel runs every cell without error and the notebook displays figures."""
    book = read(path)
    client = NotebookClient(
        book,
        kernel_name="python3",
        timeout=NOTEBOOK_TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()
    images = [
        output
        for cell in book.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "image/png" in output.get("data", {})
    ]
    errors = [
        o
        for c in book.cells
        if c.cell_type == "code"
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert errors == []
    assert images, f"{path.name} displays no figure"


def main(paths: list[str]) -> int:
    """Strip outputs from the given notebooks (default: all); print the ones changed."""
    for path in [Path(p) for p in paths] or PATHS:
        book = read(path)
        if strip_outputs(book):
            nbformat.write(book, path)  # type: ignore[no-untyped-call]
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
