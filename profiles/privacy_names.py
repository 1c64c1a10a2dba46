"""Patients' names in free text, for the privacy guard (`profiles.privacy`).

Names and text are compared *folded*: accents removed with `unicodedata` (plus the letters it does not
decompose, such as ø, ł, æ, ß), lower case, apostrophes and hyphens dropped inside a word, and a
possessive ending ('s, ’s, or a bare ') ignored. So "Lopez's", "LÓPEZ" and "López" are one name.

The registry is turned once into a token index (`NameIndex`), so matching costs one dictionary look-up
per word of the post, however many patients the practice has. The rule for partial names:

- a full name (given name and surname, or given name and one part of a compound surname) is always
  a finding, even after "Dr." (a colleague who shares a patient's full name must be checked by hand);
- a surname alone is a finding, except right after a title that marks a colleague or public figure
  ("Dr. Patel", "Prof.", "Senator"), right before credentials ("Patel, MD"), right after another
  capitalised given name ("Serena Williams": someone else), or as an eponym ("Graves' disease").
  When the surname is also an everyday word or a disease eponym ("Hill", "Baker", "Graves"), it
  counts only after a courtesy title ("Mrs. Hill");
- a given name alone is a finding only in a sentence about someone's health or visit, not after a
  title and not followed by another surname ("Maria Sharapova"). Given names that are everyday
  words ("Will", "Hope", "Frank") must also be capitalised and not start the sentence.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from profiles import privacy_patterns as pp

_EXTRA_FOLDS = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE", "œ": "oe",
                              "Œ": "OE", "ß": "ss", "đ": "d", "Đ": "D", "ı": "i", "þ": "th", "Þ": "TH"})
WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*(?:['’][sS]\b|(?<=[sS])['’](?!\w))?")
_POSSESSIVE = re.compile(r"(?:['’][sS]|(?<=[sS])['’])$")


def fold(word: str) -> str:
    """Lower case, accents and inner apostrophes/hyphens removed: 'O’Brien' -> 'obrien'."""
    decomposed = unicodedata.normalize("NFKD", word.translate(_EXTRA_FOLDS))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"['’\-]", "", bare).casefold()


@dataclass(frozen=True)
class Token:
    start: int
    end: int          # end of the name itself, without a possessive ending
    stop: int         # end of the word, possessive included
    folded: str
    raw: str
    possessive: bool


def tokens(text: str) -> list[Token]:
    """The words of `text` with their offsets; possessive endings are split off."""
    out = []
    for m in WORD.finditer(text):
        raw = m.group()
        poss = _POSSESSIVE.search(raw)
        name = raw[: poss.start()] if poss else raw
        out.append(Token(m.start(), m.start() + len(name), m.end(), fold(name), name, bool(poss)))
    return out


@dataclass
class NameIndex:
    """Folded name parts of the practice's patients, each mapped to the display names that carry it."""

    full: dict[tuple[str, str], list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)  # first two tokens
    surnames: dict[str, set[str]] = field(default_factory=dict)
    given: dict[str, set[str]] = field(default_factory=dict)

    def add(self, display: str) -> None:
        parts = [fold(t.raw) for t in tokens(display)]
        parts = [p for p in parts if p]
        if len(parts) < 2:
            return
        given, rest = parts[0], parts[1:]
        core = [p for p in rest if p not in pp.NAME_PARTICLES] or rest
        variants = {tuple(rest), (core[0],), (core[-1],)}
        for raw in display.split()[1:]:  # "Fernández-Ruiz" is also written "Fernández" or "Ruiz"
            for piece in map(fold, raw.split("-")):
                if len(piece) > 2 and piece != fold(raw) and piece not in pp.NAME_PARTICLES:
                    variants.add((piece,))
        for surname in variants:
            self.full.setdefault((given, surname[0]), []).append(((given, *surname), display))
            if len(surname) == 1 and len(surname[0]) > 1:
                self.surnames.setdefault(surname[0], set()).add(display)
        self.given.setdefault(given, set()).add(display)


@lru_cache(maxsize=8)
def name_index(names: tuple[str, ...]) -> NameIndex:
    """Build (and remember) the index for one registry; callers pass the names as a tuple."""
    index = NameIndex()
    for display in names:
        index.add(display)
    for seqs in index.full.values():
        seqs.sort(key=lambda item: -len(item[0]))  # longest name first: "García Márquez" before "García"
    return index


@dataclass(frozen=True)
class NameMatch:
    start: int
    end: int
    reason: str


def _who(displays: set[str]) -> str:
    listed = sorted(displays)
    return ", ".join(listed[:3]) + (" and others" if len(listed) > 3 else "")


def _adjacent(text: str, left: Token, right: Token, *, dot: bool = False) -> bool:
    gap = text[left.stop:right.start]
    return bool(re.fullmatch(r"\.?\s+" if dot else r"[ \t\u00a0]+", gap)) and not (left.possessive and not dot)


def find_names(text: str, index: NameIndex, *, sentence_start, about_health) -> list[NameMatch]:
    """Patients' names in `text` by the rule in the module docstring.

    `sentence_start(pos)` tells whether a word starts its sentence; `about_health(pos)` whether the
    sentence around `pos` is about someone's health or visit.
    """
    toks = tokens(text)
    found: list[NameMatch] = []
    i = 0
    while i < len(toks):
        tok = toks[i]
        prev = toks[i - 1] if i else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        full = _full_name_at(text, toks, i, index)
        if full:
            length, display = full
            end = toks[i + length - 1].end
            found.append(NameMatch(tok.start, end, f"Names a patient of the practice ({display})."))
            i += length
            continue
        titled = prev is not None and _adjacent(text, prev, tok, dot=True)
        public_title = titled and prev.folded in pp.PUBLIC_TITLES
        courtesy = titled and prev.folded in pp.COURTESY_TITLES
        colleague = titled and prev.folded in pp.COLLEAGUE_ROLES
        if tok.folded in index.surnames and not public_title and _counts_as_surname(text, tok, prev, nxt, courtesy):
            who, start, j = _who(index.surnames[tok.folded]), tok.start, i - 1
            while j >= 0 and toks[j].folded in pp.NAME_PARTICLES and _adjacent(text, toks[j], toks[j + 1]):
                start, j = toks[j].start, j - 1  # "de la Cruz": highlight the whole surname
            found.append(NameMatch(start, tok.end, f"Uses the surname of a patient of the practice ({who})."))
        elif (tok.folded in index.given and not public_title and not courtesy and not colleague
              and _counts_as_given_name(text, tok, nxt, sentence_start) and about_health(tok.start)):
            found.append(NameMatch(tok.start, tok.end, "Uses the given name of a patient of the practice "
                                   f"({_who(index.given[tok.folded])}) in a post about someone's health."))
        i += 1
    return found


def _full_name_at(text: str, toks: list[Token], i: int, index: NameIndex) -> tuple[int, str] | None:
    if i + 1 >= len(toks):
        return None
    for seq, display in index.full.get((toks[i].folded, toks[i + 1].folded), ()):
        window = toks[i:i + len(seq)]
        if len(window) == len(seq) and all(t.folded == s for t, s in zip(window, seq, strict=True)) and all(
                _adjacent(text, a, b) for a, b in zip(window, window[1:], strict=False)):
            return len(seq), display
    return None


def _counts_as_surname(text: str, tok: Token, prev: Token | None, nxt: Token | None, courtesy: bool) -> bool:
    if nxt is not None and nxt.folded in pp.EPONYM_NOUNS and _adjacent(text, tok, nxt, dot=True):
        return False  # "Graves' disease", "Kawasaki disease"
    if nxt is not None and nxt.folded in pp.CREDENTIALS and nxt.raw[:1].isupper() and re.fullmatch(
            r",?\s+", text[tok.stop:nxt.start]):
        return False  # "Patel, MD"
    if nxt is not None and nxt.folded == "et" and re.match(r"\s+al\b", text[nxt.stop:]):
        return False  # "Tanaka et al.": an author
    if courtesy or (tok.raw[:1].isupper() and nxt is not None and nxt.folded in pp.FAMILY_WORDS
                    and _adjacent(text, tok, nxt)):
        return True  # "Mrs. Hill", "the Hill family"
    if tok.folded in pp.COMMON_WORDS or tok.folded in pp.EPONYMS:
        return False  # "the hill", "Addison's is rare": only "Mrs. Hill" counts
    other_given = (prev is not None and prev.raw[:1].isupper() and _adjacent(text, prev, tok)
                   and prev.folded not in pp.NOT_A_GIVEN_NAME and prev.folded not in pp.COURTESY_TITLES)
    return not other_given  # "Serena Williams" is someone else


def _counts_as_given_name(text: str, tok: Token, nxt: Token | None, sentence_start) -> bool:
    followed_by_surname = nxt is not None and nxt.raw[:1].isupper() and _adjacent(text, tok, nxt)
    if followed_by_surname and nxt.folded not in pp.NOT_A_GIVEN_NAME:
        return False  # "Maria Sharapova": a different surname, so a different person
    if tok.folded in pp.COMMON_WORDS:
        return tok.raw[:1].isupper() and not tok.raw.isupper() and not sentence_start(tok.start)
    return True
