from sentiment import score


def test_positive_words_score() -> None:
    assert score("What a wonderful film") == 1
