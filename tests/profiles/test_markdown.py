import re

import pytest

from profiles.markdown import ALLOWED_TAGS, render_markdown


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("plain", "<p>plain</p>"),
        ("*em* and **strong**", "<p><em>em</em> and <strong>strong</strong></p>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("`code`", "<p><code>code</code></p>"),
        ("line  \nbreak", "<p>line<br>\nbreak</p>"),
        ("[site](https://example.org/x)", '<p><a href="https://example.org/x" rel="nofollow noopener">site</a></p>'),
        ("[mail](mailto:desk@example.org)",
         '<p><a href="mailto:desk@example.org" rel="nofollow noopener">mail</a></p>'),
        # Dangerous or unsupported input
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>"),
        ('<a href="https://x.org" onclick="steal()">x</a>',
         '<p>&lt;a href="https://x.org" onclick="steal()"&gt;x&lt;/a&gt;</p>'),
        ("<div><b>raw</b></div>", "<p>&lt;div&gt;&lt;b&gt;raw&lt;/b&gt;&lt;/div&gt;</p>"),
        ("[x](javascript:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
        ("[x](JaVaScRiPt:alert(1))", '<p><a rel="nofollow noopener">x</a></p>'),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", '<p><a rel="nofollow noopener">x</a></p>'),
        ("[x](/relative/path)", '<p><a rel="nofollow noopener">x</a></p>'),
        ('[x](https://ok.org "title")', '<p><a href="https://ok.org" rel="nofollow noopener">x</a></p>'),
        ("![pic](https://example.org/a.png)", "<p></p>"),
        ("# Heading", "Heading"),
        ("", ""),
    ],
)
def test_markdown_renders_only_the_safe_subset(source, expected):
    assert str(render_markdown(source)) == expected


TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)([^>]*)>")


@pytest.mark.parametrize("source", ["<script>x</script>", "[a](javascript:x)", "<p onmouseover=x>hi</p>",
                                    "<iframe src=https://evil.example></iframe>", "<svg onload=alert(1)>",
                                    '[a](https://ok.org "t") <b lang=en>b</b> *i*', "<!-- hidden -->"])
def test_output_has_only_allowed_tags_and_attributes(source):
    for closing, tag, attributes in TAG.findall(str(render_markdown(source))):
        assert tag in ALLOWED_TAGS
        names = set(re.findall(r"([a-z-]+)=", attributes))
        assert names <= ({"href", "rel"} if tag == "a" and not closing else set())
