"""The one fake GitHub: REST + GraphQL over real HTTP on 127.0.0.1, for tests and benchmarks."""

from tests.fakegithub.engine import Recorded
from tests.fakegithub.fake import FakeGitHub
from tests.fakegithub.faults import Fault

__all__ = ["FakeGitHub", "Fault", "Recorded"]
