"""A person nests two flat topics of the sync harness's roadmap under a new parent ``basics``:
``phase0.topic-0`` and ``phase0.topic-1`` become ``phase0.basics.topic-0`` and ``…topic-1``."""

from __future__ import annotations

FLAT_TOPICS = (
    '          - id: topic-0\n            title: "Topic 0"\n'
    '          - id: topic-1\n            title: "Topic 1"\n'
)
NESTED_TOPICS = (
    '          - id: basics\n            title: "Basics"\n            items:\n'
    '              - id: topic-0\n                title: "Topic 0"\n'
    '              - id: topic-1\n                title: "Topic 1"\n'
)


def nested(flat: str) -> str:
    """The harness's roadmap.yaml ``flat`` with topic-0 and topic-1 under ``basics``."""
    assert flat.count(FLAT_TOPICS) == 1
    return flat.replace(FLAT_TOPICS, NESTED_TOPICS)
