"""
The limits on texting a patient: whether a text may go now, must wait, or may not go at all.

The practice keeps its texts within the healthcare-message limits (practice settings, these defaults):
at most one text a day and three a week per patient about care, at most 160 characters, each naming
the practice and saying how to opt out, and none between 21:00 and 08:00 in the practice's time zone
except the emergency reply. The one reply to a patient's own STOP/HELP answers them at once, so it
is neither held by the quiet hours nor counted (it is what the patient just asked for).

A text the limits hold back waits until the first moment it may go (``WAIT`` with ``not_before``),
unless waiting makes no sense: an emergency reply that cannot go now, or a text that is too long or
lacks the practice's name or the opt-out words, is blocked with the reason (``BLOCK``).

Pure: no ORM, no clock, no settings. ``now`` and the times of earlier care texts are passed in.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum

DAY = timedelta(days=1)
WEEK = timedelta(days=7)


class Verdict(StrEnum):
    ALLOW = "allow"
    WAIT = "wait"
    BLOCK = "block"


@dataclass(frozen=True)
class TextPolicy:
    """The practice's texting limits (``messaging.models.TextSettings`` holds the editable values)."""

    max_care_per_day: int = 1
    max_care_per_week: int = 3
    max_length: int = 160
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    opt_out_word: str = "STOP"


@dataclass(frozen=True)
class TextCheck:
    verdict: Verdict
    reason: str = ""
    not_before: datetime | None = None

    @property
    def allowed(self) -> bool:
        return self.verdict is Verdict.ALLOW


def in_quiet_hours(moment: datetime, *, policy: TextPolicy, tz: tzinfo) -> bool:
    """True if ``moment`` falls in the practice's quiet hours (which may span midnight)."""
    local = moment.astimezone(tz).time()
    if policy.quiet_start <= policy.quiet_end:
        return policy.quiet_start <= local < policy.quiet_end
    return local >= policy.quiet_start or local < policy.quiet_end


def end_of_quiet_hours(moment: datetime, *, policy: TextPolicy, tz: tzinfo) -> datetime:
    """The first moment at or after ``moment`` outside the quiet hours."""
    if not in_quiet_hours(moment, policy=policy, tz=tz):
        return moment
    local = moment.astimezone(tz)
    end = datetime.combine(local.date(), policy.quiet_end, tzinfo=tz)
    if end <= local:
        end = datetime.combine(local.date() + DAY, policy.quiet_end, tzinfo=tz)
    return end


def _frequency_free_at(sent: list[datetime], *, now: datetime, policy: TextPolicy) -> datetime | None:
    """The first moment when one more care text fits in both windows (None: never, a limit is 0)."""
    moment = now
    for window, limit in ((DAY, policy.max_care_per_day), (WEEK, policy.max_care_per_week)):
        if limit <= 0:
            return None
        in_window = sorted(t for t in sent if t > now - window)
        if len(in_window) >= limit:
            # Each window frees up when the oldest text that keeps it full ages out of it.
            moment = max(moment, in_window[len(in_window) - limit] + window)
    return moment


def check_text(
    body: str,
    *,
    practice_name: str,
    about_care: bool,
    emergency: bool = False,
    keyword_reply: bool = False,
    care_texts_sent: Iterable[datetime] = (),
    policy: TextPolicy = TextPolicy(),  # noqa: B008 - frozen, so a shared default is safe
    tz: tzinfo,
    now: datetime,
) -> TextCheck:
    """May this text go to the patient ``now``? ``care_texts_sent``: when earlier care texts went to them."""
    if len(body) > policy.max_length:
        return TextCheck(Verdict.BLOCK, f"text is {len(body)} characters, over the {policy.max_length} limit")
    if practice_name and practice_name.casefold() not in body.casefold():
        return TextCheck(Verdict.BLOCK, "text does not name the practice")
    if not keyword_reply and policy.opt_out_word.casefold() not in body.casefold():
        return TextCheck(Verdict.BLOCK, f"text does not say how to opt out ({policy.opt_out_word})")
    if keyword_reply:
        return TextCheck(Verdict.ALLOW)

    earliest = now
    reason = ""
    if about_care:
        free_at = _frequency_free_at(list(care_texts_sent), now=now, policy=policy)
        if free_at is None:
            return TextCheck(Verdict.BLOCK, "the practice does not text about care")
        if free_at > now:
            earliest = free_at
            reason = (f"care texts limited to {policy.max_care_per_day} a day and "
                      f"{policy.max_care_per_week} a week")
    if emergency:
        # The emergency reply goes at any hour, but only now: a late emergency text would mislead.
        if earliest > now:
            return TextCheck(Verdict.BLOCK, reason + "; the emergency reply was shown on screen")
        return TextCheck(Verdict.ALLOW)
    after_quiet = end_of_quiet_hours(earliest, policy=policy, tz=tz)
    if after_quiet > earliest:
        reason = "; ".join(filter(None, [reason, "quiet hours "
                                         f"{policy.quiet_start:%H:%M}-{policy.quiet_end:%H:%M}"]))
        earliest = after_quiet
    if earliest > now:
        return TextCheck(Verdict.WAIT, reason, not_before=earliest)
    return TextCheck(Verdict.ALLOW)
