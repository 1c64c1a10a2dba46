"""
Running the privacy guard (``profiles.privacy``) against the practice's own data: its patient registry
(``consent.api.patient_names()``) and its public contacts, which a post or bio may give freely.
"""

import hashlib
from dataclasses import dataclass, field, replace

from consent import api as consent_api

from . import privacy_marks
from .privacy import Finding, privacy_findings


@dataclass(frozen=True)
class Result:
    """The guard's answer for one text: its findings, its hash, and the parts it read."""

    parts: list[tuple[str, str]]
    findings: list[Finding] = field(default_factory=list)
    text_hash: str = ""
    held: bool = False  # set once recorded: findings, and no staff approval of this exact text

    def with_outcome(self, *, held: bool) -> "Result":
        return replace(self, held=held)

    @property
    def clear(self) -> bool:
        return not self.findings

    def findings_json(self) -> list[dict]:
        return [{"kind": str(f.kind), "start": f.start, "end": f.end, "text": f.text, "reason": f.reason}
                for f in self.findings]

    def marked(self):
        """(parts with findings marked in place, numbered findings) for the templates."""
        return privacy_marks.marked(self.parts, self.findings)


def practice_contacts(practice) -> list[str]:
    """The practice's phone numbers, e-mail and street addresses: public by design, never a finding."""
    contacts = [practice.phone, practice.public_email]
    for location in practice.locations.all():
        contacts += [location.phone, location.street_address]
    return [c for c in contacts if c]


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def check(parts: list[tuple[str, str]], *, practice) -> Result:
    """Run the guard over ``parts`` ((label, text) pairs) read as one text."""
    text = privacy_marks.combined_text(parts)
    findings = privacy_findings(text, consent_api.patient_names(), public_contacts=practice_contacts(practice))
    return Result(parts=parts, findings=findings, text_hash=text_hash(text))


def bio_parts(bio: str) -> list[tuple[str, str]]:
    return [("Bio", bio)]
