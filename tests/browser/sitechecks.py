"""Checks over a built site that return a list of problems instead of raising.

Every check here takes a site folder (or a page in a browser) and returns a list of
human-readable problems, empty when all is well. The tests assert that list is empty on
the seed site, and the regression tests break a copy of the site and assert the same
checks find the breakage. Nothing here needs a new dependency: HTML is read with
`html.parser`, the Nu HTML checker and axe-core come from `node_modules/`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

# One page of each kind the generator makes, by URL path.
PAGE_TYPES: dict[str, str] = {
    "home": "/",
    "topic": "/topics/deployment/",
    "estimates": "/estimates/",
    "quantity": "/estimates/north-korean-troops-for-russia/",
    "timeline": "/timeline/",
    "timeline-filter": "/timeline/diplomacy/",
    "source": "/sources/bloomberg-2024-10-22/",
    "claimant": "/claimants/dmytro-ponomarenko/",
    "downloads": "/downloads/",
    "about": "/about/",
}


def page_file(site: Path, url_path: str) -> Path:
    """The built file behind a URL path such as `/topics/deployment/`."""
    path = unquote(urlsplit(url_path).path).lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


# --- a minimal DOM, enough to ask "which footnote does this fact cite" ----------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    line: int
    parent: Node | None = None
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, predicate: Callable[[Node], bool]) -> list[Node]:
        return [node for node in self.iter() if predicate(node)]

    def text(self) -> str:
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else child.text())
        return "".join(parts)

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, 0)
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.getpos()[0], self.stack[-1])
        self.stack[-1].children.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, file: Path) -> str:
    """The root-relative URL a built file is served at (`index.html` as its folder)."""
    rel = file.relative_to(site).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


# --- links ---------------------------------------------------------------------------

_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
LINK_ATTRS = {"a": "href", "area": "href", "link": "href", "img": "src", "script": "src"}


def check_links(site: Path) -> list[str]:
    """Every internal href (and src) resolves to a built file, and every #fragment to an id.

    Relative and root-relative URLs are internal; anything with a scheme (http:, https:,
    mailto:, data:) or starting with `//` is not. A URL ending in `/` means its
    `index.html`. A fragment must be an `id` (or an `<a name>`) in the target page; the
    empty fragment and `#top` scroll to the top of any page, as HTML defines.
    """
    site = site.resolve()
    roots = {file: parse_html(file.read_text(encoding="utf-8")) for file in html_files(site)}
    anchors: dict[Path, set[str]] = {}
    for file, root in roots.items():
        found = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
        found |= {n.attrs["name"] for n in root.iter() if n.tag == "a" and "name" in n.attrs}
        anchors[file] = found

    problems: list[str] = []
    for file, root in roots.items():
        page_url = url_of(site, file)
        where = file.relative_to(site).as_posix()
        for node in root.iter():
            attr = LINK_ATTRS.get(node.tag)
            if attr is None or attr not in node.attrs:
                continue
            value = node.attrs[attr].strip()
            if not value or _EXTERNAL.match(value):
                continue
            target_url = urlsplit(urljoin("http://site" + page_url, value))
            target = page_file(site, target_url.path).resolve()
            if not target.is_relative_to(site):
                problems.append(f"{where}:{node.line}: {value!r} leaves the site")
                continue
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(f"{where}:{node.line}: {value!r} -> no file {target_url.path}")
                continue
            fragment = unquote(target_url.fragment)
            if not fragment or fragment == "top" or target.suffix != ".html":
                continue
            if fragment not in anchors.get(target, set()):
                shown = target.relative_to(site).as_posix()
                problems.append(f"{where}:{node.line}: {value!r} -> no id {fragment!r} in {shown}")
    return problems


# --- footnotes and citations ---------------------------------------------------------


def _footnote_notes(root: Node) -> dict[str, Node]:
    """Footnote list items by id (`fn:...`) inside Python-Markdown's `div.footnote`."""
    notes: dict[str, Node] = {}
    for div in root.find_all(lambda n: n.tag == "div" and "footnote" in n.classes):
        for li in div.find_all(lambda n: n.tag == "li" and "id" in n.attrs):
            notes[li.attrs["id"]] = li
    return notes


def _footnote_refs(node: Node) -> list[Node]:
    return node.find_all(lambda n: n.tag == "a" and "footnote-ref" in n.classes)


def load_facts(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "facts.json").read_text(encoding="utf-8"))
    return data


def _fact_id_of(item: Node, facts: dict[str, Any]) -> str | None:
    """A fact list item's fact id: its own id, or the fragment of its "In context" link."""
    if item.attrs.get("id") in facts:
        return item.attrs["id"]
    for a in item.find_all(lambda n: n.tag == "a" and "href" in n.attrs):
        fragment = urlsplit(a.attrs["href"]).fragment
        if fragment in facts and "topics/" in a.attrs["href"]:
            return fragment
    return None


def check_footnotes(site: Path) -> list[str]:
    """Every footnote reference on every page lands on its note, and every note links back."""
    problems: list[str] = []
    for file in html_files(site):
        where = file.relative_to(site).as_posix()
        root = parse_html(file.read_text(encoding="utf-8"))
        notes = _footnote_notes(root)
        ids = {n.attrs["id"] for n in root.iter() if "id" in n.attrs}
        for ref in _footnote_refs(root):
            href = ref.attrs.get("href", "")
            if not href.startswith("#fn:"):
                problems.append(f"{where}:{ref.line}: footnote ref {href!r} is not #fn:...")
            elif href[1:] not in notes:
                problems.append(f"{where}:{ref.line}: footnote ref {href!r} has no note")
        for note_id, note in notes.items():
            backrefs = note.find_all(lambda n: n.tag == "a" and "footnote-backref" in n.classes)
            if not backrefs:
                problems.append(f"{where}:{note.line}: note {note_id!r} has no link back")
            for back in backrefs:
                if back.attrs.get("href", "")[1:] not in ids:
                    problems.append(
                        f"{where}:{back.line}: {back.attrs.get('href')!r} lands nowhere"
                    )
    return problems


def check_citations(site: Path) -> list[str]:
    """Every fact shown cites its own article, and every summary citation is there.

    A fact list item (`li.fact`) must carry a footnote reference to `#fn:<its source>`,
    whose note names the article's publisher. A topic page must carry a reference
    `#fn:c-<fact>` for each `[@fact]` in the topic's summary (the home page likewise for
    the briefing's summary), whose note names the publisher of that fact's article.
    """
    data = load_facts(site)
    facts = {f["id"]: f for f in data["facts"]}
    sources = {s["id"]: s for s in data["sources"]}
    summaries = {f"/topics/{t['id']}/": t.get("summary") or "" for t in data["topics"]}
    summaries["/"] = data["briefing"].get("summary") or ""
    problems: list[str] = []
    for file in html_files(site):
        where = file.relative_to(site).as_posix()
        root = parse_html(file.read_text(encoding="utf-8"))
        notes = _footnote_notes(root)
        items = root.find_all(lambda n: n.tag == "li" and "fact" in n.classes)
        for item in items:
            fact_id = _fact_id_of(item, facts)
            if fact_id is None:
                problems.append(f"{where}:{item.line}: a fact item names no known fact")
                continue
            source = sources[facts[fact_id]["source"]]
            wanted = f"#fn:{source['id']}"
            refs = [r.attrs.get("href") for r in _footnote_refs(item)]
            if wanted not in refs:
                problems.append(f"{where}:{item.line}: fact {fact_id!r} does not cite {wanted}")
            elif source["publisher"] not in notes[wanted[1:]].text():
                problems.append(f"{where}: note {wanted} does not name {source['publisher']!r}")
        cited = set(re.findall(r"\[@([^\]\s]+)\]", summaries.get(url_of(site, file), "")))
        refs = {r.attrs.get("href", "") for r in _footnote_refs(root)}
        for fact_id in sorted(cited):
            wanted = f"#fn:c-{fact_id}"
            if wanted not in refs or wanted[1:] not in notes:
                problems.append(f"{where}: the summary's citation of {fact_id!r} is missing")
                continue
            publisher = sources[facts[fact_id]["source"]]["publisher"]
            if publisher not in notes[wanted[1:]].text():
                problems.append(f"{where}: note {wanted} does not name {publisher!r}")
    return problems


# --- the Nu HTML checker -------------------------------------------------------------


@dataclass(frozen=True)
class Allowed:
    """A validator error that Material's own templates cause, never ours."""

    message: str  # a substring of vnu's message
    extract: str  # a substring of the markup vnu quotes, to pin the element
    reason: str


# Each entry is matched on both the message and the quoted markup, so the same error in
# markup of our own still fails. Template paths are in mkdocs-material 9.x
# (material/templates/); they are not in site_src/ or generator/render/templates/.
VNU_THEME_ERRORS: tuple[Allowed, ...] = (
    Allowed(
        "Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle"',
        "Material's base.html writes the hidden drawer and search toggles as "
        '<input type="checkbox" autocomplete="off"> (to stop Firefox restoring their state '
        "on reload); HTML allows autocomplete only on text-like inputs.",
    ),
    Allowed(
        "The value of the “for” attribute of the “label” element must be the ID of a "
        "non-hidden form control.",
        'for="__toc"',
        'Material\'s partials/toc.html always writes <label for="__toc">, but '
        'partials/nav-item.html writes <input id="__toc"> only when the page is itself in '
        "the navigation; generated pages (topics, quantities, claimants...) are reached from "
        "index pages, not listed in the nav, so the label points at nothing.",
    ),
    Allowed(
        "Bad value “” for attribute “tabindex” on element “label”",
        'class="md-nav__link"',
        "Material's partials/nav-item.html writes tabindex=\"{{ tabindex }}\" on a section's "
        "label and leaves it empty for a section without an index page (our About section), "
        'producing tabindex="".',
    ),
)


def run_vnu(files: list[Path]) -> list[dict[str, Any]]:
    """The Nu HTML checker's error messages for `files` (one JVM for all of them)."""
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = result.stderr.strip() or result.stdout.strip()
    try:
        messages: list[dict[str, Any]] = json.loads(report)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(
            f"vnu gave no JSON report (exit {result.returncode}): {report}"
        ) from error
    return messages


def vnu_problems(
    messages: list[dict[str, Any]], allowed: tuple[Allowed, ...] = VNU_THEME_ERRORS
) -> list[str]:
    problems = []
    for m in messages:
        if m.get("type") == "info" and m.get("subType") != "warning":
            continue
        extract = m.get("extract", "")
        if any(a.message in m["message"] and a.extract in extract for a in allowed):
            continue
        where = urlsplit(m.get("url", "")).path
        problems.append(f"{where}:{m.get('lastLine', '?')}: {m['message']} in {extract.strip()!r}")
    return problems


# --- serving a site, and what a page asks for ------------------------------------------


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class SiteServer:
    """A site folder over http on 127.0.0.1, on a free port, in a background thread."""

    def __init__(self, directory: Path) -> None:
        handler = partial(_QuietHandler, directory=str(directory))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        host, port = self.httpd.server_address[:2]
        self.origin = f"http://{host!s}:{port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.origin + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def third_party(urls: list[str], origin: str) -> list[str]:
    """The URLs that go anywhere but `origin` (data: and blob: URLs stay in the page)."""
    return [u for u in urls if not u.startswith((origin + "/", "data:", "blob:")) and u != origin]


def copy_site(site: Path, target: Path) -> Path:
    shutil.copytree(site, target)
    return target


# --- axe-core ------------------------------------------------------------------------


@dataclass(frozen=True)
class AxeKnown:
    """axe-core violations of one rule on elements whose selector contains `target`."""

    rule: str
    target: str  # a substring of axe's CSS selector for the node; "" for any node
    reason: str

    def matches(self, rule: str, target: str) -> bool:
        return rule == self.rule and self.target in target


# Material's own markup that neither a stylesheet nor a theme override of ours can
# change (none now).
AXE_THEME_VIOLATIONS: tuple[AxeKnown, ...] = ()

# Problems this site once had, each now fixed (in briefing.css or a theme override in
# generator/render/theme/) and guarded by its own
# test in test_pages.py, so that a regression names the problem it brings back.
SITE_BUGS_FIXED: tuple[AxeKnown, ...] = (
    AxeKnown(
        "link-in-text-block",
        "",
        "links in running text are told apart from it by colour alone: Material does not "
        "underline .md-typeset links, and #4051b5 on #212121 text is 2.34:1 (needs 3:1)",
    ),
    AxeKnown(
        "color-contrast",
        ".md-tabs__link",
        "inactive header tabs: Material draws them at opacity .7, white on indigo #4051b5 "
        "gives 4.28:1 (needs 4.5:1)",
    ),
    AxeKnown(
        "color-contrast",
        ".md-copyright",
        "footer line 'Made with Material for MkDocs': #7f7f7f on #171717 is 4.47:1 (needs 4.5:1)",
    ),
    AxeKnown(
        "aria-dialog-name",
        ".md-search",
        'Material\'s partials/search.html gives the search container role="dialog" but no '
        "name; the package's override generator/render/theme/partials/search.html names it",
    ),
)


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations on the page as a reader sees it once it has settled: after
    the theme's transitions have run (colours read halfway through a fade, such as the
    tabs' as a page opens, are not the page's), with axe injected from node_modules."""
    page.wait_for_function(
        """() => document.getAnimations().every(
            a => a.playState !== 'running' || a.effect.getTiming().iterations === Infinity)""",
        timeout=5_000,
    )
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return violations


def axe_nodes(
    violations: list[dict[str, Any]], impacts: tuple[str, ...] = ("serious", "critical")
) -> list[tuple[str, str, str]]:
    """(rule, node selector, one-line description) for each violating node of `impacts`."""
    nodes = []
    for v in violations:
        if v.get("impact") not in impacts:
            continue
        for node in v["nodes"]:
            target = " ".join(map(str, node["target"]))
            summary = " ".join(node.get("failureSummary", "").split())[:300]
            nodes.append((v["id"], target, f"{v['impact']} {v['id']} at {target}: {summary}"))
    return nodes


def axe_problems(
    violations: list[dict[str, Any]],
    known: tuple[AxeKnown, ...] = AXE_THEME_VIOLATIONS,
) -> list[str]:
    """Serious and critical violations, one line per node, less the `known` ones."""
    return [
        line
        for rule, target, line in axe_nodes(violations)
        if not any(k.matches(rule, target) for k in known)
    ]
