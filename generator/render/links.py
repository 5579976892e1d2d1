"""Links, as templates write them: `url(path, anchor)` checks each against the plan and
writes it from the site's root behind `ROOT`; a broken one becomes a located diagnostic.

A page's `ROOT` becomes its own way back to the root once the page is complete
(`Plan.root`, in `Renderer.page`). A broken link is reported at the fact whose item
made it, else at the page (`Position`): `error[broken-link]`.
"""

from __future__ import annotations

from markupsafe import Markup

from generator.diagnostics import Diagnostic, Location, error
from generator.plan import Plan
from generator.render.jinja import as_markup
from generator.render.position import Position

# Links are written from the site's root behind ROOT, which each page replaces with
# its own way back to the root; fact files cannot hold it (control characters are refused).
ROOT = "\x00"
ROOT_UTF8 = ROOT.encode()


class Links:
    """The links of one briefing's renderer (`prefix`: its folder in a site of several,
    else ""), and the broken ones it found (`problems`)."""

    def __init__(self, plan: Plan, prefix: str, position: Position) -> None:
        self.plan, self.prefix, self.position = plan, prefix, position
        self.problems: list[Diagnostic] = []
        self._urls: dict[str, str] = {}

    def url(self, path: str, anchor: str = "") -> Markup:
        """A link to a page or file of the site (its path in the docs folder), checked.
        A briefing of a site of several links to its own page or file of that path, or
        else to the site's (`sources/…`, hand-written pages)."""
        plan = self.plan
        if self.prefix:
            local = self.prefix + path
            if local in plan.pages or local in plan.files:
                path = local
        anchors = plan.anchors(path)
        if anchors is None and path not in plan.files:
            target = f"{path}#{anchor}" if anchor else path
            self._broken(f"links to {target}, which the site does not have")
        elif anchor and anchors is not None and anchor not in anchors:
            self._broken(f"links to {path}#{anchor}, which that page does not have")
        address = self._urls.get(path)
        if address is None:
            address = self._urls[path] = ROOT + (plan.url(path) or "./")
        return as_markup(f"{address}#{anchor}" if anchor else address)

    def _broken(self, what: str) -> None:
        page, fact = self.position.page, self.position.fact
        name = page.path if page else "a page"
        if fact is not None:
            where, whose = fact.loc, f"fact {fact.id} on {name}"
        else:
            where, whose = Location(name), name
        self.problems.append(error(where, "broken-link", f"{whose} {what}"))
