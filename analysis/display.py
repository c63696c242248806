"""Generated text shown in notebooks, escaped: nothing from a corpus becomes markup.

Group names, document ids, titles and command-line parameters come from untrusted input and
end up inside generated sentences (:mod:`analysis.synthesis`, :func:`analysis.provenance.
methods_paragraph`). Passed to ``IPython.display.Markdown`` as they are, a group named
``<img src=x onerror=alert(1)>`` runs as script in the notebook and in its nbconvert HTML
copy; ``[x](javascript:…)`` becomes a link; ``$…$`` is typeset as mathematics.

The helpers here render plain text as HTML that shows exactly that text and nothing else:
every character escaped (:func:`html.escape`), inside an element MathJax leaves alone
(``class="tex2jax_ignore"``). Notebooks display the returned object (it has
``_repr_html_``); its ``str`` is the markup, its ``repr`` the plain text.

* :func:`html_list` — a bulleted list of statements;
* :func:`html_paragraph` — one paragraph;
* :func:`escape_markdown` — plain text as Markdown source that renders as that text (for a
  caller that must build Markdown).

Examples
--------
>>> str(html_paragraph("Group <img src=x onerror=alert(1)> costs $5 and $"))
'<div class="tex2jax_ignore"><p>Group &lt;img src=x onerror=alert(1)&gt; costs $5 and $</p></div>'
>>> escape_markdown("*NATO* <b> [x](javascript:y)")
'\\\\*NATO\\\\* &lt;b&gt; \\\\[x\\\\]\\\\(javascript\\\\:y\\\\)'
"""

from __future__ import annotations

import html
import re
from typing import Iterable

__all__ = ["SafeHTML", "html_list", "html_paragraph", "escape_html", "escape_markdown"]

# CommonMark's backslash-escapable ASCII punctuation, less & < > (written as entities)
_MD_PUNCT = re.compile(r"([!\"#$%'()*+,\-./:;=?@\[\\\]^_`{|}~])")


def escape_html(text) -> str:
    """``str(text)`` with ``& < > " '`` as HTML entities."""
    return html.escape(str(text), quote=True)


def escape_markdown(text) -> str:
    """``str(text)`` as Markdown source that renders as exactly that text: ``& < >`` as HTML
    entities, every other ASCII punctuation character backslash-escaped (no emphasis, link,
    heading, code, table or math can start)."""
    s = _MD_PUNCT.sub(r"\\\1", str(text))
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SafeHTML:
    """Escaped HTML for notebooks: ``_repr_html_`` (the markup), ``str`` (the markup), ``repr``
    (the plain text it shows)."""

    def __init__(self, markup: str, text: str):
        self.markup = markup
        self.text = text

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text


def _wrap(inner: str) -> str:
    return f'<div class="tex2jax_ignore">{inner}</div>'


def html_list(items: Iterable) -> SafeHTML:
    """A bulleted list of ``items`` (each shown as its plain text), escaped.

    Examples
    --------
    >>> str(html_list(["a < b", "NATO & Russia"]))
    '<div class="tex2jax_ignore"><ul><li>a &lt; b</li><li>NATO &amp; Russia</li></ul></div>'
    >>> str(html_list([]))
    '<div class="tex2jax_ignore"><p>(none)</p></div>'
    """
    items = [str(x) for x in items]
    if not items:
        return SafeHTML(_wrap("<p>(none)</p>"), "(none)")
    inner = "".join(f"<li>{escape_html(x)}</li>" for x in items)
    return SafeHTML(_wrap(f"<ul>{inner}</ul>"), "\n".join(f"- {x}" for x in items))


def html_paragraph(text) -> SafeHTML:
    """One paragraph showing ``text`` as plain text, escaped."""
    return SafeHTML(_wrap(f"<p>{escape_html(text)}</p>"), str(text))
