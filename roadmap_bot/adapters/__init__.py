"""Adapters: each wraps one outside system (files, git, GitHub, the Actions environment)."""
