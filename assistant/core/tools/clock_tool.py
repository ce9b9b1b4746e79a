"""The date and time tool: what a model cannot know by itself. The local date, time, weekday and time zone, or
those of an IANA zone the model names ("Asia/Shanghai"), checked against the zone database."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from assistant.core.i18n import translate
from assistant.core.tools.tool_spec import ToolSpec

NAME = "current_time"
# Not strftime's %A: Qt sets the C library's locale to the user's, and the weekday would change language with it.
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

SPEC = ToolSpec(
    NAME,
    "Get the current date, time, weekday and time zone: the user's local ones, or those of an IANA time zone.",
    {"type": "object",
     "properties": {"time_zone": {"type": "string",
                                  "description": "An IANA time zone name such as Europe/Paris or Asia/Shanghai. "
                                                 "Leave it out for the user's local time."}},
     "additionalProperties": False})


class UnknownZone(ValueError):
    """The message says which name is not a time zone, for the model and the user."""


def now_text(zone_name: str | None = None, now: Callable[[], datetime] = lambda: datetime.now(timezone.utc)) -> str:
    """The moment ``now()`` (an aware datetime) in the zone, as lines the model reads."""
    moment = now()
    if zone_name:
        zone = _zone(zone_name.strip())
        local = moment.astimezone(zone)
        name = zone_name.strip()
    else:
        local = moment.astimezone()
        name = local_zone_name()
    offset = local.strftime("%z")
    offset = f"UTC{offset[:3]}:{offset[3:]}" if offset else "UTC"
    abbreviation = local.tzname() or ""
    zone_line = ", ".join(part for part in (name, abbreviation if abbreviation != name else "", offset) if part)
    return (f"Date: {local:%Y-%m-%d} ({WEEKDAYS[local.weekday()]})\n"
            f"Time: {local:%H:%M:%S}\n"
            f"Time zone: {zone_line}\n"
            f"ISO 8601: {local.isoformat(timespec='seconds')}")


def local_zone_name() -> str:
    """The local zone's IANA name where the system says it (TZ, /etc/localtime's link); "" where it does not."""
    named = os.environ.get("TZ", "").lstrip(":")
    if "/" in named and not named.startswith("/"):
        return named
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return ""
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else ""


def _zone(name: str):
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # ValueError: a path-like or malformed key
        raise UnknownZone(translate("Tools", "“{name}” is not a known time zone; use an IANA name such as "
                                             "Europe/Paris.").format(name=name[:80])) from None
