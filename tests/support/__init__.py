"""Helpers the tests share (no tests here): harnesses, sample data, assertions."""
