"""Fixtures the jobs tests share."""

from __future__ import annotations

import pytest

from tests.fakegithub.fake import FakeGitHub
from tests.support.respond import seed


@pytest.fixture
def fake(fake_github: FakeGitHub) -> FakeGitHub:
    """The fake GitHub holding the roadmap repo of ``tests/support/respond.py`` and its people."""
    seed(fake_github)
    return fake_github
