"""The pictures refused as the user attaches some, as said under the message box: those of the latest attempt only
(one file dialog's choice, one paste, one drop), each once, the first few in full and the rest counted, so the
block never grows past a few lines and never pushes the composer up. Sending the message lets them go."""

from __future__ import annotations

SHOWN = 3  # refusals shown in full; past them, one line counts the others


class AttachRefusals:
    def __init__(self, shown: int = SHOWN):
        self.shown = shown
        self.attempt = 0  # the latest attempt; a slower earlier one's refusals no longer show
        self.lines: list[str] = []

    def start(self, attempt: int) -> None:
        """A new attempt (its number, as the intake gives it): the previous one's refusals go."""
        self.attempt = attempt
        self.lines = []

    def add(self, attempt: int, line: str) -> bool:
        """Whether ``line`` changes what is said: not when it is said already, or belongs to an older attempt."""
        if attempt != self.attempt or line in self.lines:
            return False
        self.lines.append(line)
        return True

    def clear(self) -> None:
        self.lines = []

    def visible(self) -> tuple[list[str], int]:
        """The lines said in full, and how many more were refused."""
        return self.lines[: self.shown], max(0, len(self.lines) - self.shown)
