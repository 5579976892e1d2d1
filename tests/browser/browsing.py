"""Helpers for driving the served site in Chromium: recording contexts, loading, screenshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitechecks import REPO, third_party

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"


@dataclass
class Visit:
    """What pages in one browser context asked for, and what went wrong in them."""

    origin: str
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def third_party(self) -> list[str]:
        return third_party(self.requests, self.origin)


def open_context(browser: Any, origin: str, **options: Any) -> tuple[Any, Visit]:
    """A fresh browser context that records every request and aborts any to another host."""
    options.setdefault("viewport", DESKTOP)
    options.setdefault("color_scheme", "light")
    options.setdefault("locale", "en-GB")
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    visit = Visit(origin)

    def route(route: Any) -> None:
        url = route.request.url
        if third_party([url], origin):
            visit.blocked.append(url)
            route.abort("blockedbyclient")
        else:
            route.continue_()

    context.route("**/*", route)
    context.on("request", lambda request: visit.requests.append(request.url))

    def watch(page: Any) -> None:
        page.on("pageerror", lambda error: visit.errors.append(f"{page.url}: {error}"))
        page.on(
            "console",
            lambda msg: msg.type == "error" and visit.errors.append(f"{page.url}: {msg.text}"),
        )

    context.on("page", watch)
    return context, visit


def goto(page: Any, url: str, wait_until: str = "load") -> None:
    """Load a page and wait until Material's JavaScript has started."""
    response = page.goto(url, wait_until=wait_until)
    assert response is not None and response.ok, f"{url}: {response and response.status}"
    page.wait_for_function("() => document.body && window.document$ !== undefined")


def screenshot(page: Any, name: str, full_page: bool = True) -> Path:
    """Save a screenshot as tests/artifacts/screenshots/NAME.png, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
