#!/bin/sh
# For the portable .tar.gz: adds Hearth to your applications menu (for you only) from wherever this folder is.
# Run it again after moving the folder. Remove the entry with: rm ~/.local/share/applications/io.github.hearth_assistant.Hearth.desktop
set -e
DIR=$(cd "$(dirname "$0")" && pwd)
TARGET="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
mkdir -p "$TARGET"
sed "s|@DIR@|$DIR|g" "$DIR/io.github.hearth_assistant.Hearth.desktop.in" > "$TARGET/io.github.hearth_assistant.Hearth.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$TARGET" || true
echo "Hearth is in your applications menu. It runs from $DIR."
