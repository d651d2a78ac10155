"""A tiny sentiment classifier."""

POSITIVE = {"good", "great", "wonderful", "love"}


def score(text: str) -> int:
    return sum(word in POSITIVE for word in text.lower().split())
