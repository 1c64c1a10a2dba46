"""The demo patients: confirmed, pending and withdrawn consent, on a whole chain."""

import pytest
from django.core.management import call_command

from consent import api, demo
from consent.state import Channel, Status


@pytest.mark.django_db
def test_demo_patients_have_confirmed_pending_and_withdrawn_consent(staff_user, capsys):
    patients = demo.seed({"staff": staff_user})
    assert demo.seed({"staff": staff_user}) and len(patients) == 3  # idempotent
    states = {p.name: (api.current_state(p.pk, Channel.EMAIL).status, api.current_state(p.pk, Channel.SMS).status)
              for p in patients}
    assert states == {"Maria Lopez": (Status.ACTIVE, Status.ACTIVE), "Daniel Kim": (Status.PENDING, Status.NONE),
                      "Grace Adeyemi": (Status.ACTIVE, Status.WITHDRAWN)}
    assert api.current_state(patients[0].pk, Channel.SMS).imperative_reason
    assert set(api.patient_names()) == {"Maria Lopez", "Daniel Kim", "Grace Adeyemi"}
    call_command("verify_consent_ledger")
    assert "is whole" in capsys.readouterr().out
