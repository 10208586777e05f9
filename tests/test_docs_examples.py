"""We test these aspects: every ```python block of ``docs/*.md`` runs as written.

- each block runs top to bottom in a fresh namespace whose ``__name__`` is ``"__main__"``, from a
  temporary directory that holds the repository's ``scenarios/`` and the files the page defines
  (a ```yaml block whose first line is ``# NAME.yaml: ...``), so the blocks may write files;
- ``docs/serve.md``'s client block talks to a served simulation (the seed's example Job at
  ``--speed 60``) at the address the page names, rewritten to the test server's;
- the one block that is expensive by design (``docs/sweeps.md``: 100 seeds) runs with fewer
  seeds in process, an edit the test checks is still possible (the text it replaces exists).

The README's block is run by ``tests/test_readme.py``. No block is skipped: a page gaining a
block gains a test case.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_server_support import EXAMPLE_JOB

import jobsim
from jobsim.server import ServerThread

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGE_ADDRESS = "http://127.0.0.1:8001"
"""The address the pages use (``jobsim serve``'s default, ``kubectl proxy``'s)."""
REWRITES: dict[tuple[str, int], list[tuple[str, str]]] = {
    ("sweeps.md", 0): [("seeds=100,", "seeds=2, workers=1,")],
}
"""Edits that keep a block cheap, by (page, block number): (text on the page, replacement)."""


def _blocks(page: Path, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", page.read_text(), flags=re.DOTALL | re.M)


def _cases() -> list[tuple[Path, int, str]]:
    return [(page, i, block) for page in DOCS for i, block in enumerate(_blocks(page, "python"))]


CASES = _cases()


def _page_files(page: Path) -> dict[str, str]:
    """The files a page defines: ```yaml blocks whose first line is ``# NAME.yaml: ...``."""
    files: dict[str, str] = {}
    for block in _blocks(page, "yaml"):
        named = re.match(r"# ([\w.-]+\.yaml):", block)
        if named:
            files[named.group(1)] = block
    return files


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch directory with ``scenarios/`` (a link to the repository's) as the cwd."""
    (tmp_path / "scenarios").symlink_to(ROOT / "scenarios", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    return tmp_path


@pytest.fixture(scope="module")
def served() -> Iterator[ServerThread]:
    """The seed's example Job served at 60 simulated seconds per wall second."""
    sim = jobsim.Simulation()
    sim.apply(EXAMPLE_JOB)
    with ServerThread(sim, speed=60) as server:
        yield server


def test_every_page_with_python_is_collected() -> None:
    """The pages whose examples this module runs are found (a glob that finds none fails)."""
    assert {page.name for page, _, _ in CASES} >= {"scenarios.md", "serve.md", "sweeps.md"}


@pytest.mark.parametrize(
    ("page", "number", "block"),
    CASES,
    ids=[f"{page.stem}-{number}" for page, number, _ in CASES],
)
def test_python_block_runs(
    page: Path, number: int, block: str, workdir: Path, served: ServerThread
) -> None:
    """The block runs without an exception from a directory with the page's files."""
    for name, text in _page_files(page).items():
        (workdir / name).write_text(text)
    for old, new in REWRITES.get((page.name, number), []):
        assert old in block, f"{page.name} block {number} no longer contains {old!r}"
        block = block.replace(old, new)
    block = block.replace(PAGE_ADDRESS, served.url)
    namespace: dict[str, object] = {"__name__": "__main__"}
    try:
        exec(compile(block, f"{page.name} block {number}", "exec"), namespace)
    finally:
        if "matplotlib.pyplot" in sys.modules:
            import matplotlib.pyplot as plt  # noqa: PLC0415 - only when a block used pyplot

            plt.close("all")
