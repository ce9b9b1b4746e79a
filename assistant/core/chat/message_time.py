"""When a message was written, in the few characters a message card has for it: the time alone today ("14:05"), the
day and the time this year ("Dec 6, 14:05", "12月6日 14:05"), the date alone before that ("Dec 6, 2023",
"2023年12月6日"). Local time; the clock is 24-hour in both languages, as Chinese readers and most of the world
read it."""

from __future__ import annotations

import time

from assistant.core import i18n

# English month names are fixed here, not taken from the system's locale: the app's language decides, not the system's.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_time(created_at: float | None, now: float | None = None, language: str | None = None) -> str:
    """``created_at`` (seconds since the epoch) for a card's header, relative to ``now``; "" when it is unknown."""
    if created_at is None:
        return ""
    language = language or i18n.language()
    then = time.localtime(created_at)
    today = time.localtime(time.time() if now is None else now)
    clock = f"{then.tm_hour:02d}:{then.tm_min:02d}"
    if (then.tm_year, then.tm_yday) == (today.tm_year, today.tm_yday):
        return clock
    chinese = language.startswith("zh")
    if then.tm_year == today.tm_year:
        return f"{then.tm_mon}月{then.tm_mday}日 {clock}" if chinese else \
            f"{_MONTHS[then.tm_mon - 1]} {then.tm_mday}, {clock}"
    return f"{then.tm_year}年{then.tm_mon}月{then.tm_mday}日" if chinese else \
        f"{_MONTHS[then.tm_mon - 1]} {then.tm_mday}, {then.tm_year}"


def full_time(created_at: float | None, language: str | None = None) -> str:
    """The whole date and time, for a tooltip: "2024-12-06 14:05" / "2024年12月6日 14:05"; "" when unknown."""
    if created_at is None:
        return ""
    then = time.localtime(created_at)
    clock = f"{then.tm_hour:02d}:{then.tm_min:02d}"
    if (language or i18n.language()).startswith("zh"):
        return f"{then.tm_year}年{then.tm_mon}月{then.tm_mday}日 {clock}"
    return f"{then.tm_year}-{then.tm_mon:02d}-{then.tm_mday:02d} {clock}"
