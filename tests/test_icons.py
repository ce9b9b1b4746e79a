"""The bundled line icons (resources/icons/lucide/, drawn by assistant/ui/common/icons.py): each one draws, sharp at
200%, in the theme's text colour in light and in dark, and none is read before it is drawn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon, QImage, QPalette
from PySide6.QtWidgets import QToolButton

from assistant.ui.common import icons, theme

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "icons" / "lucide"
ON_DISK = sorted(path.stem for path in FOLDER.glob("*.svg"))


@pytest.fixture(autouse=True)
def restore_look(qapp):
    """The theme is the application's: put back what the other tests run with."""
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    yield
    theme._state.update(choice="system", dark=False, system_dark=False)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


def alphas(image: QImage) -> list[list[int]]:
    return [[image.pixelColor(x, y).alpha() for x in range(image.width())] for y in range(image.height())]


def sharp_edges(image: QImage) -> int:
    """Neighbouring pixels that go from mostly clear to mostly covered in one step: a crisp edge, not a ramp."""
    a = alphas(image)
    across = sum(abs(row[x] - row[x + 1]) > 160 for row in a for x in range(len(row) - 1))
    down = sum(abs(a[y][x] - a[y + 1][x]) > 160 for y in range(len(a) - 1) for x in range(len(a[0])))
    return across + down


def dominant_opaque_colour(image: QImage) -> str:
    colours = Counter(image.pixelColor(x, y).name() for y in range(image.height()) for x in range(image.width())
                      if image.pixelColor(x, y).alpha() == 255)
    assert colours, "no opaque pixel"
    return colours.most_common(1)[0][0]


def text_colour(qapp) -> str:
    return qapp.palette().color(QPalette.ColorRole.WindowText).name()


def test_the_names_are_the_files_in_the_folder_with_their_licence():
    assert icons.names() == ON_DISK
    assert len(ON_DISK) >= 30
    for wanted in ("settings", "message-square", "languages", "send", "square", "x", "sun", "moon"):
        assert wanted in ON_DISK
    assert "ISC License" in (FOLDER / "LICENSE").read_text(encoding="utf-8")
    assert "lucide-static" in (FOLDER / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ON_DISK)
def test_every_bundled_icon_draws(qapp, name):
    icon = icons.icon(name)
    assert isinstance(icon, QIcon) and not icon.isNull()
    image = icon.pixmap(QSize(24, 24)).toImage()
    assert image.size() == QSize(24, 24)
    covered = sum(value > 0 for row in alphas(image) for value in row)
    assert 10 < covered < 24 * 24 * 0.8  # strokes drawn, not an empty or a filled square


@pytest.mark.parametrize("name", ["settings", "copy", "x", "chevron-down"])
def test_at_200_percent_the_icon_is_drawn_at_twice_the_pixels_not_stretched(qapp, name):
    icon = icons.icon(name)
    double = icon.pixmap(QSize(16, 16), 2.0)
    assert double.size() == QSize(32, 32) and double.devicePixelRatio() == 2.0
    stretched = icon.pixmap(QSize(16, 16), 1.0).toImage().scaled(
        32, 32, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    assert sharp_edges(double.toImage()) > sharp_edges(stretched) + 8


def test_the_colour_is_the_themes_text_colour_and_follows_a_theme_change(qapp):
    icon = icons.icon("settings")  # one QIcon, kept across the change: it is drawn again, not made again
    seen = {}
    for choice in ("dark", "light", "dark"):
        theme.apply(choice)
        seen[choice] = dominant_opaque_colour(icon.pixmap(QSize(32, 32)).toImage())
        assert seen[choice] == text_colour(qapp), choice
    assert seen["dark"] != seen["light"]


def test_a_button_shows_the_icon_in_the_text_colour_after_a_theme_change(qtbot, qapp):
    theme.apply("light")
    button = QToolButton()
    button.setIcon(icons.icon("square"))
    button.setIconSize(QSize(32, 32))
    qtbot.addWidget(button)
    button.show()
    qtbot.waitExposed(button)

    def pixels_in(colour: str) -> int:
        image = button.grab().toImage()
        return sum(image.pixelColor(x, y).name() == colour for y in range(image.height())
                   for x in range(image.width()))

    light_text = text_colour(qapp)
    assert pixels_in(light_text) > 40
    theme.apply("dark")
    dark_text = text_colour(qapp)
    assert dark_text != light_text
    assert pixels_in(dark_text) > 40


def test_disabled_icons_take_the_disabled_text_colour(qapp):
    theme.apply("light")
    image = icons.icon("square").pixmap(QSize(32, 32), QIcon.Mode.Disabled).toImage()
    assert dominant_opaque_colour(image) == qapp.palette().color(
        QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText).name()


def test_selected_icons_take_the_selected_text_colour_unless_kept_plain(qapp):
    theme.apply("light")
    palette = qapp.palette()
    selected = icons.icon("box").pixmap(QSize(32, 32), QIcon.Mode.Selected).toImage()
    assert dominant_opaque_colour(selected) == palette.color(QPalette.ColorRole.HighlightedText).name()
    plain = icons.icon("box", plain_when_selected=True).pixmap(QSize(32, 32), QIcon.Mode.Selected).toImage()
    assert dominant_opaque_colour(plain) == palette.color(QPalette.ColorRole.WindowText).name()  # the rail's


def test_an_unknown_name_is_a_key_error_naming_close_ones():
    with pytest.raises(KeyError) as raised:
        icons.icon("setings")
    assert "settings" in str(raised.value)
    with pytest.raises(KeyError):
        icons.icon("")


def test_nothing_is_read_until_an_icon_is_drawn():
    """Start-up pays only for the icons it shows: importing the module, or making an icon, opens no SVG file;
    drawing one opens that one (which shows the watch on opened files works)."""
    code = (
        "import json, sys\n"
        "opened = []\n"
        "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' and "
        "str(args[0]).endswith('.svg') else None)\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtCore import QSize\n"
        "app = QApplication([])\n"
        "import assistant.ui.common.icons as icons\n"
        "report = {'import': list(opened), 'svg_module': 'PySide6.QtSvg' in sys.modules}\n"
        "icon = icons.icon('settings')\n"
        "report['made'] = list(opened)\n"
        "icon.pixmap(QSize(16, 16))\n"
        "report['drawn'] = list(opened)\n"
        "print(json.dumps(report))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["import"] == [] and report["svg_module"] is False
    assert report["made"] == []
    assert [Path(path).name for path in report["drawn"]] == ["settings.svg"]
