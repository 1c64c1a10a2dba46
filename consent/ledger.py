"""
The consent ledger's hash chain: each event's hash covers its fields and the previous event's hash.

Rule: events are numbered 1, 2, 3… without gaps; event n carries the hash of event n-1 (event 1 carries
GENESIS); each hash is SHA-256 over a canonical serialization of the event's fields plus the previous
hash. Editing, deleting, swapping or forging an event therefore breaks the chain at that event.

Pure: works on plain values and already-loaded events (anything with ``seq``, ``pk``, ``prev_hash``,
``hash`` and ``ledger_fields()``).
"""

import hashlib
import json
from dataclasses import dataclass

GENESIS = "0" * 64


def canonical(fields: dict) -> bytes:
    """One byte string per set of field values: sorted keys, no whitespace, UTF-8."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def event_hash(fields: dict, prev_hash: str) -> str:
    """SHA-256 (hex) over the canonical fields and the previous event's hash."""
    return hashlib.sha256(canonical(fields) + b"|" + prev_hash.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    event_id: int | None
    kind: str  # "missing", "edited", "relinked", "duplicate"
    detail: str

    def __str__(self) -> str:
        return f"seq {self.seq} (event id {self.event_id}): {self.kind}: {self.detail}"


def first_broken_link(events) -> Break | None:
    """The first place where the chain is broken, or None if it is whole. ``events`` in seq order.

    - missing: a sequence number is skipped (an event was deleted);
    - duplicate: a sequence number repeats or goes back (events swapped or re-numbered);
    - edited: an event's fields no longer match its own hash (edited, or a forged hash);
    - relinked: an event's hash is self-consistent but does not chain to the previous event
      (an event forged, inserted or moved from elsewhere in the chain).
    """
    expected_seq, prev = 1, GENESIS
    for event in events:
        if event.seq > expected_seq:
            return Break(expected_seq, None, "missing",
                         f"events {expected_seq}..{event.seq - 1} are missing before event id {event.pk}")
        if event.seq < expected_seq:
            return Break(event.seq, event.pk, "duplicate", f"sequence number {event.seq} repeats or goes back")
        if event_hash(event.ledger_fields(), event.prev_hash) != event.hash:
            return Break(event.seq, event.pk, "edited", "the event's fields do not match its hash")
        if event.prev_hash != prev:
            return Break(event.seq, event.pk, "relinked", "the event does not carry the previous event's hash")
        expected_seq, prev = expected_seq + 1, event.hash
    return None
