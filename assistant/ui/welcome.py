"""What a first start shows instead of an empty chat: what a model is and how to get one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from assistant import APP_NAME
from assistant.core.model_library import KnownModel
from assistant.core.units import human_size

_EXPLANATION = f"""
<h2>Welcome to {APP_NAME}</h2>
<p>{APP_NAME} runs a language model on this computer. Nothing you type leaves it.</p>
<p>To start, open a model file in the <b>GGUF</b> format. Good first choices, from the Hugging Face Hub:</p>
<ul>
<li><b>Qwen2.5 1.5B Instruct</b> (about 1 GB, Chinese and English): <tt>Qwen/Qwen2.5-1.5B-Instruct-GGUF</tt>,
file <tt>qwen2.5-1.5b-instruct-q4_k_m.gguf</tt></li>
<li><b>Llama 3.2 3B Instruct</b> (about 2 GB): <tt>bartowski/Llama-3.2-3B-Instruct-GGUF</tt>,
file <tt>Llama-3.2-3B-Instruct-Q4_K_M.gguf</tt></li>
<li><b>SmolLM2 135M Instruct</b> (100 MB, very small, English, for trying things out)</li>
</ul>
<p>Download a file ending in <tt>.gguf</tt>; a <b>Q4_K_M</b> quantization is a good balance of size and
quality. A model needs roughly its file size in free memory, plus some room for the conversation.</p>
"""


class WelcomePage(QWidget):
    open_requested = Signal()
    recent_requested = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("welcomePage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        text = QLabel(_EXPLANATION, self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.RichText)
        text.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(text)
        self.open_button = QPushButton("Open GGUF model file…", self)
        self.open_button.setObjectName("welcomeOpen")
        self.open_button.clicked.connect(self.open_requested)
        layout.addWidget(self.open_button, 0, Qt.AlignLeft)
        self.status = QLabel(self)
        self.status.setObjectName("welcomeStatus")
        layout.addWidget(self.status)
        self._recent_box = QVBoxLayout()
        layout.addLayout(self._recent_box)
        layout.addStretch(1)

    def set_loading(self, loading: bool) -> None:
        self.status.setText("Loading the model…" if loading else "")
        self.open_button.setEnabled(not loading)

    def set_recent(self, models: list[KnownModel]) -> None:
        while self._recent_box.count():
            widget = self._recent_box.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        available = [m for m in models if m.available]
        if not available:
            return
        self._recent_box.addWidget(QLabel("<b>Recently used</b>", self))
        for model in available[:5]:
            button = QPushButton(f"{model.name} · {model.quantization} · {human_size(model.size_bytes)}", self)
            button.setToolTip(str(model.path))
            button.clicked.connect(lambda _checked=False, p=str(model.path): self.recent_requested.emit(p))
            self._recent_box.addWidget(button, 0, Qt.AlignLeft)
