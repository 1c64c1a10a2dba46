"""
The gate: may this message go out on this channel now?

The rules (express consent for e-mail and other digital contact; texts about care only with consent
*and* when imperative; withdrawal effective at once):

- CONFIRMATION (the consent confirmation request) only while the channel is PENDING: it is the only
  message a pending channel may receive, and it is not sent again once the channel is active.
- KEYWORD_REPLY (the one answer to STOP or HELP) always on SMS: it answers the patient's own text.
- Everything else needs ACTIVE consent on that channel.
- Texting about care (SMS + CARE) also needs a non-empty reason why texting is imperative.

Pure: takes a ChannelState folded from the ledger; no I/O.
"""

from dataclasses import dataclass

from django.db import models

from .state import Channel, ChannelState, Status


class Purpose(models.TextChoices):
    CONFIRMATION = "confirmation", "Consent confirmation request"
    KEYWORD_REPLY = "keyword_reply", "Reply to STOP or HELP"
    ADMINISTRATIVE = "administrative", "Administrative"
    CARE = "care", "About care"


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str


def decide(state: ChannelState, *, channel, purpose, imperative_reason: str = "") -> Decision:
    """Open ``channel`` for ``purpose`` only as the rules above allow; the reason is shown to staff."""
    if state.channel != channel:
        return Decision(False, f"consent state is for {state.channel}, not {channel}")
    if purpose == Purpose.KEYWORD_REPLY:
        if channel == Channel.SMS:
            return Decision(True, "reply to the patient's own STOP or HELP text")
        return Decision(False, "keyword replies are sent by text only")
    if purpose == Purpose.CONFIRMATION:
        if state.status == Status.PENDING:
            return Decision(True, "confirmation request for a pending grant")
        return Decision(False, f"no confirmation request: consent is {state.status}, not pending")
    if state.status != Status.ACTIVE:
        return Decision(False, f"no active express consent for {channel} (status: {state.status})")
    if channel == Channel.SMS and purpose == Purpose.CARE:
        reason = (imperative_reason or "").strip() or state.imperative_reason.strip()  # a blank one hides nothing
        if not reason:
            return Decision(False, "texting about care needs a recorded reason why it is imperative")
        return Decision(True, "active consent; texting about care is imperative: recorded reason")
    return Decision(True, f"active express consent for {channel}")
