"""The Qt binding must not lose references to None/True/False.

PySide6 6.12.0 drops a reference to None on every call of a void method (and similar for bools). On Python 3.11
those objects are not immortal, so a long session aborts the whole app with "deallocating None". This runs a
burst of ordinary widget calls in a child process and checks the counts, so an upgrade to a broken binding fails
here instead of crashing users.
"""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import gc, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
app = QApplication([])
window = QWidget(); button = QPushButton("x", window); label = QLabel("y", window)
button.clicked.connect(lambda checked=False: None)
gc.collect()
before = [sys.getrefcount(v) for v in (None, False, True)]
for _ in range(20000):
    label.setText("z"); window.update(); button.setEnabled(False); button.setEnabled(True)
    label.isVisible(); button.isEnabled(); button.click()
gc.collect()
after = [sys.getrefcount(v) for v in (None, False, True)]
print(*(a - b for a, b in zip(after, before)))
"""


def test_widget_calls_keep_references_to_none_and_bools():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, f"the Qt binding corrupted reference counts:\n{result.stderr[-2000:]}"
    drift = [int(v) for v in result.stdout.split()]
    assert all(d > -100 for d in drift), f"references lost to None/False/True: {drift}"
