"""roadmap-bot: keep a learning roadmap honest."""

__version__ = "0.1.0"
