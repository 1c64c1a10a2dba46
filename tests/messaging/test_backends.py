"""Text backends chosen by a settings string, and the Twilio adapter's error mapping."""

import json
import sys
import types

import pytest

from messaging.backends.sms import (
    ConsoleBackend,
    FileBackend,
    LocmemBackend,
    PermanentSMSError,
    TransientSMSError,
    get_sms_backend,
)


def test_the_backend_is_chosen_by_the_settings_string(settings):
    settings.SMS_BACKEND = "messaging.backends.sms.FileBackend"
    assert isinstance(get_sms_backend(), FileBackend)
    settings.SMS_BACKEND = "messaging.backends.sms.ConsoleBackend"
    assert isinstance(get_sms_backend(), ConsoleBackend)


def test_the_file_backend_writes_one_file_per_text(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    first = FileBackend().send("+12025550100", "one")
    second = FileBackend().send("+12025550101", "two")
    records = {p.stem: json.loads(p.read_text()) for p in tmp_path.iterdir()}
    assert set(records) == {first, second}
    assert records[first]["to"] == "+12025550100" and records[first]["body"] == "one"


def test_the_console_backend_prints_the_text(capsys):
    provider_id = ConsoleBackend().send("+12025550100", "hello")
    assert provider_id in capsys.readouterr().out


def test_the_locmem_backend_keeps_texts_in_its_outbox(texts):
    provider_id = LocmemBackend().send("+12025550100", "hello")
    assert texts == [{"id": provider_id, "to": "+12025550100", "body": "hello"}]


class FakeTwilioError(Exception):
    def __init__(self, status, code):
        super().__init__(f"{status} {code}")
        self.status, self.code = status, code


@pytest.fixture
def fake_twilio(monkeypatch, settings):
    """A stand-in for the optional ``twilio`` package: records calls, raises what the test scripts."""
    settings.TWILIO_FROM_NUMBER = "+12025550999"
    state = {"calls": [], "raise": None}

    class Client:
        def __init__(self, sid, token):
            self.messages = self

        def create(self, **kwargs):
            state["calls"].append(kwargs)
            if state["raise"]:
                raise state["raise"]
            return types.SimpleNamespace(sid="SM123")

    rest = types.ModuleType("twilio.rest")
    rest.Client = Client
    exceptions = types.ModuleType("twilio.base.exceptions")
    exceptions.TwilioRestException = FakeTwilioError
    for name, module in {"twilio": types.ModuleType("twilio"), "twilio.rest": rest,
                         "twilio.base": types.ModuleType("twilio.base"), "twilio.base.exceptions": exceptions}.items():
        monkeypatch.setitem(sys.modules, name, module)
    return state


def test_the_twilio_adapter_sends_from_the_practice_number(fake_twilio):
    from messaging.backends.twilio import TwilioBackend

    assert TwilioBackend().send("+12025550100", "hello") == "SM123"
    assert fake_twilio["calls"] == [{"to": "+12025550100", "from_": "+12025550999", "body": "hello"}]


@pytest.mark.parametrize(("status", "code", "error"), [
    (400, 21211, PermanentSMSError),   # invalid number
    (400, 21610, PermanentSMSError),   # the number replied STOP at the carrier
    (429, 20429, TransientSMSError),   # too many requests
    (503, None, TransientSMSError),    # Twilio unavailable
])
def test_twilio_errors_map_to_permanent_or_transient(fake_twilio, status, code, error):
    from messaging.backends.twilio import TwilioBackend

    fake_twilio["raise"] = FakeTwilioError(status, code)
    with pytest.raises(error):
        TwilioBackend().send("+12025550100", "hello")
