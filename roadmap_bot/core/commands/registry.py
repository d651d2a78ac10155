"""Every command the bot answers, one ``CommandSpec`` record each, in the order help lists them.

Adding a command is one record here, its effect (``effects.py``) and its reply text (a template
in roadmap_bot/templates/ named by ``section``, or the reply line ``said``): the grammar,
the permission, the result list, the help table and the reply all read this table.
"""

from __future__ import annotations

from roadmap_bot.core.commands.effects import link, skip, tick, unlink, unskip, untick
from roadmap_bot.core.commands.spec import ArgKind, CommandName, CommandSpec, Then

SPECS: dict[str, CommandSpec] = {
    spec.name: spec
    for spec in (
        CommandSpec(
            CommandName.DONE,
            "ID [note or URL]",
            "tick an item by hand",
            ArgKind.TEXT,
            effect=tick,
            result="ticked",
        ),
        CommandSpec(
            CommandName.UNDO,
            "ID",
            "take back a tick",
            effect=untick,
            result="unticked",
            then=Then.EVIDENCE,
        ),
        CommandSpec(
            CommandName.SKIP,
            "ID [reason]",
            "mark an item not planned",
            ArgKind.TEXT,
            effect=skip,
            result="skipped",
            noun="reason",
        ),
        CommandSpec(
            CommandName.UNSKIP,
            "ID",
            "plan a skipped item again",
            effect=unskip,
            result="unskipped",
            then=Then.EVIDENCE,
        ),
        CommandSpec(
            CommandName.LINK,
            "ID REPO",
            "add a repository as evidence",
            ArgKind.REPO,
            effect=link,
            result="linked",
            then=Then.LINKED,
        ),
        CommandSpec(
            CommandName.UNLINK,
            "ID REPO",
            "remove a repository added with /link",
            ArgKind.REPO,
            effect=unlink,
            result="unlinked",
        ),
        CommandSpec(
            CommandName.CHECK,
            "ID",
            "check an item's evidence now",
            read_only=True,
            said="see below",
            then=Then.NOTHING,
        ),
        CommandSpec(
            CommandName.STATUS,
            "",
            "show progress",
            read_only=True,
            said="progress below",
            then=Then.NOTHING,
        ),
        CommandSpec(CommandName.NEXT, "", "open issues for the next items", then=Then.NEXT),
        CommandSpec(
            CommandName.HELP,
            "",
            "show this help",
            read_only=True,
            section="help.md.j2",
            said="the commands are below",
            then=Then.NOTHING,
        ),
    )
}


def result_fields() -> list[str]:
    """The RespondResult change lists, in registry order, once each."""
    return list(dict.fromkeys(s.result for s in SPECS.values() if s.result))


def read_only_usage() -> str:
    """The read-only commands as the refusal names them: "`/check`, `/status` and `/help`"."""
    words = [f"`/{s.name}`" for s in SPECS.values() if s.read_only]
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
