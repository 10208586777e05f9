"""We test these aspects: ``jobsim serve FILE...`` reads its manifests as ``jobsim run`` does.

Lists are flattened (kubectl's ``kind: List``), and bad manifests stop the command with exit
code 2 and an ``error:`` line before anything listens (no port is bound by these tests).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jobsim.server.cli import serve

JOB = (
    "- apiVersion: batch/v1\n  kind: Job\n  metadata: {{name: {name}}}\n  spec:\n"
    "    template:\n      spec:\n        restartPolicy: Never\n"
    "        containers: [{{name: c, image: busybox}}]\n"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "apiVersion: v1\nkind: List\nitems: []\n",
            "error: {path}, document 1 (line 1), List: no objects in the List",
        ),
        (
            "apiVersion: v1\nkind: List\nitems:\n" + JOB.format(name="ok") + JOB.format(name="B"),
            'Error from server (Invalid): error when creating "{path}": Job.batch "B" is invalid',
        ),
    ],
    ids=["empty-list", "invalid-item-after-a-valid-one"],
)
def test_bad_manifests_stop_serve_with_exit_2(tmp_path: Path, text: str, message: str) -> None:
    """An empty List, or a List whose second Job is invalid, is exit 2 before listening."""
    path = tmp_path / "jobs.yaml"
    path.write_text(text)
    result = CliRunner().invoke(serve, [str(path), "--port", "1"])
    assert result.exit_code == 2
    assert message.format(path=path) in result.output
    assert "Traceback" not in result.output
