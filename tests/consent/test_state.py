"""The consent state fold, as a table: events in, state out. No database."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from consent.state import Action, Channel, Status, consent_state

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
NOW = T0 + timedelta(days=30)


@dataclass
class E:
    action: str
    minutes: int = 0
    channel: str = Channel.EMAIL
    address: str = "pat@example.com"
    disclosure_version: int | None = 1
    note: str = ""

    @property
    def created_at(self):
        return T0 + timedelta(minutes=self.minutes)


G, C, W, R = Action.GRANT, Action.CONFIRM, Action.WITHDRAW, Action.TEXTING_REASON


@pytest.mark.parametrize(("events", "status"), [
    ([], Status.NONE),
    ([E(G)], Status.PENDING),
    ([E(G), E(C, 1)], Status.ACTIVE),
    ([E(G), E(C, 1), E(W, 2)], Status.WITHDRAWN),
    ([E(G), E(W, 1)], Status.WITHDRAWN),
    ([E(G), E(W, 1), E(C, 2)], Status.WITHDRAWN),          # a late confirmation does not revive a withdrawal
    ([E(G), E(C, 1), E(W, 2), E(G, 3)], Status.PENDING),   # a new grant starts again at pending
    ([E(G), E(C, 1), E(W, 2), E(G, 3), E(C, 4)], Status.ACTIVE),
    ([E(C)], Status.NONE),                                 # a confirmation without a grant counts for nothing
    ([E(W)], Status.WITHDRAWN),
    ([E(G), E(C, 1, address="other@example.com")], Status.PENDING),  # confirms another address: ignored
    ([E(G), E(C, 1), E(G, 2)], Status.ACTIVE),             # re-granting the same address changes nothing
    ([E(G), E(C, 1), E(G, 2, address="new@example.com")], Status.PENDING),  # a new address needs confirming
    ([E(G), E(C, 1, channel=Channel.SMS)], Status.PENDING),  # other channel's events are skipped
    ([E(G), E(C, 60 * 24 * 31)], Status.PENDING),          # events after `now` are not yet in force
])
def test_state_folds_events(events, status):
    assert consent_state(events, channel=Channel.EMAIL, now=NOW).status == status


def test_state_reports_address_disclosure_and_since():
    state = consent_state([E(G, disclosure_version=3), E(C, 5)], channel=Channel.EMAIL, now=NOW)
    assert (state.address, state.disclosure_version, state.since) == ("pat@example.com", 3, T0 + timedelta(minutes=5))
    assert state.is_active


def test_texting_reason_is_folded_and_a_withdrawal_clears_it():
    sms = {"channel": Channel.SMS, "address": "+12025550111"}
    events = [E(G, **sms), E(C, 1, **sms), E(R, 2, note=" post-op follow-up ", **sms)]
    assert consent_state(events, channel=Channel.SMS, now=NOW).imperative_reason == "post-op follow-up"
    events.append(E(W, 3, **sms))
    assert consent_state(events, channel=Channel.SMS, now=NOW).imperative_reason == ""


def test_withdrawn_state_keeps_the_address_for_the_stop_reply():
    sms = {"channel": Channel.SMS, "address": "+12025550111"}
    state = consent_state([E(G, **sms), E(C, 1, **sms), E(W, 2, **sms)], channel=Channel.SMS, now=NOW)
    assert (state.status, state.address) == (Status.WITHDRAWN, "+12025550111")
