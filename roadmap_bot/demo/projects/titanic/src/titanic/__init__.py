"""Titanic survival classifier."""
