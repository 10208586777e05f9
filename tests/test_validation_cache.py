"""We test these aspects: remembered validation answers are the answers validation gives.

The string validators of ``jobsim.api.content`` remember strings they found valid (a bounded
set each); the apiserver skips re-validating metadata that did not change on an update (the
stored object passed those checks). Neither may change any answer: an invalid string keeps
its exact upstream messages however often it is checked, the bound is harmless, and an update
that *does* change metadata is validated in full (apimachinery ``objectmeta.go``:
``ValidateObjectMetaUpdate`` and ``ValidateLabels``).
"""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
from apiserver_builders import make_pod, status_of

from jobsim.api import content
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.store import APIServer

BAD_KEY_MESSAGE = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
    "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


@pytest.mark.parametrize(
    ("check", "value", "first_message"),
    [
        (content.is_label_key, "bad key!", BAD_KEY_MESSAGE),
        (content.is_label_value, "-x", None),
        (content.is_dns1123_label, "Upper", None),
        (content.is_dns1123_subdomain, "a..b", None),
    ],
    ids=["label-key", "label-value", "dns-label", "dns-subdomain"],
)
def test_invalid_answers_never_cached(
    check: Callable[[str], list[str]], value: str, first_message: str | None
) -> None:
    """An invalid string gets the same non-empty messages every time."""
    first = check(value)
    assert first
    assert check(value) == first
    if first_message is not None:
        assert first[0] == first_message


def test_cache_bound_keeps_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the bound the set starts over; valid and invalid answers stay the same."""
    monkeypatch.setattr(content, "_VALID_CACHE_LIMIT", 4)
    for i in range(20):
        assert content.is_label_value(f"v{i}") == []
    assert content.is_label_value("v0") == []
    assert content.is_label_value("-bad") != []


def test_unchanged_metadata_update_is_accepted() -> None:
    """A status write that leaves metadata as stored succeeds (and bumps resourceVersion)."""
    api = APIServer(rng=random.Random(0))
    pod = make_pod(api, "p", labels={"app": "x"})
    status = pod.status.model_copy(update={"phase": "Running"})
    stored = api.replace_status(Pod, pod.model_copy(update={"status": status}))
    assert int(stored.metadata.resource_version or 0) > int(pod.metadata.resource_version or 0)


def test_changed_metadata_is_still_validated() -> None:
    """An update that adds a bad label key is rejected with the upstream 422 message."""
    api = APIServer(rng=random.Random(0))
    pod = make_pod(api, "p", labels={"app": "x"})
    meta = pod.metadata.model_copy(update={"labels": {"app": "x", "bad key!": "y"}})
    body = pod.model_copy(update={"metadata": meta})
    status = status_of(lambda: api.replace(Pod, body))
    assert status["code"] == 422
    assert (
        status["details"]["causes"][0]["message"] == f'Invalid value: "bad key!": {BAD_KEY_MESSAGE}'
    )
