"""What the model says beyond a bare figure: something still going on ("since October
2023"), one figure part of another (`part_of`), and a projection's condition and
likelihood; in words, in the rules that compare figures, and on the pages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.headline import disagree, part_of
from generator.i18n import language
from generator.pipeline import check_facts
from generator.render import render_site
from generator.wording import figure_words, hedge_words, part_of_words, value_label
from tests.conftest import CORPUS, TODAY
from tests.test_check_rules import _parts
from tests.test_views import _estimate


def _site(tmp_path: Path, extra: str) -> dict[str, str | bytes]:
    """The fixture corpus with one more file, checked clean and rendered."""
    shutil.copytree(CORPUS, tmp_path / "facts")
    (tmp_path / "facts" / "extra.yaml").write_text(extra)
    checked = check_facts(tmp_path / "facts", today=TODAY)
    assert checked.ok, [str(d) for d in checked.diagnostics]
    return render_site(checked.corpus)


def _item(page: str, fact_id: str) -> str:
    item = page[page.index(f'id="{fact_id}">') :]
    return item[: item.index("</li>")]


# ------------------------------------------------------------------ one figure part of another


def test_a_part_and_its_whole_never_disagree_however_far_apart() -> None:
    army = _estimate(id="army", quantity="army", value=1_100_000, part_of="forces")
    forces = _estimate(id="forces", quantity="forces", value=1_280_000)
    unit = _estimate(id="unit", quantity="unit", value=2_000, part_of="army")
    facts = {f.id: f for f in (army, forces, unit)}
    assert part_of(unit, forces, facts) and part_of(army, forces, facts)  # at any depth
    assert not part_of(forces, unit, facts)
    # 2,000 and 1.28 million are far more than threefold apart, but one is within the other.
    assert disagree(unit, forces) and not disagree(unit, forces, facts)
    assert not disagree(forces, unit, facts)
    stranger = _estimate(id="stranger", quantity="unit", value=1_000_000)
    assert disagree(unit, stranger, facts)  # a figure that is no part of it still does


def test_parts_in_a_cycle_end_the_walk() -> None:
    a = _estimate(id="a", part_of="b")
    b = _estimate(id="b", part_of="a")
    c = _estimate(id="c")
    assert not part_of(a, c, {"a": a, "b": b, "c": c})


def test_the_whole_is_named_with_its_figure_and_quantity() -> None:
    whole = _estimate(bound="exact", value=1_280_000)
    label = "North Korea's active military personnel"
    assert part_of_words(whole, label) == (
        "Part of 1.28 million: North Korea's active military personnel"
    )
    assert part_of_words(whole, "особовий склад", language("uk")) == (
        "Частина від 1,28\u00a0млн: особовий склад"
    )


def test_a_parts_item_links_to_its_whole(tmp_path: Path) -> None:
    files = _site(tmp_path, _parts())
    item = _item(str(files["topics/traffic.md"]), "pier-berths-count")
    assert '<a href="../../estimates/berths/#berths-all">Part of 40: Berths</a>.' in item
    whole = _item(str(files["topics/traffic.md"]), "berths-all")
    assert "Part of" not in whole


def test_a_rebuild_shows_the_wholes_new_figure_in_its_parts_item(tmp_path: Path) -> None:
    """A part's item shows its whole's figure, on its topic's page and on its quantity's
    (whose page is otherwise kept when its own estimates are unchanged): when only the
    whole changes, a live preview's rebuild writes both anew, as a fresh build would."""
    from generator.pipeline import Reuse, generate
    from generator.plan import SiteOptions

    folder = tmp_path / "project" / "facts"
    shutil.copytree(CORPUS, folder)
    (folder / "parts.yaml").write_text(_parts())
    methodology = Path(__file__).resolve().parents[1] / "site_src" / "methodology.md"
    docs = {"methodology.md": methodology.read_text(encoding="utf-8")}
    options = SiteOptions(project=str(folder.parent), docs_pages=docs)
    reuse = Reuse()
    assert generate(folder, options, today=TODAY, reuse=reuse).ok
    (folder / "parts.yaml").write_text(
        _parts().replace("has 40 berths", "has 45 berths").replace("value: 40", "value: 45")
    )
    rebuilt = generate(folder, options, today=TODAY, reuse=reuse)
    fresh = generate(folder, options, today=TODAY)
    assert rebuilt.ok
    assert rebuilt.pages == fresh.pages
    pages = [html.decode() for html in rebuilt.pages.values()]
    assert any(">Part of 45: Berths</a>" in html for html in pages)
    assert not any(">Part of 40: Berths</a>" in html for html in pages)


# ------------------------------------------------------------------ conditions and likelihood


@pytest.mark.parametrize(
    ("hedge", "words"),
    [
        (
            {"likelihood": "may", "condition": "if the alliance keeps deepening"},
            "up to 100,000, “may”, if the alliance keeps deepening",
        ),
        ({"likelihood": "likely"}, "up to 100,000, “likely”"),
        (
            {"condition": "if the alliance keeps deepening"},
            "up to 100,000, if the alliance keeps deepening",
        ),
        ({}, "up to 100,000"),
    ],
)
def test_a_projection_is_worded_with_its_hedge(hedge: dict[str, str], words: str) -> None:
    projection = _estimate(bound="up-to", value=100_000, status="potential", **hedge)
    assert value_label(projection) == words
    assert value_label(projection, hedged=False) == "up to 100,000"


def test_a_hedge_in_other_languages_and_in_a_citation() -> None:
    projection = _estimate(
        bound="up-to", value=100_000, likelihood="may", condition="if it deepens"
    )
    assert hedge_words(projection, language("uk")) == "«may», if it deepens"
    assert value_label(projection, language("ar")).endswith("«may»، if it deepens")
    assert figure_words(projection, "troops", "potential") == (
        "up to 100,000 troops (potential), “may”, if it deepens, as of 18 October 2024"
    )
    ranged = _estimate(bound="about", value=12_000, low=10_000, high=14_000, likelihood="likely")
    assert figure_words(ranged, "troops") == (
        "about 12,000 troops (range 10,000 to 14,000), “likely”, as of 18 October 2024"
    )


HEDGED = """\
facts:
  - id: ministry-spring-forecast
    kind: estimate
    topics: traffic
    text: The ministry expected up to 1,800 ships in spring.
    source: gazette-2031-03-14
    claimant: shipping-ministry
    quantity: ships-calling
    bound: up-to
    value: 1800
    status: expected
    as_of: 2031-03-14
    condition: if the winter stays mild
  - id: pier-works-ongoing
    kind: event
    topics: traffic
    text: Works on the new pier have gone on since 2029.
    source: gazette-2031-03-14
    claimant: port-authority
    date: 2029/..
"""


def test_pages_show_a_projections_hedge_with_its_figure(tmp_path: Path) -> None:
    files = _site(tmp_path, HEDGED)
    hedged = "up to 1,800, if the winter stays mild"
    item = _item(str(files["topics/traffic.md"]), "ministry-spring-forecast")
    assert "<strong>Figure:</strong> <a " in item and f">{hedged}</a> (expected)." in item
    assert f">{hedged}</data>" in str(files["estimates/ships-calling.md"])


def test_the_timeline_shows_what_is_still_going_on_from_its_start(tmp_path: Path) -> None:
    files = _site(tmp_path, HEDGED)
    page = str(files["timeline/index.md"])
    item = _item(page, "pier-works-ongoing")
    assert '<time datetime="2029" class="date date-ongoing">since 2029</time>' in item
    # Filed under the year it began, before what happened in 2031.
    assert page.index('id="2029"') < page.index('id="pier-works-ongoing"') < page.index('id="2031"')
