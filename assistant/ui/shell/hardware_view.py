"""Help → Hardware and Help → About: what this computer has for models, the load plan of the model loaded, and what
llama.cpp was built with (drawn, with the same in words, by hardware_dialog). The report is made off the GUI thread
(NVML and the drivers can take their time)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMainWindow, QMessageBox

from assistant import APP_NAME, __version__
from assistant.core.engines.hardware import HardwareReport, hardware_report


class HardwareView(QObject):
    def __init__(self, window: QMainWindow):
        """``window``: the MainWindow; its ``hardware`` is the report this view keeps up to date."""
        super().__init__(window)
        self.window = window
        self.box = None  # the Hardware dialog last opened

    def check(self, known) -> None:
        """At start-up, without loading llama.cpp: ``known(report)`` on the GUI thread."""
        self.window.models.background.run("hardware", lambda: hardware_report(ask_llama=False), known,
                                          self.window.status.message)

    def show(self) -> None:
        self.window.models.background.run("hardware-dialog", lambda: hardware_report(ask_llama=False),
                                          self._show_box, self.window.status.message)

    def with_system_info(self, report: HardwareReport | None) -> HardwareReport | None:
        """The report with llama.cpp's own account of the build, which only the engine host can give."""
        info = self.window.client.engine.system_info
        if report is None or report.backend.system_info or not info:
            return report
        return replace(report, backend=replace(report.backend, system_info=info))

    def _show_box(self, report: HardwareReport) -> None:
        from assistant.ui.shell.hardware_dialog import HardwareDialog  # made when first asked for

        window = self.window
        window.hardware = report = self.with_system_info(report)
        text = "\n".join(report.lines())
        plan, model = window.session.plan, window.session.model
        if plan is not None and model is not None:
            text += "\n\n" + self.tr("Plan for {model}:").format(model=model.info.name) + "\n"
            text += "\n".join(plan.lines())
        if report.backend.system_info:
            text += "\n\n" + self.tr("llama.cpp build:") + "\n" + report.backend.system_info
        box = HardwareDialog(report, plan if model is not None else None, text, window)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.setWindowModality(Qt.WindowModal)
        box.open()
        self.box = window.hardware_box = box

    def show_about(self) -> None:
        hardware = self.window.hardware
        backend = hardware.backend.name if hardware else self.tr("not checked yet")
        QMessageBox.about(
            self.window,
            self.tr("About {app}").format(app=APP_NAME),
            f"<h3>{APP_NAME} {__version__}</h3><p>"
            + self.tr("A private, offline chat and writing assistant. Models run on this computer through "
                      "llama.cpp; nothing you type leaves it.")
            + "</p><p>" + self.tr("llama.cpp backend: {backend}").format(backend=backend) + "</p>",
        )
