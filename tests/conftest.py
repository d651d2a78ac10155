"""Shared pytest configuration: fixtures live in helper packages under tests/."""

pytest_plugins = ["tests.fakegithub.pytest_plugin"]
