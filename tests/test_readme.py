"""We test these aspects: the README's Python example runs as written, and its two commands
are the ones CI runs.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


def test_readme_python_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every ```python block of the README runs top to bottom from the repository root."""
    monkeypatch.chdir(ROOT)
    blocks = _blocks("python")
    assert blocks
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)


def test_readme_has_exactly_two_commands_first() -> None:
    """The first ```bash block holds exactly the install-and-run and the test commands."""
    first = _blocks("bash")[0].strip().splitlines()
    assert len(first) == 2
    assert "jobsim run scenarios/" in first[0]
    assert "pytest" in first[1]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "sed -n 2p" in ci  # .ci/run runs the second line of that block, verbatim
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
