"""Helpers shared by the feature tests (``tests/test_feature_*.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from jobsim.behavior import PodBehavior
from jobsim.cli import main


def jobsim_run(scenario: Path, *args: str) -> dict[str, Any]:
    """``jobsim run SCENARIO --until 10m -o json ARGS``: the one Job it prints."""
    result = CliRunner().invoke(main, ["run", str(scenario), "--until", "10m", "-o", "json", *args])
    assert result.exit_code == 0, result.output
    (job,) = json.loads(result.output)["items"]
    assert isinstance(job, dict)
    return job


def behavior(**fields: Any) -> PodBehavior:
    """A pod behaviour from its fields (durations as seconds)."""
    return PodBehavior.model_validate(fields)
