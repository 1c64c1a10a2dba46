"""
Consent state, folded from the ledger: "may the practice contact this person on this channel now?"

The rule (express consent, confirmed; withdrawal effective at once): a channel is ACTIVE only after
the patient granted it and then confirmed that the address is theirs. A withdrawal ends it at once.
A new grant after a withdrawal starts again at PENDING. Staff may record, per channel, the reason
why texting about care is imperative (the guideline allows texting about care only with consent
*and* when it is imperative); a withdrawal clears that reason.

Pure: the events are already loaded, ``now`` is passed in. Events later than ``now`` are ignored.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import models


class Channel(models.TextChoices):
    EMAIL = "email", "E-mail"
    SMS = "sms", "Text message"


class Status(models.TextChoices):
    NONE = "none", "No consent"
    PENDING = "pending", "Granted, waiting for confirmation"
    ACTIVE = "active", "Active (confirmed)"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Action(models.TextChoices):
    GRANT = "grant", "Granted"
    CONFIRM = "confirm", "Confirmed"
    WITHDRAW = "withdraw", "Withdrawn"
    TEXTING_REASON = "texting_reason", "Reason for texting about care recorded"


@dataclass(frozen=True)
class ChannelState:
    channel: str
    status: str
    address: str = ""
    disclosure_version: int | None = None
    since: datetime | None = None
    imperative_reason: str = ""

    @property
    def is_active(self) -> bool:
        return self.status == Status.ACTIVE


def consent_state(events, *, channel, now: datetime) -> ChannelState:
    """Fold one patient's events (in ledger order) into the current state of ``channel``.

    Each event needs ``channel``, ``action``, ``created_at``, ``address``, ``disclosure_version``
    and ``note`` (the reason text for TEXTING_REASON). Events of other channels are skipped.
    """
    status, address, version, since, reason = Status.NONE, "", None, None, ""
    for event in events:
        if event.channel != channel or event.created_at > now:
            continue
        action = event.action
        if action == Action.GRANT:
            if status == Status.ACTIVE and event.address == address:
                continue  # granting again what is already confirmed changes nothing
            status, address, version, since = Status.PENDING, event.address, event.disclosure_version, event.created_at
        elif action == Action.CONFIRM:
            # A confirmation only counts for the address that is waiting for it.
            if status == Status.PENDING and event.address in ("", address):
                status, since = Status.ACTIVE, event.created_at
        elif action == Action.WITHDRAW:
            status, since, reason = Status.WITHDRAWN, event.created_at, ""
            address = address or event.address
        elif action == Action.TEXTING_REASON:
            reason = (event.note or "").strip()
    return ChannelState(channel=str(channel), status=status, address=address, disclosure_version=version,
                        since=since, imperative_reason=reason)
