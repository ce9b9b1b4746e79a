"""An Installed card tells in its tooltip what the card may wrap or leave out: the name with "reads images", and with
which projector; or why the projector beside a model cannot serve it; and the file. Real GGUF headers
in a real folder, read by the real view."""

from __future__ import annotations

from assistant.ui.common.background import Background
from assistant.ui.models.installed_view import InstalledView
from gguf_headers import write_projector, write_text_model


def test_the_name_cell_tooltip_holds_the_whole_name_and_whether_the_model_reads_images(qtbot, tmp_path):
    seeing, blind = tmp_path / "models" / "seeing", tmp_path / "models" / "blind"
    for folder in (seeing, blind):
        folder.mkdir(parents=True)
    write_text_model(seeing / "eyes-Q4_0.gguf", 576, name="Eyes Model")
    write_projector(seeing / "mmproj-eyes-f16.gguf", 576)
    write_text_model(blind / "blind-Q4_0.gguf", 576, name="Blind Model")
    write_projector(blind / "mmproj-wide-f16.gguf", 2048)
    background = Background()
    view = InstalledView(tmp_path / "models", background)
    qtbot.addWidget(view)
    view.refresh()
    qtbot.waitUntil(lambda: view.cards.count() == 2, timeout=10_000)
    rows = {view.models[row].path.name: row for row in range(2)}

    name, card = view.fields(rows["eyes-Q4_0.gguf"])[0], view.cards.item(rows["eyes-Q4_0.gguf"])
    assert name.endswith(" · reads images") and name in card.text()  # said to a screen reader too
    tip = card.toolTip().splitlines()
    assert tip == [name, "Reads images, with the projector mmproj-eyes-f16.gguf.", str(seeing / "eyes-Q4_0.gguf")]

    name, card = view.fields(rows["blind-Q4_0.gguf"])[0], view.cards.item(rows["blind-Q4_0.gguf"])
    assert "reads images" not in name
    tip = card.toolTip().splitlines()
    assert tip[0] == name
    assert tip[1].startswith("Cannot read images: mmproj-wide-f16.gguf feeds 2048-wide embeddings")
    background.shutdown()
