"""
Opening hours, written the way schema.org's ``openingHours`` writes them: one period per line,
``Mo-Fr 08:00-17:00``, ``Sa 09:00-12:00`` or ``Mo,We 13:00-18:00``.

Pure: parses text into periods for the page (readable labels) and for JSON-LD (the same text).
"""

import re
from dataclasses import dataclass
from datetime import time

from django.core.exceptions import ValidationError

DAYS = {"Mo": "Monday", "Tu": "Tuesday", "We": "Wednesday", "Th": "Thursday", "Fr": "Friday",
        "Sa": "Saturday", "Su": "Sunday"}
_DAY = "(?:" + "|".join(DAYS) + ")"
_LINE = re.compile(
    rf"^(?P<days>{_DAY}(?:-{_DAY})?(?:,{_DAY}(?:-{_DAY})?)*)\s+(?P<opens>\d{{2}}:\d{{2}})-(?P<closes>\d{{2}}:\d{{2}})$"
)


@dataclass(frozen=True)
class Period:
    days: str  # schema.org form, e.g. "Mo-Fr"
    opens: time
    closes: time

    @property
    def schema(self) -> str:
        return f"{self.days} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @property
    def days_label(self) -> str:
        """"Mo-Fr,Sa" reads "Monday to Friday, Saturday"."""
        parts = []
        for group in self.days.split(","):
            first, _, last = group.partition("-")
            parts.append(f"{DAYS[first]} to {DAYS[last]}" if last else DAYS[first])
        return ", ".join(parts)

    @property
    def times_label(self) -> str:
        return f"{_clock(self.opens)} to {_clock(self.closes)}"


def _clock(value: time) -> str:
    hour = value.hour % 12 or 12
    suffix = "a.m." if value.hour < 12 else "p.m."
    return f"{hour}:{value.minute:02d} {suffix}"


def _time(text: str) -> time:
    hour, minute = (int(part) for part in text.split(":"))
    return time(hour, minute)  # raises ValueError for 25:00 or 10:75


def parse_opening_hours(text: str) -> list[Period]:
    """The periods in ``text``, skipping blank lines; raises ValueError on a line it cannot read."""
    periods = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        match = _LINE.match(line)
        if not match:
            raise ValueError(f"Cannot read opening hours {line!r}; write e.g. 'Mo-Fr 08:00-17:00'.")
        opens, closes = _time(match["opens"]), _time(match["closes"])
        if closes <= opens:
            raise ValueError(f"In {line!r} the closing time must come after the opening time.")
        periods.append(Period(match["days"], opens, closes))
    return periods


def validate_opening_hours(text: str) -> None:
    """Model-field validator around ``parse_opening_hours``."""
    try:
        parse_opening_hours(text)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
