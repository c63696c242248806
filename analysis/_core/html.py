"""Escaping and the CSS of the package's HTML views (concordances, the explorer)."""

from __future__ import annotations

import html
import re

import numpy as np

__all__ = ["esc", "md", "KWIC_CSS", "EXPLORER_CSS"]

#: The style of a concordance table (``<table class="kwic">``).
KWIC_CSS = (
    "<style>"
    "table.kwic{border-collapse:collapse;font-family:monospace;font-size:12px;table-layout:fixed;width:100%}"
    "table.kwic td{padding:1px 0;white-space:pre;overflow:hidden}"
    "table.kwic td.l{width:40%}"
    "table.kwic td.l div{display:flex;justify-content:flex-end;overflow:hidden}"
    "table.kwic td.m{text-align:center;width:12%}"
    "table.kwic td.r{text-align:left;width:40%}"
    "table.kwic td.src{color:#666;width:8%;text-overflow:ellipsis;font-size:10px;padding-right:6px}"
    "table.kwic mark{background:#ffe58a;font-weight:bold}"
    "table.kwic tr.block th{text-align:left;font-family:sans-serif;background:#f0f0f0;padding:3px 4px}"
    "</style>"
)

#: The style of the explorer's counts table and selection line.
EXPLORER_CSS = (
    "<style>"
    "table.explorer-counts{border-collapse:collapse;font-size:12px;margin:2px 0 8px}"
    "table.explorer-counts th,table.explorer-counts td{padding:2px 10px;text-align:left;"
    "border-bottom:1px solid #e0e0e0}"
    "table.explorer-counts td.num{text-align:right}"
    "p.explorer-selection{margin:6px 0 2px}"
    "</style>"
)


def esc(x) -> str:
    """``x`` as escaped HTML text (quotes too); ``None`` and NaN as the empty string.

    Examples
    --------
    >>> esc('<b class="x">'), esc(None), esc(float("nan")), esc(3)
    ('&lt;b class=&quot;x&quot;&gt;', '', '', '3')
    """
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return html.escape(str(x), quote=True)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$])")


def md(text) -> str:
    """``text`` safe inside Markdown rendered to HTML: HTML-escaped, Markdown syntax escaped."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=True))
