from datetime import time

import pytest

from profiles.hours import Period, parse_opening_hours


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        ("Mo-Fr 08:00-17:00", [Period("Mo-Fr", time(8), time(17))]),
        ("Mo-Fr 08:00-17:00\n\nSa 09:00-12:30", [Period("Mo-Fr", time(8), time(17)),
                                                Period("Sa", time(9), time(12, 30))]),
        ("  Mo,We  13:00-18:00 ", [Period("Mo,We", time(13), time(18))]),
        ("Mo-We,Fr 07:30-19:00", [Period("Mo-We,Fr", time(7, 30), time(19))]),
    ],
)
def test_opening_hours_lines_are_read_as_periods(text, expected):
    assert parse_opening_hours(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Monday 8-5", "Mo-Fr 8:00-17:00", "Mo-Fr 17:00-08:00", "Xx 08:00-17:00", "Mo-Fr 25:00-26:00", "Mo-Fr"],
)
def test_unreadable_opening_hours_are_refused(text):
    with pytest.raises(ValueError):
        parse_opening_hours(text)


@pytest.mark.parametrize(
    ("period", "days", "times", "schema"),
    [
        (Period("Mo-Fr", time(8), time(17, 30)), "Monday to Friday", "8:00 a.m. to 5:30 p.m.", "Mo-Fr 08:00-17:30"),
        (Period("Sa", time(9), time(12)), "Saturday", "9:00 a.m. to 12:00 p.m.", "Sa 09:00-12:00"),
        (Period("Mo,We-Th", time(0, 15), time(23)), "Monday, Wednesday to Thursday", "12:15 a.m. to 11:00 p.m.",
         "Mo,We-Th 00:15-23:00"),
    ],
)
def test_periods_read_well_for_people_and_for_schema_org(period, days, times, schema):
    assert (period.days_label, period.times_label, period.schema) == (days, times, schema)
