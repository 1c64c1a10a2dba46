"""Issue 8, item 3: no XSS vector survives the bio's Markdown sanitizer (no browser, no database).

Every public cheat-sheet vector in tests/data/xss/vectors.txt, alone and inside Markdown constructs,
and hundreds of generated hostile samples, must render to HTML with only the allowed tags, no event
handler or style attribute, and no link whose scheme is anything but http, https or mailto.
"""

import pytest
from hypothesis import HealthCheck, given, settings

from profiles.markdown import ALLOWED_TAGS, render_markdown

from .xss_corpus import PERMITTED_TAGS, audit, load_vectors, url_scheme
from .xss_generated import hostile_markdown, sample_batch

VECTORS = load_vectors()

# Each vector is also placed where Markdown treats it differently: inline, block, link text, link target,
# reference definition, autolink, code, list, quote, heading, emphasis.
WRAPPERS = {
    "bare": "{v}",
    "strong": "**{v}**",
    "em": "*{v}*",
    "quote": "> {v}",
    "list": "- {v}\n- x",
    "ordered": "1. {v}",
    "heading": "# {v}",
    "code-span": "`{v}`",
    "code-block": "    {v}",
    "link-text": "[{v}](https://example.org/)",
    "link-target": "[x]({v})",
    "link-title": '[x](https://example.org/ "{v}")',
    "reference": "[x][r]\n\n[r]: {v}",
    "autolink": "<{v}>",
    "image": "![{v}]({v})",
    "paragraphs": "before\n\n{v}\n\nafter",
}


def test_the_corpus_holds_at_least_300_distinct_public_vectors():
    public = [v for v in VECTORS if v.source != "own"]
    assert len(public) >= 300
    assert len({v.text for v in VECTORS}) == len(VECTORS), "duplicate vectors in the corpus"
    assert len({v.id for v in VECTORS}) == len(VECTORS)


def test_the_sanitizer_allowlist_is_within_the_issue_allowlist():
    assert set(ALLOWED_TAGS) <= PERMITTED_TAGS


@pytest.mark.parametrize("vector", VECTORS, ids=[v.id for v in VECTORS])
def test_no_corpus_vector_survives_sanitizing(vector):
    failures = {}
    for name, wrapper in WRAPPERS.items():
        rendered = str(render_markdown(wrapper.replace("{v}", vector.text)))
        if problems := audit(rendered, allowed_tags=ALLOWED_TAGS):
            failures[name] = (problems, rendered[:300])
    assert not failures, f"{vector.id} {vector.text[:80]!r}: {failures}"


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown())
def test_no_generated_hostile_markdown_survives_sanitizing(source):
    rendered = str(render_markdown(source))
    assert audit(rendered, allowed_tags=ALLOWED_TAGS) == [], (source, rendered)


def test_the_seeded_browser_batch_is_clean_before_it_reaches_a_browser():
    for source in sample_batch(200):
        rendered = str(render_markdown(source))
        assert audit(rendered, allowed_tags=ALLOWED_TAGS) == [], (source, rendered)


def test_all_vectors_in_one_bio_come_out_clean():
    # Vectors side by side can close or open each other's constructs; render them as one document too.
    bio = "\n\n".join(v.text for v in VECTORS)
    assert len(bio) > 20_000  # render_markdown keeps the first 20,000 characters: check it in slices
    for start in range(0, len(bio), 15_000):
        rendered = str(render_markdown(bio[start:start + 19_000]))
        assert audit(rendered, allowed_tags=ALLOWED_TAGS) == []


def test_safe_markdown_still_renders_links_and_emphasis():
    # The sanitizer must not pass these tests by throwing everything away.
    rendered = str(render_markdown("**Dr** *Lee* [site](https://example.org/a) <mailto:desk@example.org>\n\n- one"))
    assert '<a href="https://example.org/a"' in rendered and "<strong>Dr</strong>" in rendered
    assert "<li>one</li>" in rendered and 'href="mailto:' in rendered
    assert audit(rendered, allowed_tags=ALLOWED_TAGS) == []


# The audit itself must catch what it is there to catch.
@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<script>alert(1)</script>", "tag <script>"),
        ("<p onclick=alert(1)>x</p>", "event handler onclick="),
        ("<p ONMOUSEOVER='x'>x</p>", "event handler onmouseover="),
        ('<p style="x:expression(alert(1))">x</p>', "style="),
        ('<a href="javascript:alert(1)">x</a>', "scheme 'javascript'"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "scheme 'javascript'"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "scheme 'javascript'"),
        ('<a href=" &#14; JaVaScRiPt:alert(1)">x</a>', "scheme 'javascript'"),
        ('<a href="java\nscript:alert(1)">x</a>', "scheme 'javascript'"),
        ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "scheme 'data'"),
        ('<a href="vbscript:msgbox(1)">x</a>', "scheme 'vbscript'"),
        ('<a href="https://x.org" title="t">x</a>', "attribute title="),
        ("<svg><a>x</a></svg>", "tag <svg>"),
        ("<!--<img src=x onerror=alert(1)>-->", "comment"),
        ("<div>x</div>", "tag <div>"),
        ("<![CDATA[x]]>", "declaration"),
    ],
)
def test_the_audit_flags_dangerous_html(html, expected):
    problems = audit(html)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize(("href", "scheme"), [("https://a.org", "https"), ("/relative", None), ("#x", None),
                                              ("mailto:a@b.org", "mailto"), ("\x01java\tscript:x", "javascript"),
                                              ("&#x6A;avascript&colon;x", "javascript")])
def test_url_scheme_reads_urls_like_a_browser(href, scheme):
    assert url_scheme(href) == scheme
