import pandas as pd

from titanic.train import prepare


def test_prepare_encodes_sex_and_fills_age() -> None:
    frame = pd.DataFrame({"Pclass": [1, 3], "Sex": ["female", "male"], "Age": [30.0, None], "Fare": [80.0, 7.0]})
    out = prepare(frame)
    assert list(out["Sex"]) == [1, 0]
    assert out["Age"].isna().sum() == 0
