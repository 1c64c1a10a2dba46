"""The patient-privacy guard for what physicians publish (posts and the bio).

The guidelines let a physician build a professional presence online, but never to call out a patient
by name or otherwise identify one in a post. `privacy_findings(text, patient_names)` lists what, in a
text about to be published, names or could identify a patient of the practice: their names (see
`profiles.privacy_names` for the rule on partial names), dates tied to a person's visit or birth, ages
over 89, phone numbers, e-mail addresses, record and insurance numbers, street addresses, and a
specific patient encounter told with a detail that narrows it down ("my 3 pm patient, a pilot").

Any finding holds the text back; each one carries its kind, its span (offsets into the text as typed,
so the form can highlight it in place) and a reason in plain words for the physician. The practice's
own phone, e-mail and addresses may be passed as `public_contacts` so a bio can give them.

Pure: no ORM, settings or clock. The patterns live in `profiles.privacy_patterns`; the registry is
indexed once per list of names, so a check costs about the same for ten patients or ten thousand.
"""

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from profiles import privacy_patterns as pp
from profiles.privacy_names import NameIndex, find_names, name_index


class Kind(StrEnum):
    PATIENT_NAME = "patient_name"
    DATE = "date"
    AGE_OVER_89 = "age_over_89"
    PHONE = "phone"
    EMAIL = "email"
    RECORD_NUMBER = "record_number"
    ADDRESS = "address"
    PATIENT_STORY = "patient_story"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    text: str
    reason: str


def privacy_findings(text: str, patient_names: Iterable[str] | NameIndex, *,
                     public_contacts: Iterable[str] = ()) -> list[Finding]:
    """Everything in `text` that names or could identify a patient, in reading order ([] means publishable).

    `patient_names` is the practice's registry (`consent.api.patient_names()`), or a `NameIndex` built
    from it; `public_contacts` are the practice's own phone numbers, e-mails and addresses.
    """
    index = patient_names if isinstance(patient_names, NameIndex) else name_index(tuple(patient_names))
    sentence = _Sentences(text)
    found = [Finding(Kind.PATIENT_NAME, m.start, m.end, text[m.start:m.end], m.reason)
             for m in find_names(text, index, sentence_start=sentence.starts_at,
                                 about_health=lambda pos: _about_health(sentence, pos))]
    named = {sentence.start_of(f.start) for f in found}
    found.extend(_dates(text, sentence, named))
    for finder in (_ages, _contacts, _records, _addresses, _stories):
        found.extend(finder(text, sentence))
    allowed = _public_spans(text, public_contacts)
    found = [f for f in found if not _is_public(f, allowed)]
    return _without_overlaps(sorted(found, key=lambda f: (f.start, -f.end)))


class _Sentences:
    """Sentence boundaries of a text, skipping the periods of "Dr.", "St." and initials."""

    def __init__(self, text: str):
        self.text = text
        self._seen: dict[tuple[int, re.Pattern], re.Match | None] = {}
        self.starts = [0]
        for m in pp.SENTENCE_END.finditer(text):
            word = re.search(r"([\w.]+)$", text[max(0, m.start() - 12):m.start()])
            if m.group().startswith(".") and word and (word.group(1).casefold() in pp.ABBREVIATIONS
                                                       or len(word.group(1)) == 1):
                continue
            self.starts.append(m.end())

    def search(self, pattern: re.Pattern, pos: int) -> re.Match | None:
        """`pattern` searched in the sentence around `pos`, once per sentence (long texts stay linear)."""
        key = (self.start_of(pos), pattern)
        if key not in self._seen:
            self._seen[key] = pattern.search(self.around(pos))
        return self._seen[key]

    def start_of(self, pos: int) -> int:
        return self.starts[bisect.bisect_right(self.starts, pos) - 1]

    def around(self, pos: int) -> str:
        i = bisect.bisect_right(self.starts, pos) - 1
        end = self.starts[i + 1] if i + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[i]:end]

    def starts_at(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return not self.text[self.starts[i]:pos].strip(" \t\n\"'“‘(")


def _about_health(sentence: _Sentences, pos: int) -> bool:
    return bool(sentence.search(pp.HEALTH_CONTEXT, pos) or sentence.search(pp.STORY_ANCHOR, pos))


def _dates(text: str, sentence: _Sentences, named: set[int]) -> Iterable[Finding]:
    """Dates in a sentence about a person's birth, or about a visit or a named patient (not an event)."""
    for m in pp.DATE.finditer(text):
        pos = m.start()
        birth = sentence.search(pp.DATE_BIRTH, pos)
        personal = (sentence.start_of(pos) in named or sentence.search(pp.DATE_PERSONAL, pos)
                    or sentence.search(pp.STORY_ANCHOR, pos))
        if birth or (personal and not sentence.search(pp.DATE_EVENT, pos)):
            yield Finding(Kind.DATE, m.start(), m.end(), m.group(),
                          "A date tied to a person's birth, visit or treatment can identify them.")


def _ages(text: str, sentence: _Sentences) -> Iterable[Finding]:
    for m in pp.AGE.finditer(text):
        value = next((int(v) for v in m.groupdict().values() if v), None)
        if value is not None and not 90 <= value <= 130:
            continue
        before = text[max(0, m.start() - 30):m.start()]
        if (pp.AGE_THING_AFTER.match(text, m.end()) or pp.AGE_GROUP_BEFORE.search(before)
                or sentence.search(pp.AGE_LITERATURE, m.start())):
            continue  # a 100-year-old hospital; the average 90-year-old; a published case report
        yield Finding(Kind.AGE_OVER_89, m.start(), m.end(), m.group(),
                      "An age over 89 is rare enough to single out one person.")


def _contacts(text: str, sentence: _Sentences) -> Iterable[Finding]:
    for m in pp.PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
        if not 8 <= len(digits) <= 15 or (len(national) == 10 and national[:3] in pp.TOLL_FREE):
            continue  # too short to be a phone number; a toll-free line belongs to an organisation
        yield Finding(Kind.PHONE, m.start(), m.end(), m.group(), "A phone number can contact or identify a person.")
    for m in pp.EMAIL.finditer(text):
        yield Finding(Kind.EMAIL, m.start(), m.end(), m.group(), "An e-mail address can contact or identify a person.")


def _records(text: str, sentence: _Sentences) -> Iterable[Finding]:
    for m in pp.RECORD.finditer(text):
        yield Finding(Kind.RECORD_NUMBER, m.start(), m.end(), m.group(),
                      "A record, insurance or identity number points to one person.")


def _addresses(text: str, sentence: _Sentences) -> Iterable[Finding]:
    for m in pp.ADDRESS.finditer(text):
        span = m.group().rstrip(".,")
        yield Finding(Kind.ADDRESS, m.start(), m.start() + len(span), span,
                      "A street address can show where a person lives.")


def _stories(text: str, sentence: _Sentences) -> Iterable[Finding]:
    told: set[int] = set()
    for m in pp.STORY_ANCHOR.finditer(text):
        start, pos = sentence.start_of(m.start()), m.start()
        detail = (sentence.search(pp.STORY_DETAIL, pos) or sentence.search(pp.DATE, pos)
                  or sentence.search(pp.PROPER_NOUN, pos))
        if detail and start not in told:
            told.add(start)  # one finding per sentence is enough to hold it
            yield Finding(Kind.PATIENT_STORY, m.start(), m.end(), m.group(),
                          f"Tells of a particular patient with a detail that could identify them "
                          f"(\u201c{detail.group().strip(' ,')}\u201d).")


_CONTACT_KINDS = {Kind.PHONE, Kind.EMAIL, Kind.ADDRESS}


def _public_spans(text: str, contacts: Iterable[str]) -> tuple[list[tuple[int, int]], set[str]]:
    spans, numbers = [], set()
    for contact in contacts:
        words = contact.split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        spans.extend(m.span() for m in re.finditer(pattern, text, re.IGNORECASE))
        digits = re.sub(r"\D", "", contact)
        if len(digits) >= 7:
            numbers.add(digits[-10:])
    return spans, numbers


def _is_public(finding: Finding, allowed: tuple[list[tuple[int, int]], set[str]]) -> bool:
    spans, numbers = allowed
    if finding.kind not in _CONTACT_KINDS:
        return False
    if finding.kind is Kind.PHONE and re.sub(r"\D", "", finding.text)[-10:] in numbers:
        return True
    return any(s < finding.end and finding.start < e for s, e in spans)


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """Drop a finding that overlaps an earlier one of the same kind. ``found`` is sorted by start, so
    the furthest end kept so far per kind decides it (linear, not a comparison with every kept one)."""
    kept: list[Finding] = []
    reach: dict[Kind, int] = {}
    for f in found:
        if f.start < reach.get(f.kind, -1):
            continue
        kept.append(f)
        reach[f.kind] = max(reach.get(f.kind, -1), f.end)
    return kept

