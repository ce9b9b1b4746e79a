"""Render the app icon (resources/icons/hearth.svg) to what each platform wants: PNGs at the freedesktop sizes,
a Windows .ico and a macOS .icns. Qt renders the SVG, so no other SVG tool is needed; Pillow writes .ico/.icns.

    python packaging/make_icons.py OUT_DIR
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SVG = Path(__file__).resolve().parents[1] / "resources" / "icons" / "hearth.svg"


def render_pngs(out: Path) -> dict[int, Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # Qt paints only with an application object
    app.setApplicationName("hearth-icons")
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        made[size] = out / f"hearth-{size}.png"
        if not image.save(str(made[size])):
            raise SystemExit(f"cannot write {made[size]}")
    return made


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/icons")
    pngs = render_pngs(out)
    from PIL import Image

    biggest = Image.open(pngs[512])
    biggest.save(out / "hearth.ico", sizes=[(s, s) for s in (16, 24, 32, 48, 64, 128, 256)])
    biggest.save(out / "hearth.icns")
    print(f"icons in {out}: {', '.join(p.name for p in sorted(out.iterdir()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
