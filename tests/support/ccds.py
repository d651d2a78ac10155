"""A README as cookiecutter-data-science v2 writes it (test data for the boilerplate check).

From the template source ``{{ cookiecutter.repo_name }}/README.md`` of
https://github.com/drivendataorg/cookiecutter-data-science at tag v2.3.0 (MIT licence), with
the answers filled in (project name, a one-line description, module name ``house_prices``);
the directory tree is shortened to its first half, as a minimal sample of the template's text.
"""

from __future__ import annotations

DESCRIPTION = "Predicting house prices in Ames, Iowa from tabular sales data."

OWN_SENTENCES = (
    "The model is a gradient-boosted regressor trained on the 2010 Ames housing sales and it "
    "reaches a root mean squared error of 0.12 on the log price. Run make data and then make "
    "train to reproduce every number in the report. The notebook in the notebooks folder explains "
    "each feature we engineered and why we dropped the rest."
)

CCDS_README = """# House Prices

<a target="_blank" href="https://cookiecutter-data-science.drivendata.org/">
    <img src="https://img.shields.io/badge/CCDS-Project%20template-328F97?logo=cookiecutter" />
</a>

{description}

## Project Organization

```
├── LICENSE            <- Open-source license if one is chosen
├── Makefile           <- Makefile with convenience commands like `make data` or `make train`
├── README.md          <- The top-level README for developers using this project.
├── data
│   ├── external       <- Data from third party sources.
│   ├── interim        <- Intermediate data that has been transformed.
│   ├── processed      <- The final, canonical data sets for modeling.
│   └── raw            <- The original, immutable data dump.
│
├── docs               <- A default mkdocs project; see www.mkdocs.org for details
│
├── models             <- Trained and serialized models, model predictions, or model summaries
│
├── notebooks          <- Jupyter notebooks. Naming convention is a number (for ordering),
│                         the creator's initials, and a short `-` delimited description, e.g.
│                         `1.0-jqp-initial-data-exploration`.
│
└── house_prices   <- Source code for use in this project.
```

--------
"""


def ccds_readme(own: str = "") -> str:
    """The generated README with the one-line description, and ``own`` prose after it."""
    return CCDS_README.format(description=DESCRIPTION + ("\n\n" + own if own else ""))


def ccds_repo(own: str = "") -> dict[str, str]:
    """A minimal repo as the template generates it (the files the checks read)."""
    return {
        "README.md": ccds_readme(own),
        "requirements.txt": "pandas\nscikit-learn\n",
        "house_prices/__init__.py": "",
        "house_prices/dataset.py": "import pandas as pd\n",
    }
