"""Train the classifier and log the run to MLflow."""

import mlflow
import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import cross_val_score

FEATURES = ["Pclass", "Sex", "Age", "Fare"]


def prepare(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[FEATURES].copy()
    out["Sex"] = (out["Sex"] == "female").astype(int)
    out["Age"] = out["Age"].fillna(out["Age"].median())
    return out


def train(frame: pd.DataFrame) -> float:
    model = GradientBoostingClassifier()
    with mlflow.start_run():
        score = cross_val_score(model, prepare(frame), frame["Survived"], cv=5).mean()
        mlflow.log_metric("cv_accuracy", score)
    return float(score)
