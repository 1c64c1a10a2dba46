"""The gate, as a table: state x channel x purpose -> allowed. No database."""

import pytest

from consent.gate import Purpose, decide
from consent.state import Channel, ChannelState, Status

E, S = Channel.EMAIL, Channel.SMS
CONF, KEY, ADMIN, CARE = Purpose.CONFIRMATION, Purpose.KEYWORD_REPLY, Purpose.ADMINISTRATIVE, Purpose.CARE


@pytest.mark.parametrize(("channel", "status", "purpose", "reason", "allowed"), [
    (E, Status.NONE, ADMIN, "", False),
    (E, Status.PENDING, ADMIN, "", False),
    (E, Status.ACTIVE, ADMIN, "", True),
    (E, Status.WITHDRAWN, ADMIN, "", False),
    (E, Status.ACTIVE, CARE, "", True),          # e-mail about care needs express consent only
    (E, Status.PENDING, CARE, "", False),
    (E, Status.PENDING, CONF, "", True),         # the only message a pending channel may receive
    (E, Status.ACTIVE, CONF, "", False),
    (E, Status.NONE, CONF, "", False),
    (E, Status.WITHDRAWN, CONF, "", False),
    (E, Status.ACTIVE, KEY, "", False),          # keyword replies are texts
    (S, Status.WITHDRAWN, KEY, "", True),        # the one STOP confirmation
    (S, Status.NONE, KEY, "", True),             # HELP from a number without consent
    (S, Status.PENDING, CONF, "", True),
    (S, Status.ACTIVE, ADMIN, "", True),
    (S, Status.ACTIVE, CARE, "", False),         # texting about care also needs an imperative reason
    (S, Status.ACTIVE, CARE, "post-op follow-up", True),
    (S, Status.WITHDRAWN, CARE, "post-op follow-up", False),
    (S, Status.PENDING, CARE, "post-op follow-up", False),
    (S, Status.ACTIVE, CARE, "   ", False),
    (S, Status.WITHDRAWN, ADMIN, "", False),
])
def test_gate_table(channel, status, purpose, reason, allowed):
    state = ChannelState(channel=channel, status=status, address="x")
    decision = decide(state, channel=channel, purpose=purpose, imperative_reason=reason)
    assert decision.allowed is allowed
    assert decision.reason


def test_gate_uses_the_reason_recorded_in_the_state():
    state = ChannelState(channel=S, status=Status.ACTIVE, address="x", imperative_reason="staff-recorded")
    assert decide(state, channel=S, purpose=CARE).allowed


def test_gate_refuses_a_state_of_another_channel():
    state = ChannelState(channel=E, status=Status.ACTIVE, address="x")
    assert not decide(state, channel=S, purpose=ADMIN).allowed
