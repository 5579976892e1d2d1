"""What travels with a page when it leaves the site: its share image (a 1200x630 card
for `og:image` and `twitter:image`) and each quantity's chart files.

- A briefing's home page, each topic page and each quantity page get a card of their
  own: who says what, as the views decide it (each quantity's headline figure, or its
  two disputed figures, with their claimants). Every other page takes its briefing's
  card (its home page's); the site's own pages, and the hub of a site of several,
  take the site's.
- Cards are PNG files in a briefing's folder `cards/`, named for their page's path
  (`cards/topics/arms.png`); the site's is `cards/index.png`.
- A quantity's chart files (`estimates/ID/chart.svg` and `chart.png`) sit beside its
  page, so a page and its chart share one folder.
- A quantity's embed (`embed/ID/index.html`, a file of the site rather than a page of
  the engine, so that it has no navigation) and its oEmbed description
  (`embed/ID/oembed.json`) sit in the briefing's folder `embed/`, the one folder other
  sites may frame.

The plan holds the cards as data (`ShareCard`); `render.images` draws them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.i18n import ENGLISH, Language, format_list, format_number
from generator.model import Estimate, Quantity
from generator.plan.pages import Page
from generator.views import Views
from generator.wording import value_label

CARDS = "cards"  # the folder of a briefing's (or the site's) cards
EMBEDS = "embed"  # the folder of a briefing's embeds, which other sites may frame
ALT_LINES = 6  # the most lines of who says what a card has room for (render/images.card)


@dataclass(frozen=True)
class ShareCard:
    """A share card as data: the site's name, the page's title, lines of who says what
    (figure, claimant) and a footer (the site's address)."""

    path: str  # from the site's root: "cards/estimates/troops.png"
    site: str
    title: str
    said: tuple[tuple[str, str], ...] = ()
    footer: str = ""
    language: Language = ENGLISH  # of the page's words ("and 2 more figures")

    @property
    def alt(self) -> str:
        """The card's text alternative: its title and the lines of who says what it has
        room for, then how many more there are (as the picture says), so that a card of
        200 quantities does not put them all in the head of every page that shares it."""
        lines = [f"{who}: {figure}" for figure, who in self.said[:ALT_LINES]]
        left = len(self.said) - len(lines)
        if left:
            words = self.language.ngettext(
                "and {count} more figure", "and {count} more figures", left
            )
            lines.append(words.format(count=format_number(left, self.language)))
        return "; ".join([self.title, *lines])


def chart_files(quantity_id: str, prefix: str = "") -> tuple[str, str]:
    """A quantity's chart as SVG and PNG, beside its page `estimates/ID.md`."""
    folder = f"{prefix}estimates/{quantity_id}/"
    return folder + "chart.svg", folder + "chart.png"


def embed_files(quantity_id: str, prefix: str = "") -> tuple[str, str]:
    """A quantity's embed page and its oEmbed description, in its briefing's `embed/`."""
    folder = f"{prefix}{EMBEDS}/{quantity_id}/"
    return folder + "index.html", folder + "oembed.json"


def embed_url(quantity_id: str, prefix: str = "", directory_urls: bool = True) -> str:
    """The address of a quantity's embed from the site's root: its folder, or its file
    where the site's addresses name files."""
    page = embed_files(quantity_id, prefix)[0]
    return page.removesuffix("index.html") if directory_urls else page


def set_embeds(pages: Mapping[str, Page], views: Mapping[str, Views]) -> None:
    """Each quantity page whose quantity has a chart names its oEmbed description
    (`Page.oembed`), which its head offers for discovery."""
    for page in pages.values():
        if page.template != "quantity.html.j2":
            continue
        quantity = page.data["quantity"]
        if (views.get(page.part) or views[""]).charted(quantity):
            page.oembed = embed_files(quantity.id, f"{page.part}/" if page.part else "")[1]


def card_of(page_path: str, part: str = "") -> str:
    """The card of a page with one of its own, in its briefing's folder of cards:
    `index.md` -> `cards/index.png`, `harbour/topics/arms.md` ->
    `harbour/cards/topics/arms.png` (`part`: the briefing's folder, "harbour")."""
    prefix = f"{part}/" if part else ""
    return f"{prefix}{CARDS}/{page_path.removeprefix(prefix).removesuffix('.md')}.png"


def briefing_card(part: str = "") -> str:
    """The card of a briefing's home page (`part`: its folder), or of the site's: the
    card every page without one of its own takes."""
    return card_of(f"{part}/index.md" if part else "index.md", part)


def share_cards(
    pages: Mapping[str, Page],
    views: Mapping[str, Views],
    site: str,
    site_url: str = "",
) -> dict[str, ShareCard]:
    """Every card the site has, by path, and each page's card set on it (`Page.image`,
    `Page.image_alt`). `views` are the views of each briefing by its folder ("" for a
    site of one, and for the site's own pages); `site` is the site's name."""
    footer = site_url.split("://", 1)[-1].rstrip("/")
    cards: dict[str, ShareCard] = {}

    def own(page: Page, said: list[tuple[str, str]]) -> str:
        path = card_of(page.path, page.part)
        cards[path] = ShareCard(path, site, page.title, tuple(said), footer, page.language)
        return path

    for page in pages.values():
        part_views, data = views.get(page.part) or views[""], page.data
        if page.template == "home.html.j2" or page.template == "hub.html.j2":
            quantities = part_views.key_quantities if page.template == "home.html.j2" else []
            said = said_of(part_views, quantities, labelled=True, language=page.language)
            page.image = own(page, said)
        elif page.template == "topic.html.j2":
            said = said_of(part_views, data["quantities"], labelled=True, language=page.language)
            page.image = own(page, said)
        elif page.template == "quantity.html.j2":
            said = said_of(part_views, [data["quantity"]], labelled=False, language=page.language)
            page.image = own(page, said)
    # The other pages: their briefing's card, or the site's (made when no page has it).
    for page in pages.values():
        if page.image:
            continue
        path = briefing_card(page.part)
        if path not in cards:
            home = pages.get(f"{page.part}/index.md")
            title = home.title if home else (page.part or site)
            language = home.language if home else page.language
            cards[path] = ShareCard(path, site, title, (), footer, language)
        page.image = path
    for page in pages.values():
        page.image_alt = cards[page.image].alt
    return cards


def said_of(
    views: Views, quantities: list[Quantity], labelled: bool, language: Language = ENGLISH
) -> list[tuple[str, str]]:
    """Who says what of each quantity: its headline figure with its claimants, or both
    figures of a dispute; `labelled` adds the quantity's label after the claimants (a
    card of several quantities)."""
    lines = []
    for quantity in quantities:
        if not views.charted(quantity):
            continue  # every estimate withdrawn: nothing stands to be said
        dispute = views.dispute(quantity)
        shown = [dispute.low, dispute.high] if dispute else [views.headline(quantity)]
        for estimate in shown:
            who = _who(views, estimate, quantity, labelled, language)
            lines.append((value_label(estimate, language), who))
    return lines


def _who(
    views: Views, estimate: Estimate, quantity: Quantity, labelled: bool, language: Language
) -> str:
    names = [c.name for c in views.claimants_of(estimate)]
    who = format_list(names, language)
    return f"{who} ({quantity.label})" if labelled else who
