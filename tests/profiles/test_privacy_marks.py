"""Table tests for showing the privacy guard's findings in place (profiles/privacy_marks.py): no database."""

import pytest

from profiles.privacy import Finding, Kind
from profiles.privacy_marks import combined_text, marked


def _finding(text, span, kind=Kind.PATIENT_NAME, reason="Names a patient."):
    start = text.index(span)
    return Finding(kind, start, start + len(span), span, reason)


@pytest.mark.parametrize(("parts", "span", "label", "expected_html"), [
    ([("Title", "Maria Lopez is home"), ("Body", "Good news.")], "Maria Lopez", "Title",
     '<mark id="finding-1" class="privacy-mark"><span class="visually-hidden">Finding 1: </span>Maria Lopez'
     '<sup aria-hidden="true">[1]</sup></mark> is home'),
    ([("Title", "News"), ("Body", "Thanks, Maria Lopez!")], "Maria Lopez", "Body",
     'Thanks, <mark id="finding-1" class="privacy-mark"><span class="visually-hidden">Finding 1: </span>'
     'Maria Lopez<sup aria-hidden="true">[1]</sup></mark>!'),
    ([("Title", "News"), ("Body", "Body"), ("Image description", "Photo of Maria Lopez")], "Maria Lopez",
     "Image description",
     'Photo of <mark id="finding-1" class="privacy-mark"><span class="visually-hidden">Finding 1: </span>'
     'Maria Lopez<sup aria-hidden="true">[1]</sup></mark>'),
    ([("Body", "<b>Ann</b> & co\nline two")], "Ann", "Body",
     '&lt;b&gt;<mark id="finding-1" class="privacy-mark"><span class="visually-hidden">Finding 1: </span>Ann'
     '<sup aria-hidden="true">[1]</sup></mark>&lt;/b&gt; &amp; co<br>line two'),
])
def test_a_finding_is_marked_in_the_part_it_came_from(parts, span, label, expected_html):
    text = combined_text(parts)
    shown, numbered = marked(parts, [_finding(text, span)])
    [part] = [p for p in shown if p.label == label]
    assert part.html == expected_html
    assert [(n.number, n.label, n.text) for n in numbered] == [(1, label, span)]


def test_findings_are_numbered_in_reading_order_across_parts_and_empty_parts_are_left_out():
    parts = [("Title", "Ann Lee"), ("Body", "Call 555-0100 or Ann."), ("Image description", "")]
    text = combined_text(parts)
    findings = [_finding(text, "Ann Lee"), _finding(text, "555-0100", Kind.PHONE, "A phone number.")]
    shown, numbered = marked(parts, findings)
    assert [p.label for p in shown] == ["Title", "Body"]
    assert [(n.number, n.label, n.reason) for n in numbered] == [(1, "Title", "Names a patient."),
                                                                 (2, "Body", "A phone number.")]
    assert 'id="finding-2"' in shown[1].html


def test_without_findings_the_text_is_shown_escaped_and_unmarked():
    shown, numbered = marked([("Body", "a < b")], [])
    assert shown[0].html == "a &lt; b" and numbered == []
