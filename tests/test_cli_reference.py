"""The README's table of commands, options and exit statuses is the parser's own (assistant/cli/reference.py): an
option added, renamed or removed in cli/arguments.py, or a status in cli/exits.py, fails here until the README is
made again with ``python -m assistant.cli.reference --write``."""

from __future__ import annotations

from assistant.cli.arguments import build_parser
from assistant.cli.exits import MEANINGS
from assistant.cli.reference import README, readme_block, reference


def test_the_readme_holds_the_reference_made_from_the_parser():
    assert readme_block(README.read_text(encoding="utf-8")) == reference(), (
        "run: python -m assistant.cli.reference --write")


def test_the_reference_names_every_command_option_and_status():
    made = reference()
    parser = build_parser()
    for path, command in parser.commands.items():
        if path in (("docs",), ("models",)):
            continue  # listed by their actions
        assert f"`assistant {' '.join(path)}`" in made
        for action in command._actions:
            for option in action.option_strings:
                if option not in ("-h", "--help"):
                    assert option in made, (path, option)
    for code, meaning in MEANINGS.items():
        assert f"| {code} | {meaning} |" in made
