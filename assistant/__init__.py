"""Hearth: a private, offline chat and writing assistant for GGUF models."""

__version__ = "0.1.0"

APP_NAME = "Hearth"
# Folder name under the platform's data directory; fixed so a rename of the display name never orphans history.
APP_ID = "hearth-assistant"
# The reverse-DNS name of the desktop entry, AppStream metainfo and macOS bundle (packaging/).
DESKTOP_ID = "io.github.hearth_assistant.Hearth"
