"""Shared pytest configuration: fixtures live in helper packages under tests/."""
