"""Fixtures the fake GitHub's own tests share."""

from __future__ import annotations

import github
import pytest

from tests.fakegithub.fake import FakeGitHub


@pytest.fixture
def gh(fake: FakeGitHub) -> github.Github:
    """PyGithub pointed at the test's ``fake`` (each test module defines what it holds)."""
    return fake.pygithub()
