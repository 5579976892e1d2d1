"""A quantity's chart framed in another site's page: the snippet that frames it, its
oEmbed description, and the `_headers` file that lets other sites frame the embeds and
nothing else.

The snippet is an iframe of the embed page (`embed/ID/`) and the site's
`assets/embed.js`, which sets each framed embed's height from the messages of the
embed's own script (`assets/embed-frame.js`). The two speak Pym.js's protocol (NPR's
responsive iframes): the framed page posts `pymxPYMx<id>xPYMxheightxPYMx<px>` to its
parent on load and whenever its size changes, and answers the parent's
`pymxPYMx<id>xPYMxwidthxPYMx<px>` with its height; `<id>` is the `childId` of its
address. So a page that already loads Pym.js (`new pym.Parent(...)` or
`data-pym-src`) frames an embed as well as the snippet does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping

from markupsafe import escape

from generator.plan import EMBEDS, url_of

# Who may frame what (docs/security.md). An embed's page loads only the site's own
# files, so its policy is the site's strict one, with no inline script or style at all.
EMBED_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors *"
)
UNFRAMED = {"Content-Security-Policy": "frame-ancestors 'none'", "X-Frame-Options": "DENY"}
EVERY_FILE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# The width an embed is described with in oEmbed: a column of a news article.
OEMBED_WIDTH = 600


def snippet(embed: str, script: str, title: str, height: int) -> str:
    """The HTML to paste: the iframe of the embed at `embed` (its address) and the
    resizing script at `script`; `height` is the frame's height until the embed says
    its own."""
    return (
        f'<iframe src="{escape(embed)}" title="{escape(title)}" width="100%" '
        f'height="{height}" loading="lazy" style="border: 0; width: 100%;" '
        "data-briefing-embed></iframe>\n"
        f'<script src="{escape(script)}" async></script>'
    )


def first_height(
    chart: int,
    title: str,
    headline: str,
    figures: list[str],
    footer: str,
    width: int = OEMBED_WIDTH,
) -> int:
    """A frame's first height for an embed `width` pixels wide, before the embed says
    its own: its chart's height and its lines of text, as `assets/embed.css` sets them
    (each text's lines counted by its length, with fewer characters to a line than
    the font fits, since lines break between words), and a tenth more to spare, so
    that a frame whose page drops the resizing script shows the whole embed."""
    text = width - 32  # the body's padding

    def lines(words: str, char: float) -> int:
        return max(1, math.ceil(len(words) * char * 1.15 / text))

    height = 24 + lines(title, 11) * 25 + 6 + lines(headline, 7.5) * 22 + 10 + chart + 10
    height += sum(lines(figure, 7.3) * 21 + 3 for figure in figures) + 10
    height += lines(footer, 6.9) * 20
    return math.ceil(height * 1.1)


def oembed(title: str, site: str, site_url: str, html: str, height: int) -> str:
    """A quantity's oEmbed description (oEmbed 1.0, type `rich`), as JSON."""
    described: dict[str, object] = {
        "version": "1.0",
        "type": "rich",
        "title": title,
        "provider_name": site,
    }
    if site_url:
        described["provider_url"] = site_url
    described |= {"html": html, "width": OEMBED_WIDTH, "height": height}
    return json.dumps(described, ensure_ascii=False, indent=2) + "\n"


def headers(pages: Iterable[str], parts: Iterable[str], directory_urls: bool = True) -> str:
    """The `_headers` file of Netlify and Cloudflare Pages: every briefing's `embed/`
    may be framed by any site; every other page of the site (`pages`: the paths of its
    pages in the docs folder, the engine's 404 page among them) may be framed by none.

    No two rules that match one page set the same header, so the file means the same
    to Netlify (where a later rule's header replaces an earlier one's) and to
    Cloudflare Pages (where they are joined): each page's framing rules come from the
    rule of its own folder, and the headers every file gets from `/*`."""
    parts = set(parts)
    rules: dict[str, Mapping[str, str]] = {"/*": EVERY_FILE}
    for part in ["", *sorted(parts)]:
        rules[f"/{part}/{EMBEDS}/*".replace("//", "/")] = {"Content-Security-Policy": EMBED_POLICY}
    for pattern in sorted({p for page in pages for p in _patterns(page, parts, directory_urls)}):
        rules[pattern] = UNFRAMED
    lines = [
        "# Written by the build: who may frame the site's pages (see docs/security.md).",
        "# Embeds (embed/) may be framed by any site; every other page by none.",
    ]
    for pattern, values in rules.items():
        lines += ["", pattern, *(f"  {name}: {value}" for name, value in values.items())]
    return "\n".join(lines) + "\n"


def _patterns(page: str, parts: set[str], directory_urls: bool) -> list[str]:
    """The rules that match a page and the embeds of no briefing: its folder's below the
    root (or below its briefing's folder), or the page itself where it has none."""
    served = url_of(page, directory_urls) if page.endswith(".md") else page
    served = served + "index.html" if served.endswith("/") or not served else served
    bits = served.split("/")
    keep = 2 if bits[0] in parts else 1  # a briefing's own folders are in its folder
    if bits[0] == EMBEDS or (keep == 2 and bits[1] == EMBEDS):
        return []
    if len(bits) > keep:
        return ["/" + "/".join(bits[:keep]) + "/*"]
    if bits[-1] == "index.html":  # a folder's index page, also served as the folder
        folder = "/".join(bits[:-1])
        return [f"/{folder}/".replace("//", "/"), "/" + served]
    return ["/" + served]
