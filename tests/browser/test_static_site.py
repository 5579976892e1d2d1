"""Checks on the built HTML that need no browser: links, anchors, footnotes, citations.

These tests are deliberately not marked `browser`: they need only the built site, so
`pytest -m "not browser"` (make unit) runs them too.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

from sitechecks import (
    PAGE_TYPES,
    _fact_id_of,
    check_citations,
    check_footnotes,
    check_links,
    html_files,
    load_facts,
    page_file,
    parse_html,
)


def test_every_page_type_was_built(built_site: Path) -> None:
    assert not [p for p in PAGE_TYPES.values() if not page_file(built_site, p).is_file()]
    assert len(html_files(built_site)) > 40
    # The claimant page stands for all of them: it is one the claimants index links to.
    index = parse_html(page_file(built_site, "/claimants/").read_text(encoding="utf-8"))
    links = {
        urljoin("/claimants/", n.attrs.get("href") or "") for n in index.iter() if n.tag == "a"
    }
    assert PAGE_TYPES["claimant"] in links


def test_internal_links_and_anchors_resolve(built_site: Path) -> None:
    assert check_links(built_site) == []


def test_footnote_refs_land_on_their_notes(built_site: Path) -> None:
    topic = parse_html(page_file(built_site, PAGE_TYPES["topic"]).read_text(encoding="utf-8"))
    refs = [n for n in topic.iter() if n.tag == "a" and "footnote-ref" in n.classes]
    assert refs, "the topic page has no footnote references at all"
    assert all(r.attrs["href"].startswith("#fn:") for r in refs)
    assert check_footnotes(built_site) == []


def test_every_fact_cites_its_article(built_site: Path) -> None:
    assert check_citations(built_site) == []


# --- the checks catch what they are for -----------------------------------------------


def test_link_checker_finds_a_missing_anchor(site_copy: Path) -> None:
    file = page_file(site_copy, PAGE_TYPES["topic"])
    html = file.read_text(encoding="utf-8")
    # A permalink to a fact on the same page, pointed at an anchor that does not exist.
    html, count = re.subn(r'href="#(nis-[a-z0-9-]+)"', 'href="#\\1-gone"', html, count=1)
    assert count == 1
    file.write_text(html, encoding="utf-8")
    problems = check_links(site_copy)
    assert len(problems) == 1
    assert "topics/deployment/index.html" in problems[0]
    assert "-gone" in problems[0]


def test_link_checker_finds_a_missing_page_and_a_missing_anchor_elsewhere(
    site_copy: Path,
) -> None:
    file = page_file(site_copy, PAGE_TYPES["home"])
    html = file.read_text(encoding="utf-8")
    html = html.replace(
        "</article>",
        '<a href="topics/no-such-topic/">x</a>'
        '<a href="estimates/north-korean-troops-for-russia/#no-such-estimate">y</a></article>',
        1,
    )
    file.write_text(html, encoding="utf-8")
    problems = check_links(site_copy)
    assert any("no file /topics/no-such-topic/" in p for p in problems), problems
    assert any("no id 'no-such-estimate'" in p for p in problems), problems


def test_footnote_check_finds_a_ref_without_its_note(site_copy: Path) -> None:
    file = page_file(site_copy, PAGE_TYPES["source"])
    html = file.read_text(encoding="utf-8")
    html = re.sub(r'<li id="fn:[^"]+">', '<li id="removed-note">', html, count=1)
    file.write_text(html, encoding="utf-8")
    problems = check_footnotes(site_copy)
    assert any("has no note" in p for p in problems), problems
    assert check_links(site_copy), "the link checker should see the dangling #fn: link too"


def test_citation_check_finds_dropped_footnotes(site_copy: Path) -> None:
    file = page_file(site_copy, PAGE_TYPES["topic"])
    html = file.read_text(encoding="utf-8")
    html, count = re.subn(r"<sup id=\"fnref[^\"]*\">.*?</sup>", "", html)
    assert count > 10
    file.write_text(html, encoding="utf-8")
    problems = check_citations(site_copy)
    assert problems
    assert all(p.startswith("topics/deployment/index.html") for p in problems)
    assert any("does not cite #fn:bloomberg-2024-10-22" in p for p in problems)
    assert any("the summary's citation of" in p for p in problems)


def test_citation_check_finds_a_note_that_names_another_publisher(site_copy: Path) -> None:
    file = page_file(site_copy, PAGE_TYPES["claimant"])
    html = file.read_text(encoding="utf-8")
    assert "Bloomberg, " in html
    file.write_text(html.replace("Bloomberg, ", "Somebody, "), encoding="utf-8")
    assert any("does not name 'Bloomberg'" in p for p in check_citations(site_copy))


def _page_text(file: Path) -> str:
    """A page's article as text: what a reader reads, tags dropped, spaces collapsed."""
    html = file.read_text(encoding="utf-8")
    start = html.find("<article")
    article = html[start : html.find("</article>", start)] if start >= 0 else ""
    return " ".join(parse_html(article).text().split())


def test_no_page_title_repeats_the_site_name(built_site: Path) -> None:
    """ "X - X" when a page's own title is the site's name (the home page): just "X"."""
    doubled = []
    for file in html_files(built_site):
        found = re.search(r"<title>(.*?)</title>", file.read_text(encoding="utf-8"), re.S)
        parts = found.group(1).split(" - ") if found else []
        if len(parts) == 2 and parts[0].strip() == parts[1].strip():
            doubled.append(f"{file.relative_to(built_site)}: {found and found.group(1)}")
    assert doubled == []
    home = page_file(built_site, "/").read_text(encoding="utf-8")
    assert " - " not in re.search(r"<title>(.*?)</title>", home, re.S).group(1)  # type: ignore[union-attr]


def test_no_sentence_ends_in_two_full_stops(built_site: Path) -> None:
    """A text that ends in a full stop gets no second one from the page (". . Note:")."""
    doubled = []
    for file in html_files(built_site):
        text = _page_text(file)
        for found in re.finditer(r"(?<![./])[.!?…] ?\.(?![./])", text):
            doubled.append(
                f"{file.relative_to(built_site)}: …{text[found.start() - 50 : found.end() + 20]}"
            )
    assert doubled == []


def test_a_count_of_one_takes_a_singular_noun(built_site: Path) -> None:
    wrong = []
    nouns = r"(?:article|fact|claim|claimant|estimate|quote|change|other fact)s"
    for file in html_files(built_site):
        for found in re.finditer(rf"(?<![\d,.]) ?\b1 {nouns}\b", _page_text(file)):
            wrong.append(f"{file.relative_to(built_site)}: {found.group(0)}")
    assert wrong == []


def test_every_fact_item_shows_its_quote_attributed_to_its_claimant(built_site: Path) -> None:
    """Wherever a fact with a verified quote is listed, its words are there in a `q`."""
    data = load_facts(built_site)
    facts = {f["id"]: f for f in data["facts"]}
    names = {c["id"]: c["name"] for c in data["claimants"]}
    shown, wrong = 0, []
    for file in html_files(built_site):
        root = parse_html(file.read_text(encoding="utf-8"))
        for item in root.find_all(lambda n: n.tag == "li" and "fact" in n.classes):
            fact = facts.get(_fact_id_of(item, facts) or "")
            if fact is None:
                continue
            lines = [n for n in item.iter() if "fact-quote" in n.classes]
            if not fact.get("quote"):
                if lines:
                    wrong.append(f"{file.relative_to(built_site)}: {fact['id']} has no quote")
                continue
            said = " and ".join(names[c] for c in fact["claimant"])
            expected = f"— {fact['quote']}, said {said}."
            quotes = [q.text() for line in lines for q in line.iter() if q.tag == "q"]
            if [" ".join(n.text().split()) for n in lines] != [expected] or quotes != [
                fact["quote"]
            ]:
                wrong.append(f"{file.relative_to(built_site)}: {fact['id']}: {lines!r:.200}")
            shown += 1
    assert wrong == []
    assert shown >= sum(1 for f in facts.values() if f.get("quote"))
