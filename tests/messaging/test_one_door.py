"""No other path in the code sends e-mail or texts to patients: only ``messaging.delivery`` does.

Two proofs: a scan of the source for every way to send (outside the door and the backends), and a run
of the whole intake and staff flows with the backends watched, checking each send came through the door.
(Staff account e-mails, such as invitations and password resets, are allauth's and not patient messages.)
"""

import ast
import inspect
import traceback
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

import messaging.delivery
from messaging.backends.sms import LocmemBackend

ROOT = Path(__file__).resolve().parents[2]
DOOR = ROOT / "messaging" / "delivery.py"
BACKENDS = ROOT / "messaging" / "backends"
SKIP_DIRS = {".venv", "node_modules", "var", "staticfiles", ".git", "tests", "migrations", "benchmarks", "evals"}
# Names whose call sends (or opens a sending connection) in Django or in our text backends.
SENDING_NAMES = {"send_mail", "send_mass_mail", "mail_admins", "mail_managers", "EmailMessage",
                 "EmailMultiAlternatives", "get_connection", "get_sms_backend", "send_messages"}
SENDING_MODULES = ("django.core.mail", "messaging.backends", "smtplib", "twilio")


def source_files():
    for path in ROOT.rglob("*.py"):
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def sending_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in SENDING_NAMES:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {name}()")
            # A bare ``.send(…)`` on anything but a signal is a send through some backend.
            if name == "send" and isinstance(func, ast.Attribute) and "signal" not in ast.unparse(func.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {ast.unparse(func)}()")
        elif isinstance(node, ast.ImportFrom | ast.Import):
            if isinstance(node, ast.ImportFrom):
                modules = [node.module or ""] if node.level == 0 else []  # relative imports stay in their app
            else:
                modules = [alias.name for alias in node.names]
            found += [f"{path.relative_to(ROOT)}:{node.lineno} imports {m}" for m in modules
                      if m.startswith(SENDING_MODULES)]
    return found


def test_the_scan_finds_the_sends_in_the_delivery_module():
    # The scan must see what it is looking for, or its silence elsewhere proves nothing.
    uses = sending_uses(DOOR)
    assert any("EmailMessage" in use for use in uses) and any("get_sms_backend" in use for use in uses)


def test_no_module_outside_delivery_and_the_backends_sends_or_imports_a_sender():
    offenders = []
    for path in source_files():
        if path == DOOR or BACKENDS in path.parents:
            continue
        offenders += sending_uses(path)
    assert offenders == []


@pytest.fixture
def watched_sends(monkeypatch):
    """Record, for every e-mail and text the backends get, whether delivery.deliver is on the stack."""
    calls = []
    door = inspect.getsourcefile(messaging.delivery)

    def through_door():
        return any(frame.filename == door and frame.name == "deliver" for frame in traceback.extract_stack())

    real_email, real_text = EmailBackend.send_messages, LocmemBackend.send

    def email(self, messages):
        calls.extend(("email", through_door()) for _ in messages)
        return real_email(self, messages)

    def text(self, to, body):
        calls.append(("sms", through_door()))
        return real_text(self, to, body)

    monkeypatch.setattr(EmailBackend, "send_messages", email)
    monkeypatch.setattr(LocmemBackend, "send", text)
    return calls


def test_every_send_of_the_intake_and_review_flows_goes_through_delivery(
        client, staff_user, patient_factory, watched_sends, no_quiet_hours, django_capture_on_commit_callbacks):
    from consent.gate import Purpose
    from messaging import actions
    from messaging.models import InboundMessage

    patient = patient_factory(email=True, sms=True, texting_reason="Patient is deaf.")
    with django_capture_on_commit_callbacks(execute=True):
        # The public contact form: a new patient asking for both channels (confirmation requests go out).
        client.post("/contact/", {"name": "Robin Doe", "email": "robin@example.org", "phone": "202-555-0187",
                                  "message": "I need to move my appointment.", "consent_email": "on",
                                  "consent_sms": "on"})
        intake = actions.receive_message(patient_id=patient.pk, text="I have chest pain right now")
        actions.queue_message(patient_id=patient.pk, channel="sms", purpose=Purpose.KEYWORD_REPLY,
                              template="help_reply")
        client.force_login(staff_user)
        client.post("/admin/messaging/inboundmessage/", {
            "action": "reply_with_template", "_selected_action": [intake.message_id], "apply": "1",
            "template": "acknowledgement", "channels": ["email"]})

    assert InboundMessage.objects.count() == 2
    kinds = {kind for kind, _ in watched_sends}
    assert kinds == {"email", "sms"} and len(watched_sends) >= 4
    assert all(through for _, through in watched_sends), watched_sends
    assert len(mail.outbox) == sum(1 for kind, _ in watched_sends if kind == "email")


def test_the_watch_tells_a_send_outside_delivery_apart(watched_sends):
    # The control: a send that skips the door is seen as such, so the test above can fail.
    mail.EmailMessage("subject", "body", to=["someone@example.org"]).send()
    LocmemBackend().send("+12025550100", "body")
    assert watched_sends == [("email", False), ("sms", False)]
