"""Hearth: a private, offline chat and writing assistant for GGUF models."""

__version__ = "0.1.0"

APP_NAME = "Hearth"
# Folder name under the platform's data directory; fixed so a rename of the display name never orphans history.
APP_ID = "hearth-assistant"
# The reverse-DNS name of the desktop entry, AppStream metainfo and macOS bundle (packaging/).
DESKTOP_ID = "io.github.hearth_assistant.Hearth"


def command_name() -> str:
    """The command that starts this copy, for messages that tell the user what to type: ``assistant`` when installed
    with pip, the installed program's own name (``hearth-assistant`` from the .deb) in a frozen app."""
    import os
    import sys

    if getattr(sys, "frozen", False):
        return os.path.basename(sys.executable)
    return "assistant"
