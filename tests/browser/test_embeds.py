"""A quantity's embed framed by a page of another origin, in Chromium.

The seed site is served with the headers its `_headers` file gives (as Netlify or
Cloudflare Pages would send them) on one port; the framing pages on a second port, so
the embed is framed across origins as on a newsroom's site. The framing page pastes the
snippet the oEmbed description carries (the iframe and the site's embed.js), or frames
the embed the way Pym.js's parent does, with Pym.js's message format; at 320, 600 and
900 px the frame fits the embed's content with no inner scrollbar, and nothing is asked
of any host but the two.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from sitechecks import SiteServer, axe_problems, run_axe

from tests.test_embeds import header_rules, headers_for

pytestmark = pytest.mark.browser

QUANTITY = "north-korean-troops-for-russia"
WIDTHS = (320, 600, 900)


class _HeadersHandler(SimpleHTTPRequestHandler):
    """Serves the site with the headers its `_headers` file gives each path."""

    rules: ClassVar[list[tuple[str, dict[str, str]]]] = []

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        for name, values in headers_for(self.rules, path).items():
            for value in values:
                self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


class HeadersServer(SiteServer):
    """The built site over http, with its `_headers`."""

    def __init__(self, directory: Path) -> None:
        rules = header_rules((directory / "_headers").read_text(encoding="utf-8"))
        handler = type("Handler", (_HeadersHandler,), {"rules": rules})
        self.httpd = ThreadingHTTPServer(
            ("127.0.0.1", 0), partial(handler, directory=str(directory))
        )
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.origin = f"http://{host!s}:{port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()


@pytest.fixture(scope="module")
def site_server(built_site: Path) -> Iterator[HeadersServer]:
    server = HeadersServer(built_site)
    yield server
    server.close()


# Pym.js's parent, as its source (v1.3) builds the frame and reads the child's messages:
# the frame's address carries initialWidth, childId, parentTitle and parentUrl, and a
# message counts only if it matches ^pymxPYMx<childId>xPYMx(\S+)xPYMx(.*)$.
PYM_PARENT = """
(function () {
  var id = "pym-chart";
  var el = document.getElementById(id);
  var url = el.getAttribute("data-src");
  var frame = document.createElement("iframe");
  frame.src = url + "?initialWidth=" + el.offsetWidth + "&childId=" + id +
    "&parentTitle=" + encodeURIComponent(document.title) +
    "&parentUrl=" + encodeURIComponent(window.location.href);
  frame.setAttribute("width", "100%");
  frame.setAttribute("scrolling", "no");
  frame.setAttribute("marginheight", "0");
  frame.setAttribute("frameborder", "0");
  el.appendChild(frame);
  var regex = new RegExp("^pymxPYMx" + id + "xPYMx(\\\\S+)xPYMx(.*)$");
  window.pymMessages = [];
  window.addEventListener("message", function (e) {
    if (typeof e.data !== "string") return;
    var match = e.data.match(regex);
    if (!match || match.length !== 3) return;
    window.pymMessages.push(e.data);
    if (match[1] === "height") frame.setAttribute("height", parseInt(match[2]) + "px");
  });
  window.addEventListener("resize", function () {
    frame.contentWindow.postMessage(
      "pymxPYMx" + id + "xPYMxwidthxPYMx" + el.offsetWidth, "*");
  });
})();
"""


@pytest.fixture(scope="module")
def host(
    built_site: Path, site_server: HeadersServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SiteServer]:
    """The second origin: pages that frame the embed, and one that frames a page."""
    folder = tmp_path_factory.mktemp("host")
    described = json.loads(
        (built_site / "embed" / QUANTITY / "oembed.json").read_text(encoding="utf-8")
    )
    # Built without an address, the snippet frames the embed from the host's root.
    snippet = described["html"].replace('src="/', f'src="{site_server.origin}/')
    frame = "<p>Before the chart.</p>{}<p>After the chart.</p>"
    _page(folder / "snippet.html", frame.format(snippet))
    (folder / "pym.js").write_text(PYM_PARENT, encoding="utf-8")
    pym = f'<div id="pym-chart" data-src="{site_server.origin}/embed/{QUANTITY}/"></div>'
    _page(folder / "pym.html", frame.format(pym) + '<script src="pym.js"></script>')
    page = f'<iframe src="{site_server.origin}/estimates/{QUANTITY}/" title="A page"></iframe>'
    _page(folder / "page.html", page)
    server = SiteServer(folder)
    yield server
    server.close()


def _page(path: Path, body: str) -> None:
    path.write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A news story'
        "</title><style>body { margin: 0; font: 16px serif; }</style></head>"
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )


def _context(browser: Any, width: int) -> tuple[Any, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 700})
    context.set_default_timeout(15_000)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    return context, requests


def _embed_frame(page: Any, site_origin: str) -> Any:
    """The embed's frame, once it has its address (the snippet's frame loads lazily,
    after the framing page's load event)."""
    for _ in range(200):
        for frame in page.frames:
            if frame.url.startswith(f"{site_origin}/embed/{QUANTITY}/"):
                return frame
        page.wait_for_timeout(50)
    raise AssertionError(f"no embed frame among {[f.url for f in page.frames]}")


def _fits(page: Any, frame: Any) -> dict[str, Any]:
    """Waits until the frame's height is its content's, then measures both."""
    page.wait_for_function(
        """() => {
          const f = document.querySelector("iframe");
          return f && f.getBoundingClientRect().height > 200;
        }"""
    )
    page.wait_for_timeout(300)  # let the last resize's messages land
    inside = frame.evaluate(
        """() => ({
          scrollHeight: document.documentElement.scrollHeight,
          clientHeight: document.documentElement.clientHeight,
          scrollWidth: document.documentElement.scrollWidth,
          clientWidth: document.documentElement.clientWidth,
          body: Math.ceil(document.body.getBoundingClientRect().height),
        })"""
    )
    outside = page.evaluate("() => document.querySelector('iframe').getBoundingClientRect()")
    return {**inside, "frame_height": outside["height"], "frame_width": outside["width"]}


def _assert_fits(measured: dict[str, Any], width: int) -> None:
    assert measured["frame_width"] == width, measured
    assert measured["scrollHeight"] <= measured["clientHeight"], f"scrolls: {measured}"
    assert measured["scrollWidth"] <= measured["clientWidth"], f"scrolls sideways: {measured}"
    # ...and fits it closely: no more than a pixel of blank below the content.
    assert measured["frame_height"] - measured["body"] <= 1, measured


@pytest.mark.parametrize("width", WIDTHS)
def test_the_snippet_frames_the_embed_fitted_to_its_content(
    browser: Any, site_server: HeadersServer, host: SiteServer, width: int
) -> None:
    context, requests = _context(browser, width)
    try:
        page = context.new_page()
        page.goto(host.url("/snippet.html"), wait_until="load")
        frame = _embed_frame(page, site_server.origin)
        frame.wait_for_selector("svg.range-chart")
        _assert_fits(_fits(page, frame), width)
        # The scale's labels stay apart, however narrow the column.
        ticks = frame.evaluate(
            """() => [...document.querySelectorAll("svg.range-chart > text.chart-tick")]
                .map(t => t.getBoundingClientRect())
                .filter(r => r.width > 0)
                .map(r => [r.left, r.right])"""
        )
        assert len(ticks) >= 3
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(ticks)), ticks
        # Nothing from anywhere but the site, after the framing page itself.
        others = [u for u in requests if not u.startswith(site_server.origin + "/")]
        assert others == [host.url("/snippet.html")], others
        assert f"{site_server.origin}/assets/embed.js" in requests
    finally:
        context.close()


def test_the_embed_follows_the_framing_pages_width(
    browser: Any, site_server: HeadersServer, host: SiteServer
) -> None:
    """Narrowed and widened, the page tells the embed its width; the frame follows."""
    context, _ = _context(browser, WIDTHS[-1])
    try:
        page = context.new_page()
        page.goto(host.url("/snippet.html"), wait_until="load")
        frame = _embed_frame(page, site_server.origin)
        frame.wait_for_selector("svg.range-chart")
        heights = {}
        for width in (*reversed(WIDTHS), WIDTHS[-1]):
            page.set_viewport_size({"width": width, "height": 700})
            measured = _fits(page, frame)
            _assert_fits(measured, width)
            heights[width] = measured["frame_height"]
        assert heights[320] > heights[900]  # narrower, the labels wrap: taller
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_page_that_loads_pym_js_frames_the_embed_too(
    browser: Any, site_server: HeadersServer, host: SiteServer, width: int
) -> None:
    context, requests = _context(browser, width)
    try:
        page = context.new_page()
        page.goto(host.url("/pym.html"), wait_until="load")
        frame = _embed_frame(page, site_server.origin)
        assert "childId=pym-chart" in frame.url
        frame.wait_for_selector("svg.range-chart")
        _assert_fits(_fits(page, frame), width)
        messages = page.evaluate("() => window.pymMessages")
        assert messages and all(m.startswith("pymxPYMxpym-chartxPYMxheightxPYMx") for m in messages)
        others = [u for u in requests if not u.startswith(site_server.origin + "/")]
        assert sorted(others) == [host.url("/pym.html"), host.url("/pym.js")], others
    finally:
        context.close()


def test_no_other_page_of_the_site_can_be_framed(
    browser: Any, site_server: HeadersServer, host: SiteServer
) -> None:
    """The quantity's own page, framed by the other origin, is refused by its headers."""
    context, _ = _context(browser, 900)
    try:
        page = context.new_page()
        page.goto(host.url("/page.html"), wait_until="load")
        framed = [f for f in page.frames if f != page.main_frame]
        assert len(framed) == 1
        for _ in range(200):  # until the frame has loaded something, or been refused
            if framed[0].url:
                break
            page.wait_for_timeout(50)
        assert framed[0].url.startswith("chrome-error:"), framed[0].url
    finally:
        context.close()


def test_the_embed_has_no_accessibility_violations(
    browser: Any, site_server: HeadersServer, axe_js: Path
) -> None:
    """axe-core on the embed as a reader of the framing page meets it (axe is injected
    past the embed's policy, which lets no inline script run)."""
    context = browser.new_context(viewport={"width": 600, "height": 700}, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(site_server.url(f"/embed/{QUANTITY}/"), wait_until="load")
        assert axe_problems(run_axe(page), known=()) == []
    finally:
        context.close()


def test_the_first_height_holds_each_embed_at_the_oembed_width(
    browser: Any, built_site: Path, site_server: HeadersServer
) -> None:
    """Where a framing page drops the snippet's script (some CMSs keep only the
    iframe), the frame keeps the height the snippet and oEmbed give: at their width,
    each embed's whole content, with no more than a third to spare."""
    context = browser.new_context(viewport={"width": 600, "height": 700})
    try:
        page = context.new_page()
        checked = 0
        for folder in sorted((built_site / "embed").iterdir()):
            described = json.loads((folder / "oembed.json").read_text(encoding="utf-8"))
            assert described["width"] == 600
            page.goto(site_server.url(f"/embed/{folder.name}/"), wait_until="load")
            content = page.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
            assert content <= described["height"] <= content * 4 / 3, folder.name
            checked += 1
        assert checked >= 5
    finally:
        context.close()
