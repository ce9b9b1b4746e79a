"""The conversation's system prompt, edited in a small dialog, with the switch for the user's profile in it and what
the profile adds, shown in full: both are what the model is told before the conversation."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from assistant.core.chat.chat_session import ChatSession
from assistant.core.writing.profile import Profile, Profiles, instructions
from assistant.core.writing.prompts import ui_wording
from assistant.ui.common import ui_language


class SystemPromptDialog(QDialog):
    def __init__(self, text: str, parent: QWidget | None = None, profile: Profile | None = None,
                 profile_on: bool = True, profile_text: str = ""):
        """``profile``: the one in use (None: none is), and ``profile_text`` what it adds to this prompt."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("System prompt"))
        self.editor = QPlainTextEdit(text, self)
        self.editor.setAccessibleName(self.tr("System prompt"))
        self.editor.setPlaceholderText(self.tr("Empty: the model's own default instructions apply"))
        self.editor.setTabChangesFocus(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(QLabel(self.tr("Instructions the model sees at the start of this conversation:")))
        box.addWidget(self.editor)
        self.use_profile = QCheckBox(self)
        self.use_profile.setObjectName("useProfile")
        self.profile_view = QPlainTextEdit(profile_text, self)
        self.profile_view.setObjectName("profileText")
        self.profile_view.setReadOnly(True)
        self.profile_view.setAccessibleName(self.tr("What the profile adds"))
        self.profile_view.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        if profile is not None:
            self.use_profile.setText(self.tr("Add my profile “{name}” after these instructions").format(
                name=profile.label))
            self.use_profile.setChecked(profile_on)
            self.use_profile.toggled.connect(self.profile_view.setEnabled)
            self.profile_view.setEnabled(profile_on)
            box.addWidget(self.use_profile)
            box.addWidget(self.profile_view)
        else:
            self.use_profile.setChecked(profile_on)
            self.use_profile.hide()
            self.profile_view.hide()
            hint = QLabel(self.tr("No profile is in use. Settings › Profile lets you say who you are and how you "
                                  "like your text, for every conversation."), self)
            hint.setObjectName("profileHint")
            hint.setWordWrap(True)
            box.addWidget(hint)
        box.addWidget(buttons)
        self.resize(560, 380)

    @classmethod
    def edit(cls, session: ChatSession, conversation_id: int, parent: QWidget | None = None) -> bool:
        """Asks, and keeps what the user saves for the conversation; False when cancelled (or not kept: the
        session says why)."""
        conversation, profile = session.history.conversation(conversation_id), Profiles(session.settings).active()
        if conversation is None:
            return False
        answer = cls.ask(conversation.system_prompt, parent, profile, conversation.profile_on,
                         instructions(profile, "chat", ui_wording(ui_language.current())))
        return answer is not None and session.set_system_prompt(answer[0]) and session.set_profile_on(answer[1])

    @classmethod
    def ask(cls, text: str, parent: QWidget | None = None, profile: Profile | None = None, profile_on: bool = True,
            profile_text: str = "") -> tuple[str, bool] | None:
        """The new system prompt and whether the profile goes with it, or None when the dialog was cancelled."""
        dialog = cls(text, parent, profile, profile_on, profile_text)
        if dialog.exec() != QDialog.Accepted:
            return None
        return dialog.editor.toPlainText(), dialog.use_profile.isChecked()
