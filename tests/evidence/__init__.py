"""Evidence-engine test helpers: the accuracy corpus and real repos made from it."""
