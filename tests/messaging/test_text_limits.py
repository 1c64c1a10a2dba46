"""The texting limits, as a table: no database, no clock."""

import zoneinfo
from datetime import datetime, time, timedelta

import pytest

from messaging.text_limits import TextPolicy, Verdict, check_text, in_quiet_hours

NY = zoneinfo.ZoneInfo("America/New_York")
NAME = "Maple Street Family Practice"
OK_BODY = f"{NAME}: we got your message. Reply STOP to opt out."
NOON = datetime(2026, 3, 3, 12, 0, tzinfo=NY)


def at(hour, minute=0, day=3):
    return datetime(2026, 3, day, hour, minute, tzinfo=NY)


@pytest.mark.parametrize(
    ("case", "kwargs", "verdict", "not_before", "reason_part"),
    [
        ("plain admin text at noon", {}, Verdict.ALLOW, None, ""),
        ("161 characters", {"body": OK_BODY + "x" * (161 - len(OK_BODY))}, Verdict.BLOCK, None, "161 characters"),
        ("exactly 160 characters", {"body": OK_BODY + "x" * (160 - len(OK_BODY))}, Verdict.ALLOW, None, ""),
        ("practice not named", {"body": "We got your message. Reply STOP to opt out."}, Verdict.BLOCK, None,
         "name the practice"),
        ("no opt-out words", {"body": f"{NAME}: we got your message."}, Verdict.BLOCK, None, "opt out"),
        ("keyword reply needs no opt-out words", {"body": f"{NAME}: you are unsubscribed.", "keyword_reply": True},
         Verdict.ALLOW, None, ""),
        ("21:00 is quiet: wait until 08:00 next day", {"now": at(21)}, Verdict.WAIT, at(8, day=4), "quiet hours"),
        ("23:30 waits until 08:00", {"now": at(23, 30)}, Verdict.WAIT, at(8, day=4), "quiet hours"),
        ("03:00 waits until 08:00 same day", {"now": at(3)}, Verdict.WAIT, at(8), "quiet hours"),
        ("07:59 waits one minute", {"now": at(7, 59)}, Verdict.WAIT, at(8), "quiet hours"),
        ("08:00 is allowed", {"now": at(8)}, Verdict.ALLOW, None, ""),
        ("20:59 is allowed", {"now": at(20, 59)}, Verdict.ALLOW, None, ""),
        ("emergency reply goes in quiet hours", {"now": at(23), "emergency": True, "about_care": True},
         Verdict.ALLOW, None, ""),
        ("keyword reply goes in quiet hours", {"now": at(23), "keyword_reply": True}, Verdict.ALLOW, None, ""),
        ("first care text of the day", {"about_care": True}, Verdict.ALLOW, None, ""),
        ("second care text within 24 h waits for the window",
         {"about_care": True, "care_texts_sent": [at(9)]}, Verdict.WAIT, at(9, day=4), "1 a day"),
        ("care text 25 h after the last is allowed",
         {"about_care": True, "care_texts_sent": [NOON - timedelta(hours=25)]}, Verdict.ALLOW, None, ""),
        ("fourth care text in a week waits for the oldest to age out",
         {"about_care": True, "care_texts_sent": [at(10, day=d) for d in (1, 2)] + [NOON - timedelta(days=6)]},
         Verdict.WAIT, NOON + timedelta(days=1), "3 a week"),
        ("the freed slot falling in quiet hours waits until 08:00",
         {"about_care": True, "care_texts_sent": [at(22, day=2) + timedelta(hours=1)], "now": at(12)},
         Verdict.WAIT, at(8, day=4), "quiet hours"),
        ("administrative texts are not counted", {"about_care": False, "care_texts_sent": [at(9), at(10)]},
         Verdict.ALLOW, None, ""),
        ("emergency over the daily limit is blocked, not delayed",
         {"about_care": True, "emergency": True, "care_texts_sent": [at(9)]}, Verdict.BLOCK, None, "on screen"),
        ("a zero limit blocks texting about care", {"about_care": True, "policy": TextPolicy(max_care_per_day=0)},
         Verdict.BLOCK, None, "does not text about care"),
    ],
)
def test_text_limits_table(case, kwargs, verdict, not_before, reason_part):
    args = {"body": OK_BODY, "practice_name": NAME, "about_care": False, "tz": NY, "now": NOON, **kwargs}
    body = args.pop("body")
    result = check_text(body, **args)
    assert result.verdict is verdict, (case, result)
    assert result.not_before == not_before, case
    assert reason_part in result.reason, (case, result.reason)


@pytest.mark.parametrize(
    ("start", "end", "moment", "quiet"),
    [
        (time(21), time(8), at(20, 59), False),
        (time(21), time(8), at(21), True),
        (time(21), time(8), at(7, 59), True),
        (time(21), time(8), at(8), False),
        (time(13), time(14), at(13, 30), True),  # a range that does not span midnight
        (time(13), time(14), at(14), False),
        (time(0), time(0), at(3), False),  # an empty range: no quiet hours
    ],
)
def test_quiet_hours_in_the_practice_time_zone(start, end, moment, quiet):
    assert in_quiet_hours(moment, policy=TextPolicy(quiet_start=start, quiet_end=end), tz=NY) is quiet


def test_quiet_hours_are_read_in_the_practice_time_zone_not_utc():
    # 02:00 UTC is 21:00 in New York (EST): quiet there, though mid-morning would be quiet in neither.
    utc_moment = datetime(2026, 3, 4, 2, 0, tzinfo=zoneinfo.ZoneInfo("UTC"))
    assert in_quiet_hours(utc_moment, policy=TextPolicy(), tz=NY)
    assert not in_quiet_hours(utc_moment, policy=TextPolicy(), tz=zoneinfo.ZoneInfo("Asia/Tokyo"))
