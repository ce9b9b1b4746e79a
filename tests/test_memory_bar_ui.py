"""The memory bar on a real widget: its words (legend and accessible description) and what it draws."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextDocument

from assistant.core.engines.memory_fit import MemoryNeed
from assistant.ui.common import theme
from assistant.ui.common.design_tokens import tokens
from assistant.ui.common.memory_bar import MemoryBar

GB = 10**9


def plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def shown_bar(qtbot) -> MemoryBar:
    bar = MemoryBar()
    qtbot.addWidget(bar)
    bar.resize(400, bar.sizeHint().height())
    bar.show()
    qtbot.waitExposed(bar)
    return bar


def pixel(bar: MemoryBar, share: float) -> str:
    image = bar.bar.grab().toImage()
    return QColor(image.pixel(int(1 + share * (bar.bar.width() - 2)), bar.bar.height() // 2)).name()


def test_the_bar_says_its_parts_and_the_free_memory_in_words(qtbot):
    bar = shown_bar(qtbot)
    assert bar.accessibleName() == "Memory needed and memory free" and bar.text() == ""
    bar.show_need(MemoryNeed(int(2.3 * GB), int(0.4 * GB), int(0.1 * GB), 4096, True), int(23.5 * GB))
    words = "Weights 2.3 GB · KV cache 400.0 MB · Buffers 100.0 MB · 23.5 GB free"
    assert bar.accessibleDescription() == words == bar.text()
    # On screen, a swatch of its colour before each part's words.
    assert plain(bar.legend.text()).replace("\xa0", " ") == (
        "■ Weights 2.3 GB  ·  ■ KV cache 400.0 MB  ·  ■ Buffers 100.0 MB  ·  23.5 GB free")
    bar.show_need(MemoryNeed(6 * GB, GB, GB, 4096, True), 4 * GB, "RTX 4090")
    assert bar.text().endswith("4.0 GB free on RTX 4090 · 4.0 GB more than is free")
    bar.clear()
    assert bar.text() == "" and bar.legend.text() == ""


def test_the_bar_draws_each_part_in_its_colour_and_hatches_what_does_not_fit(qtbot):
    theme.apply("light")
    colours = tokens(False)
    bar = shown_bar(qtbot)
    bar.show_need(MemoryNeed(2 * GB, GB, GB, 4096, True), 8 * GB)  # half the bar: a quarter weights, then KV, buffers
    assert pixel(bar, 0.1) == colours["memory_weights"]
    assert pixel(bar, 0.3) == colours["memory_kv"]
    assert pixel(bar, 0.44) == colours["memory_buffers"]
    assert pixel(bar, 0.75) == colours["memory_track"]  # free memory left over
    bar.show_need(MemoryNeed(6 * GB, GB, GB, 4096, True), 4 * GB)  # twice what is free: past the middle, hatched
    row = [pixel(bar, share / 100) for share in range(55, 75)]
    assert colours["danger"] in row and colours["memory_weights"] in row
    assert colours["danger"] not in [pixel(bar, share / 100) for share in range(5, 45)]
    theme.apply("dark")
    try:
        assert pixel(bar, 0.1) == tokens(True)["memory_weights"]  # drawn again in the other theme's colours
    finally:
        theme.apply("light")
