"""
What an inbound text asks for: STOP, HELP, YES (or a confirmation code), a stop request in other words, or nothing.

The rules (withdrawal by any reasonable means, effective at once; the carriers' opt-out keywords):
the keywords STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, REVOKE, OPTOUT and close variants
("stop please", "Stop.", "STOP ALL", "opt-out", common typos) mean stop; HELP and INFO ask for help;
YES (or a 6-digit code) confirms a pending grant; a text that asks to stop in other words
("please don't text me anymore") is a withdrawal too, flagged for staff. Anything else is a message.

Pure: text in, Keyword out.
"""

import re
from enum import StrEnum


class Keyword(StrEnum):
    STOP = "stop"
    HELP = "help"
    YES = "yes"
    STOP_IN_WORDS = "stop_in_words"
    NONE = "none"


STOP_WORDS = frozenset({
    "stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout",
    # close variants and common typos of the keywords
    "stp", "stopp", "stoop", "sotp", "stpo", "tsop", "unsub", "unsubscribed", "unsuscribe", "unsubcribe",
    "stopit", "stopnow", "stopthis", "stoptexting", "stopmessages", "optmeout", "removeme", "cancelall",
})
HELP_WORDS = frozenset({"help", "info", "helpme"})
YES_WORDS = frozenset({"yes", "y", "yeah", "yep", "yess", "confirm", "confirmed", "yesconfirm", "yesiagree",
                       "iagree", "agree", "okyes", "yesok"})
# Politeness and filler around a keyword that do not change its meaning ("stop please", "STOP thanks").
FILLER = frozenset({"please", "pls", "plz", "now", "thanks", "thank", "you", "thx", "ty", "ok", "okay", "k"})
CODE = re.compile(r"^\d{6}$")

_NOT = r"(?:dont|do not|don t|never|no longer|stop|quit|cease)"
STOP_PHRASES = [re.compile(p) for p in (
    rf"\b{_NOT}\s+(?:\w+\s+)?(?:text|txt|sms|messag|contact|send|email|bother)\w*\s+(?:me|us|this number|my)\b",
    r"\b(?:dont|do not|no longer|never)\s+(?:want|wish|need)\s+(?:\w+\s+){0,3}(?:texts?|messages?|sms|contact)\b",
    r"\bno more\s+(?:\w+\s+)?(?:texts?|messages?|sms|txts?)\b",
    r"\b(?:remove|delete|take)\s+(?:me|my number|this number)\s+(?:from|off)\b",
    r"\b(?:unsubscribe|opt\s*out)\b",
    r"\bleave me alone\b",
    r"\bwrong number\b",
    r"\bnot\s+(?:text|contact|message)\s+me\b",
)]


def normalize(text: str) -> str:
    """Lower case, apostrophes dropped, punctuation to spaces, single spaces."""
    text = (text or "").lower().replace("\u2019", "'").replace("'", "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def classify_inbound(text: str) -> Keyword:
    """The keyword an inbound text means (see the module docstring)."""
    words = normalize(text).split()
    core = [w for w in words if w not in FILLER] or words
    joined = "".join(core)
    if not joined:
        return Keyword.NONE
    if joined in STOP_WORDS or (core and set(core) <= STOP_WORDS):
        return Keyword.STOP
    if joined in HELP_WORDS:
        return Keyword.HELP
    if joined in YES_WORDS or CODE.match(joined) or (len(core) == 2 and core[0] in YES_WORDS and CODE.match(core[1])):
        return Keyword.YES
    sentence = " ".join(words)
    if any(p.search(sentence) for p in STOP_PHRASES):
        return Keyword.STOP_IN_WORDS
    return Keyword.NONE


def confirmation_code(text: str) -> str:
    """The 6-digit code in a YES reply, or ""."""
    match = re.search(r"\b(\d{6})\b", normalize(text))
    return match.group(1) if match else ""
