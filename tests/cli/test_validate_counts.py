"""``roadmap-bot validate`` counts items as the README's progress does: leaves, an item with
children counting through them; the parents are named when there are any."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmap_bot.cli import main
from roadmap_bot.core.model import State
from roadmap_bot.core.progress import roadmap_progress
from roadmap_bot.core.schema import load_roadmap

NESTED = """version: 1
title: T
phases:
  - id: phase1
    title: Vision
    sections:
      - title: Models
        kind: topic
        items:
          - id: cnn
            title: CNN
            items:
              - id: resnet
                title: ResNet
              - id: vgg
                title: VGG
          - id: vit
            title: ViT
      - title: Deeper
        kind: topic
        items:
          - id: detection
            title: Detection
            items:
              - id: two-stage
                title: Two-stage
                items:
                  - id: rcnn
                    title: R-CNN
  - id: phase2
    title: Text
    sections:
      - title: Topics
        kind: topic
        items:
          - id: rag
            title: RAG
"""


def test_validate_counts_leaves_as_progress_does_and_names_the_parents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "roadmap.yaml"
    config.write_text(NESTED, encoding="utf-8")
    assert roadmap_progress(load_roadmap(NESTED), State()).total == 5
    assert main(["validate", str(config)]) == 0
    out = capsys.readouterr().out
    assert "2 phases, 3 sections, 5 items (3 of them grouped under 3 parent items)" in out


def test_validate_of_a_flat_roadmap_prints_only_the_item_count(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "roadmap.yaml"
    flat = NESTED.split("      - title: Deeper")[0].replace(
        "            items:\n              - id: resnet\n                title: ResNet\n"
        "              - id: vgg\n                title: VGG\n",
        "",
    )
    config.write_text(flat, encoding="utf-8")
    assert main(["validate", str(config)]) == 0
    out = capsys.readouterr().out
    assert out.endswith(" 1 sections, 2 items\n") and "parent" not in out
