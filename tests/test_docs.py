"""The README cannot drift from the tool: its command table names every command and no
other, and its Quickstart's test command is the one `.ci/run` runs."""

import re
from pathlib import Path

from typer.main import get_command

import cli

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _cli_commands() -> set[str]:
    found = set()
    for name, command in get_command(cli.app).commands.items():
        if hasattr(command, "commands"):
            found |= {f"{name} {sub}" for sub in command.commands}
        else:
            found.add(name)
    return found


def _table_commands() -> set[str]:
    section = README.split("### Commands", 1)[1].split("\n\n", 2)[1]
    found = set()
    for row in section.splitlines()[2:]:
        for chunk in re.findall(r"`([^`]+)`", row.split("|")[1]):
            words = chunk.split()
            if words[0] in ("sources", "topics"):
                found |= {f"{words[0]} {sub.strip()}" for sub in " ".join(words[1:]).split("/")
                          if sub.strip() and sub.strip().split()[0].islower()}
            else:
                found.add(words[0])
    return found


def test_the_readme_command_table_matches_the_command_line():
    assert _table_commands() == _cli_commands()


def test_the_quickstart_test_command_is_what_ci_runs():
    quickstart = README.split("## Quickstart", 1)[1].split("```")[1].strip().splitlines()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert quickstart[1] == ci
