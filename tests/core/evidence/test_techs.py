"""The technology catalog: every listed technology, aliases, additions, and detection evidence."""

from __future__ import annotations

import pytest

from roadmap_bot.adapters.catalog_file import shipped_catalog
from roadmap_bot.core.evidence.facts import build_facts
from roadmap_bot.core.evidence.result import CheckResult
from roadmap_bot.core.evidence.snapshot import RepoSnapshot
from roadmap_bot.core.evidence.techs import (
    Catalog,
    CatalogError,
    catalog_problems,
    detect_facts,
    load_catalog,
    merge_catalog,
)


def detect(snapshot: RepoSnapshot, catalog: Catalog) -> dict[str, CheckResult]:
    """The technologies ``snapshot`` uses, as ``run_checks`` detects them."""
    return detect_facts(build_facts(snapshot), catalog)


REQUIRED = (
    "pytorch tensorflow keras jax scikit-learn xgboost lightgbm pandas numpy polars matplotlib "
    "seaborn plotly jupyter transformers datasets tokenizers peft sentence-transformers langchain "
    "llama-index openai anthropic pinecone weaviate milvus chromadb faiss qdrant fastapi flask "
    "streamlit gradio docker kubernetes helm airflow prefect dagster kubeflow bentoml seldon kserve "
    "feast prometheus grafana dvc mlflow wandb whisper clip opencv pytest github-actions terraform "
    "aws gcp azure"
).split()


def snap(paths: dict[str, str], *, unread: tuple[str, ...] = ()) -> RepoSnapshot:
    return RepoSnapshot("o/r", "h", tuple(sorted([*paths, *unread])), paths)


def test_the_shipped_catalog_has_every_required_technology_with_a_display_name() -> None:
    catalog = shipped_catalog()
    assert set(REQUIRED) <= set(catalog.techs)
    assert all(catalog.techs[name].display for name in REQUIRED)


@pytest.mark.parametrize(
    ("alias", "tech"),
    [
        ("Scikit-learn", "scikit-learn"),
        ("sklearn", "scikit-learn"),
        ("Hugging Face", "transformers"),
        ("W&B", "wandb"),
        ("Weights & Biases", "wandb"),
        ("k8s", "kubernetes"),
        ("PyTorch", "pytorch"),
        ("LlamaIndex", "llama-index"),
        ("GitHub Actions", "github-actions"),
        ("nonsense", None),
    ],
)
def test_names_resolve_as_people_write_them(alias: str, tech: str | None) -> None:
    assert shipped_catalog().resolve(alias) == tech


def test_roadmap_additions_add_and_replace_technologies() -> None:
    merged = merge_catalog(
        shipped_catalog(),
        {
            "duckdb": {"display": "DuckDB", "packages": ["duckdb"]},
            "pandas": {"packages": ["pandas-lite"]},
        },
    )
    assert merged.resolve("DuckDB") == "duckdb"
    found = detect(snap({"requirements.txt": "duckdb\npandas-lite\npandas\n"}), merged)
    assert set(found) == {"duckdb", "pandas"}
    assert "pandas-lite in requirements.txt" in found["pandas"].reason
    assert "pandas in requirements.txt" not in found["pandas"].reason.replace("pandas-lite", "")


def test_malformed_catalog_data_is_reported_with_key_paths() -> None:
    data = {"Bad Name": {}, "x": {"packages": "torch", "colour": "red", "code": ["("]}}
    messages = {(p.path, p.message.split(":")[0]) for p in catalog_problems(data)}
    assert (("Bad Name",), "technology names are lowercase words") in messages
    assert (("x", "packages"), "packages must be a list of strings") in messages
    assert (("x", "colour"), "unknown key 'colour'") in messages
    assert (("x", "code", 0), "bad regex") in messages
    with pytest.raises(CatalogError, match=r"x\.packages: packages must be a list"):
        load_catalog(data)


def test_detection_reads_manifests_imports_images_files_and_code() -> None:
    texts = {
        "requirements.txt": "torch==2.2\n",
        "web/package.json": '{"dependencies": {"@aws-sdk/client-s3": "3"}}',
        "docker-compose.yml": "services:\n  v:\n    image: semitechnologies/weaviate:1.24\n",
        "src/store.py": "from google.cloud import storage\nimport tensorflow as tf\nmodel = tf.keras.Sequential()\n",
        "infra/main.tf": "",
        "charts/app/Chart.yaml": "",
    }
    found = detect(snap(texts), shipped_catalog())
    assert {
        "pytorch",
        "aws",
        "weaviate",
        "gcp",
        "tensorflow",
        "keras",
        "terraform",
        "helm",
        "docker",
    } <= set(found)
    assert found["pytorch"].reason == "uses:pytorch: PyTorch — torch in requirements.txt"
    assert "import google.cloud" in found["gcp"].reason and found["gcp"].paths == ("src/store.py",)
    assert "'tf.keras' in src/store.py" in found["keras"].reason
    assert found["terraform"].paths == ("infra/main.tf",)


def test_code_that_only_mentions_a_library_in_a_comment_is_not_evidence() -> None:
    texts = {"train.py": "# import wandb  (maybe later)\nimport numpy\n"}
    assert set(detect(snap(texts), shipped_catalog())) == {"numpy"}


def test_a_local_module_named_like_a_library_is_not_that_library() -> None:
    texts = {"app/train.py": "import datasets\nimport transformers\n"}
    found = detect(snap(texts, unread=("app/datasets.py",)), shipped_catalog())
    assert "datasets" not in found and "transformers" in found


def test_vendored_files_are_not_evidence() -> None:
    found = detect(
        snap({}, unread=("node_modules/x/Chart.yaml", ".venv/x/main.tf")), shipped_catalog()
    )
    assert found == {}


def test_file_evidence_is_capped_but_complete_in_kind() -> None:
    paths = tuple(f"nb/{i}.ipynb" for i in range(50))
    found = detect(RepoSnapshot("o/r", "h", paths, {}), shipped_catalog())
    assert len(found["jupyter"].paths) == 3
