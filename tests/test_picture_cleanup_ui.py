"""Pictures nothing uses any more leave the data folder once the window has settled: one taken out of the composer
before it was sent, one whose conversation was deleted while it was new. A picture a message uses stays, and so
does one added in the last ten minutes (another pane, or an import, may be about to use it)."""

from __future__ import annotations

import os
import time

from PIL import Image

from assistant.ui.shell import main_window
from conftest import open_main_window


def picture(store, path, colour):
    Image.new("RGB", (30, 20), colour).save(path)
    return store.add_file(path)


def test_unused_pictures_older_than_the_grace_go_after_start(qtbot, tmp_path, monkeypatch):
    monkeypatch.setattr(main_window, "PICTURES_CLEANED_AFTER_MS", 0)
    window = open_main_window(qtbot)
    try:
        store, history = window.services.images, window.history
        used = picture(store, tmp_path / "used.png", (200, 0, 0))
        chat = history.create_conversation("Kept")
        history.add_message(chat, None, "user", "This one is in a message.", images=[used.sha256])
        orphan = picture(store, tmp_path / "orphan.png", (0, 200, 0))
        fresh = picture(store, tmp_path / "fresh.png", (0, 0, 200))
        long_ago = time.time() - 3600
        for kept in (used, orphan):
            os.utime(kept.path, (long_ago, long_ago))
    finally:
        window.close()

    window = open_main_window(qtbot)  # the next start cleans up
    try:
        qtbot.waitUntil(lambda: not orphan.path.exists(), timeout=10_000)
        assert used.path.exists() and fresh.path.exists()
    finally:
        window.close()
