"""Run the command line: ``python -m roadmap_bot``."""

from roadmap_bot.cli import main

raise SystemExit(main())
