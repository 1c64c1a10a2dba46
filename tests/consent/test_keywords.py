"""Inbound text keywords, as a table. No database."""

import pytest

from consent.keywords import Keyword, classify_inbound, confirmation_code

K = Keyword


@pytest.mark.parametrize(("text", "keyword"), [
    *[(w, K.STOP) for w in ("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT")],
    *[(w, K.STOP) for w in ("stop", "Stop.", "stop please", "Please stop", "STOP!!!", "  stop  ", "stop all",
                            "Stop all", "opt-out", "opt out", "Opt Out please", "unsub",
                            "stop now", "STOP thanks", "sotp", "stpo", "Stop it", "stop stop", "quit please",
                            "Cancel.", "end", "Revoke", "STOP ALL PLEASE", "stop, thank you")],
    ("HELP", K.HELP), ("help", K.HELP), ("Help!", K.HELP), ("info", K.HELP), ("help please", K.HELP),
    ("YES", K.YES), ("yes", K.YES), ("Yes.", K.YES), ("y", K.YES), ("yes please", K.YES), ("Confirm", K.YES),
    ("123456", K.YES), ("YES 123456", K.YES), ("yep", K.YES),
    ("please don't text me anymore", K.STOP_IN_WORDS),
    ("Please don’t text me any more", K.STOP_IN_WORDS),
    ("do not contact me again", K.STOP_IN_WORDS),
    ("I don't want these texts", K.STOP_IN_WORDS),
    ("no more texts please", K.STOP_IN_WORDS),
    ("remove me from your list", K.STOP_IN_WORDS),
    ("please unsubscribe me from this", K.STOP_IN_WORDS),
    ("stop texting me", K.STOP_IN_WORDS),
    ("Stop messaging me!", K.STOP_IN_WORDS),
    ("wrong number", K.STOP_IN_WORDS),
    ("leave me alone", K.STOP_IN_WORDS),
    ("I no longer want messages from you", K.STOP_IN_WORDS),
    ("Can I cancel my appointment on Friday?", K.NONE),
    ("When does the office open?", K.NONE),
    ("I have had a headache since the weekend", K.NONE),
    ("yes I can come at 3", K.NONE),
    ("the pain does not stop", K.NONE),
    ("", K.NONE),
    ("   ", K.NONE),
    ("12345", K.NONE),
    ("help me understand my bill", K.NONE),
])
def test_classify_inbound(text, keyword):
    assert classify_inbound(text) == keyword


@pytest.mark.parametrize(("text", "code"), [("123456", "123456"), ("YES 654321", "654321"), ("yes", ""),
                                            ("code: 000111.", "000111")])
def test_confirmation_code_is_read_from_the_reply(text, code):
    assert confirmation_code(text) == code
