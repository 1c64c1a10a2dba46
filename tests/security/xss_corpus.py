"""The XSS vector corpus (tests/data/xss/vectors.txt) and the audit of sanitized HTML.

``load_vectors()`` reads the corpus; ``audit(html)`` lists every way a piece of rendered HTML could still
run script: a tag outside the allowlist, an event-handler or style attribute, a link whose scheme is not
http, https or mailto once entities, whitespace and control characters are taken out, or a comment or
declaration that a browser could read differently.
"""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "data" / "xss" / "vectors.txt"

# What the bio may contain at most (the list). profiles.markdown.ALLOWED_TAGS must stay inside it.
PERMITTED_TAGS = frozenset({"p", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "br", "pre"})
PERMITTED_ATTRIBUTES = {"a": frozenset({"href", "rel"})}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Never acceptable, whatever the allowlist says.
FORBIDDEN_TAGS = ("script", "iframe", "svg", "object", "embed", "form", "base", "meta", "link", "style", "math",
                  "img", "frame", "frameset", "applet", "template", "noscript", "xmp", "plaintext", "textarea")

_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|[ntr\\])")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# Browsers drop these anywhere in a URL (tab, newline) or at its ends (C0 controls and space).
_URL_NOISE = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\ufeff]")


@dataclass(frozen=True)
class Vector:
    id: str  # e.g. "rsnake-007"
    source: str  # the section label
    text: str


def decode(line: str) -> str:
    """A corpus line as the vector it stands for (see the header of vectors.txt)."""
    if not line.startswith("esc:"):
        return line
    return _ESCAPE.sub(lambda m: chr(int(m.group(1)[1:], 16)) if m.group(1)[0] == "x" else _ESCAPES[m.group(1)],
                       line[4:])


def load_vectors(path: Path = CORPUS) -> list[Vector]:
    vectors, label, n = [], "misc", 0
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if not raw.strip():
            continue
        if raw.startswith("# "):
            if match := re.match(r"# \[([a-z0-9-]+)\]", raw):
                label, n = match.group(1), 0
            continue
        n += 1
        vectors.append(Vector(id=f"{label}-{n:03d}", source=label, text=decode(raw)))
    return vectors


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an href value (already entity-decoded once by the parser)."""
    # Decode once more on purpose: a stricter reading can only find more, never hide one.
    cleaned = _URL_NOISE.sub("", html.unescape(value)).lower()
    match = _SCHEME.match(cleaned)
    return match.group(1) if match else None


class _Auditor(HTMLParser):
    def __init__(self, allowed_tags):
        super().__init__(convert_charrefs=True)
        self.allowed_tags = allowed_tags
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in self.allowed_tags:
            self.problems.append(f"closing tag </{tag}> outside the allowlist")

    def handle_comment(self, data):
        self.problems.append(f"comment <!--{data[:40]}-->")

    def handle_decl(self, decl):
        self.problems.append(f"declaration <!{decl[:40]}>")

    def unknown_decl(self, data):
        self.problems.append(f"declaration <![{data[:40]}]>")

    def handle_pi(self, data):
        self.problems.append(f"processing instruction <?{data[:40]}>")

    def _check(self, tag, attrs):
        if tag not in self.allowed_tags:
            self.problems.append(f"tag <{tag}> outside the allowlist")
        permitted = PERMITTED_ATTRIBUTES.get(tag, frozenset())
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            elif name == "style":
                self.problems.append(f"style= on <{tag}>")
            elif name not in permitted:
                self.problems.append(f"attribute {name}= on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href", "data", "background", "poster"):
                scheme = url_scheme(value)
                if scheme is not None and scheme not in SAFE_SCHEMES:
                    self.problems.append(f"{name}= with scheme {scheme!r} on <{tag}>: {value[:60]!r}")


def audit(rendered: str, allowed_tags=PERMITTED_TAGS) -> list[str]:
    """Every problem found in ``rendered`` (empty when it is safe to put in a page)."""
    auditor = _Auditor(frozenset(allowed_tags))
    auditor.feed(str(rendered))
    auditor.close()
    lowered = str(rendered).lower()
    auditor.problems += [f"raw <{tag} in the output" for tag in FORBIDDEN_TAGS if f"<{tag}" in lowered]
    return auditor.problems
