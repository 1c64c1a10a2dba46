"""Generated hostile bios: nested tags, attributes, URLs and Markdown built from dangerous building blocks.

One builder, two drivers: ``hostile_markdown()`` is a Hypothesis strategy (shrinks to a small failing
sample), and ``sample_batch(n)`` replays the same builder from seeded ``random.Random`` instances, for the
browser test, which needs a fixed batch it can save through the form.
"""

import random
from collections.abc import Sequence

from hypothesis import strategies as st

SCRIPTS = ("alert(1)", "confirm(1)", "prompt(1)", "window.__xss=1", "alert`1`", "top['al'+'ert'](1)",
           "(window.__xss=1)&&alert(1)", "eval(atob('YWxlcnQoMSk='))")
TAGS = ("script", "iframe", "svg", "img", "object", "embed", "form", "base", "meta", "link", "style", "math",
        "details", "video", "audio", "body", "input", "button", "select", "textarea", "marquee", "x", "div",
        "span", "table", "frameset", "template", "noscript", "xmp", "title", "a", "p", "em", "strong", "li",
        "blockquote", "code", "pre", "br")
EVENTS = ("onload", "onerror", "onclick", "onmouseover", "onmouseenter", "onfocus", "onfocusin", "onblur",
          "ontoggle", "onbegin", "onanimationstart", "onpointerover", "onpointerenter", "oninput",
          "onbeforetoggle", "onscroll", "onwheel", "OnMouseOver", "ONERROR")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "xlink:href", "background", "poster", "srcdoc")
EXTRA_ATTRIBUTES = ("autofocus", "tabindex=1", "open", "contenteditable", "popover", "id=x",
                    "style=animation-name:spin", "style=x:expression(alert(1))",
                    "style=background:url(javascript:alert(1))")
SCHEMES = ("javascript:", "vbscript:", "data:text/html,", "data:text/html;base64,", "livescript:", "mocha:")
SEPARATORS = (" ", "/", "\n", "\t", "\x0c", " /", "\r\n")
NOISE = ("\t", "\n", "\r", "&#9;", "&#x0A;", "&#13;", "&Tab;", "&NewLine;", "\x0b", " ", "\u200b")
BASE64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>


class Picker:
    """The little the builder needs from its source of choices."""

    def choice(self, options: Sequence):
        raise NotImplementedError

    def integer(self, low: int, high: int) -> int:
        raise NotImplementedError

    def coin(self) -> bool:
        return self.integer(0, 1) == 1


class DrawPicker(Picker):
    def __init__(self, draw):
        self.draw = draw

    def choice(self, options):
        return self.draw(st.sampled_from(options))

    def integer(self, low, high):
        return self.draw(st.integers(low, high))


class RandomPicker(Picker):
    def __init__(self, seed: int):
        self.random = random.Random(seed)

    def choice(self, options):
        return self.random.choice(options)

    def integer(self, low, high):
        return self.random.randint(low, high)


def encode_char(p: Picker, char: str) -> str:
    """One character, possibly as a decimal/hex character reference, zero-padded, with or without ';'."""
    style = p.integer(0, 5)
    if style == 0:
        return f"&#{ord(char)};"
    if style == 1:
        return f"&#x{ord(char):x}{p.choice(('', ';'))}"
    if style == 2:
        return f"&#{ord(char):07d}"
    if style == 3:
        return char.upper() if p.coin() else char
    if style == 4 and char == ":":
        return "&colon;"
    return char


def hostile_url(p: Picker) -> str:
    scheme = p.choice(SCHEMES)
    script = p.choice(SCRIPTS)
    body = BASE64_SCRIPT if scheme.endswith("base64,") else (
        f"<script>{script}</script>" if scheme.startswith("data") else script)
    if p.coin():  # obfuscate the scheme character by character
        scheme = "".join(encode_char(p, c) + (p.choice(NOISE) if p.integer(0, 4) == 0 else "") for c in scheme)
    prefix = "".join(p.choice(NOISE) for _ in range(p.integer(0, 2)))
    return prefix + scheme + body


def attribute(p: Picker) -> str:
    kind = p.integer(0, 2)
    if kind == 0:
        name, value = p.choice(EVENTS), p.choice(SCRIPTS)
    elif kind == 1:
        name, value = p.choice(URL_ATTRIBUTES), hostile_url(p)
    else:
        return p.choice(EXTRA_ATTRIBUTES)
    quote = p.choice(('"', "'", "", "`"))
    return f"{name}={quote}{value}{quote}"


def element(p: Picker, depth: int) -> str:
    tag = p.choice(TAGS)
    tag = tag.upper() if p.integer(0, 5) == 0 else tag
    attributes = "".join(p.choice(SEPARATORS) + attribute(p) for _ in range(p.integer(0, 3)))
    inner = node(p, depth + 1) if depth < 3 and p.coin() else p.choice(("x", "", p.choice(SCRIPTS)))
    closing = p.choice((f"</{tag}>", "", f"</{tag} >", f"</{tag}/x>"))
    return f"<{tag}{attributes}>{inner}{closing}"


def markdown_construct(p: Picker, depth: int) -> str:
    url, inner = hostile_url(p), node(p, depth + 1) if depth < 3 and p.coin() else "x"
    forms = (
        f"[{inner}]({url})",
        f'[{inner}]({url} "t")',
        f"[{inner}](<{url}>)",
        f"<{url}>",
        f"![{inner}]({url})",
        f"[{inner}][r{depth}]\n\n[r{depth}]: {url}",
        f'[{inner}](https://example.org/"{p.choice(EVENTS)}="{p.choice(SCRIPTS)})',
        f"**{inner}**",
        f"*{inner}*",
        f"> {inner}",
        f"- {inner}\n- {element(p, depth + 1) if depth < 3 else 'y'}",
        f"1. {inner}",
        f"`{inner}`",
        f"    {inner}",
        f"<div>\n{inner}\n</div>",
        f"\n\n{inner}\n\n",
    )
    return p.choice(forms)


def node(p: Picker, depth: int = 0) -> str:
    return element(p, depth) if p.coin() else markdown_construct(p, depth)


def build(p: Picker) -> str:
    """One hostile bio fragment: 1 to 4 nested pieces, raw HTML and Markdown mixed."""
    return "".join(node(p) + p.choice(("", " ", "\n", "\n\n")) for _ in range(p.integer(1, 4)))


@st.composite
def hostile_markdown(draw) -> str:
    return build(DrawPicker(draw))


def sample_batch(count: int, *, first_seed: int = 0) -> list[str]:
    """``count`` reproducible samples (seeds first_seed, first_seed + 1, ...)."""
    return [build(RandomPicker(seed)) for seed in range(first_seed, first_seed + count)]
