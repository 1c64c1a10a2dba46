"""Locust users for `make chaos`'s load row: each one fills in the contact form, with e-mail consent.

Every request is also written to $CHAOS_LOAD_LOG (start time, seconds, outcome) so the run can be cut
into "during the Redis pause" and "outside it".
"""

import json
import os
import re
import time
import uuid

from locust import HttpUser, between, events, task

LOG = open(os.environ.get("CHAOS_LOAD_LOG", "/dev/null"), "a")  # noqa: SIM115 - for the run's life
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def record(request_type, name, response_time, exception, response=None, start_time=None, **kwargs):
    LOG.write(json.dumps({"start": start_time or time.time(), "ms": response_time, "name": name,
                          "status": getattr(response, "status_code", None), "failed": exception is not None,
                          "accepted": name == "POST /contact/" and exception is None}) + "\n")
    LOG.flush()


class Patient(HttpUser):
    wait_time = between(3, 9)

    @task
    def send_the_contact_form(self):
        page = self.client.get("/contact/", name="GET /contact/")
        match = TOKEN.search(page.text)
        if not match:
            return
        email = f"load-{uuid.uuid4().hex[:12]}@chaos.example"
        with self.client.post("/contact/", name="POST /contact/", allow_redirects=False, catch_response=True,
                              headers={"Referer": f"{self.host}/contact/"},
                              data={"csrfmiddlewaretoken": match.group(1), "name": "Load Patient", "email": email,
                                    "phone": "", "message": "Could I move my appointment to next week?",
                                    "consent_email": "on", "website": ""}) as response:
            if response.status_code == 302 and "/contact/sent/" in response.headers.get("Location", ""):
                response.success()
                with open(os.environ["CHAOS_LOAD_ACCEPTED"], "a") as out:
                    out.write(email + "\n")
            else:
                response.failure(f"form not accepted: {response.status_code}")
                return
        self.client.get("/contact/sent/", name="GET /contact/sent/")
