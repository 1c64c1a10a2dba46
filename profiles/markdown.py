"""
A small, safe Markdown subset for text that physicians write (bios, posts).

Two walls: Markdown is told not to pass raw HTML through (it is shown as text), and the output
is then sanitized by nh3 down to paragraphs, emphasis, lists, links, quotes, code and line breaks.
Links keep only http, https and mailto targets and get ``rel="nofollow noopener"``.
"""

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "*": set()}  # "*": no generic title/lang either
ALLOWED_SCHEMES = {"http", "https", "mailto"}
MAX_LENGTH = 20_000


def _keep_absolute_links(tag: str, attribute: str, value: str) -> str | None:
    # nh3 lets relative URLs through by default; only absolute http(s) and mailto links may stay.
    if tag == "a" and attribute == "href":
        return value if value.lower().startswith(("http://", "https://", "mailto:")) else None
    return value


def _converter() -> md.Markdown:
    converter = md.Markdown(extensions=[], output_format="html")
    # Raw HTML in the source becomes visible text instead of markup.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    return converter


def render_markdown(text: str) -> SafeString:
    """Safe HTML for ``text`` written in the small Markdown subset."""
    html = _converter().convert((text or "")[:MAX_LENGTH])
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        attribute_filter=_keep_absolute_links,
        link_rel="nofollow noopener",
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitized by nh3 just above
