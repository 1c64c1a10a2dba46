"""A patient's consent proof as CSV: every event, with the full disclosure text it was given under."""

import csv
import io

HEADER = ["seq", "time (UTC)", "channel", "action", "method", "address", "actor", "staff user", "ip",
          "user agent", "note", "flagged for staff", "disclosure version", "disclosure sha256", "disclosure text",
          "prev_hash", "hash"]


def _cell(value) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet formula injection: a cell must not start with = + - @ (OWASP CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def proof_csv(events, disclosures: dict[int, str]) -> str:
    """CSV text for ``events`` (ledger order); ``disclosures`` maps disclosure id to its text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for e in events:
        writer.writerow([_cell(v) for v in (
            e.seq, e.ledger_fields()["created_at"], e.channel, e.action, e.method, e.address, e.actor_kind,
            e.actor_label, e.ip, e.user_agent, e.note, "yes" if e.needs_review else "", e.disclosure_version,
            e.disclosure_sha256, disclosures.get(e.disclosure_id, ""), e.prev_hash, e.hash)])
    return out.getvalue()
