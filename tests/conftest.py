"""Shared pytest configuration: fixtures live in helper packages under tests/."""

pytest_plugins = ["tests.fakegithub.pytest_plugin"]


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Print the convergence figures before pytest's closing line (which CI reads last)."""
    import sys

    module = sys.modules.get("tests.support.convergence")
    summary = getattr(module, "convergence_summary", None)
    line = summary() if summary else None
    if line:
        terminalreporter.write_line(line)  # type: ignore[attr-defined]
