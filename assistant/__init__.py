"""Hearth: a private, offline chat and writing assistant for GGUF models."""

__version__ = "0.1.0"

APP_NAME = "Hearth"
# Folder name under the platform's data directory; fixed so a rename of the display name never orphans history.
APP_ID = "hearth-assistant"
