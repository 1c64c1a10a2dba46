"""
The privacy guard's findings shown in place: each guarded text (title, body, image description) as
escaped HTML with every finding wrapped in a numbered ``<mark>``, and the numbered list of reasons.

The guard reads one combined text (the parts joined by blank lines) so that sentences keep their
context; this module maps each finding's offsets back into the part it came from. Not colour alone:
each mark carries its number in brackets and a visually hidden "finding N" label. Pure: no ORM.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Marked:
    label: str
    html: SafeString


@dataclass(frozen=True)
class Numbered:
    number: int
    label: str
    text: str
    reason: str
    kind: str


def combined_text(parts: list[tuple[str, str]]) -> str:
    """The one text the guard reads: the parts' texts joined by blank lines."""
    return SEPARATOR.join(text for _, text in parts)


def _ranges(parts: list[tuple[str, str]]) -> list[tuple[str, str, int]]:
    ranges, offset = [], 0
    for label, text in parts:
        ranges.append((label, text, offset))
        offset += len(text) + len(SEPARATOR)
    return ranges


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def marked(parts: list[tuple[str, str]], findings) -> tuple[list[Marked], list[Numbered]]:
    """Each non-empty part with its findings marked in place, and the findings numbered in reading order."""
    numbered: list[Numbered] = []
    shown: list[Marked] = []
    number = 0
    for label, text, offset in _ranges(parts):
        inside = [f for f in findings if offset <= f.start < offset + len(text)]
        pieces, cursor = [], 0
        for finding in inside:
            number += 1
            start, end = finding.start - offset, min(finding.end - offset, len(text))
            if start < cursor:  # overlapping findings: list the second one, mark the first
                numbered.append(Numbered(number, label, text[start:end], finding.reason, str(finding.kind)))
                continue
            pieces.append(_html(text[cursor:start]))
            pieces.append(
                f'<mark id="finding-{number}" class="privacy-mark">'
                f'<span class="visually-hidden">Finding {number}: </span>{_html(text[start:end])}'
                f'<sup aria-hidden="true">[{number}]</sup></mark>'
            )
            numbered.append(Numbered(number, label, text[start:end], finding.reason, str(finding.kind)))
            cursor = end
        pieces.append(_html(text[cursor:]))
        if text.strip():
            shown.append(Marked(label, mark_safe("".join(pieces))))  # noqa: S308 - every piece escaped above
    return shown, numbered
