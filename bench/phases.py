"""One in-process run of the generator's own steps, timed: load, check, render.

Run by `bench/run.py` as a script in a fresh process for every run, with
PYTHONPATH naming the checkout under test (so it imports only `generator`):

    python bench/phases.py FACTS_DIR --today YYYY-MM-DD [--profile OUT.prof]

Prints one JSON object: wall and CPU seconds of each step, and what was rendered.
The steps are those the MkDocs plugin runs in `on_files` (`generate`: check the
facts, plan the pages, render them), split so each can be timed:

- load:   `read_corpus` (strict YAML to located nodes, then the pydantic models);
- check:  `check.check` (every rule across the corpus; no archive, so no quotes);
- images: the chart files and share cards (`Renderer.images`), drawn into an empty
  PNG cache (`images_cold`, with the drawing spread over a pool of processes when
  there are many: their CPU is counted), then again from that cache (`images_warm`);
- render: `render_site` (the page plan, every page's HTML and the data files), with
  the images read back from the cache as a build with a warm cache reads them.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any


def _clock() -> tuple[float, float]:
    """Wall and CPU seconds; CPU counts the processes that drew images too."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter(), time.process_time() + children.ru_utime + children.ru_stime


def _since(start: tuple[float, float]) -> dict[str, float]:
    wall, cpu = _clock()
    return {"wall": wall - start[0], "cpu": cpu - start[1]}


def run(facts: Path, today: date) -> dict[str, Any]:
    from generator import check
    from generator.corpus import corpus_frozen, read_corpus
    from generator.plan import plan_site
    from generator.render import site_renderer

    gc.collect()
    start = _clock()
    corpus, problems = read_corpus(facts)
    load = _since(start)

    with corpus_frozen():  # as generate() does
        start = _clock()
        result = check.check(corpus, check.Options(today=today, archive=None))
        checked = _since(start)

        with tempfile.TemporaryDirectory() as cache:
            plan = plan_site(corpus)
            renderer = site_renderer(corpus, plan, images=Path(cache))
            start = _clock()
            drawn = renderer.images()
            images_cold = _since(start)
            start = _clock()
            renderer.images()
            images_warm = _since(start)

            start = _clock()  # as render_site, with the images in the cache
            plan = plan_site(corpus)
            renderer = site_renderer(corpus, plan, images=Path(cache))
            files = {**renderer.pages(), **renderer.files()}
            render = _since(start)

    pages = {p: str(c) for p, c in files.items() if p.endswith(".md")}
    errors = [d for d in [*problems, *result.diagnostics] if d.severity == "error"]
    return {
        "load": load,
        "check": checked,
        "render": render,
        "images_cold": images_cold,
        "images_warm": images_warm,
        "images": len([p for p in drawn if p.endswith(".png")]),
        "facts": len(corpus.facts),
        "errors": len(errors),
        "pages": len(pages),
        "page_bytes": sum(len(c.encode("utf-8")) for c in pages.values()),
        "files": len(files),
        "largest_pages": sorted(
            ((len(c.encode("utf-8")), p) for p, c in pages.items()), reverse=True
        )[:5],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("facts", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--profile", type=Path, help="write cProfile stats here")
    args = parser.parse_args(argv)
    # Import outside the timed steps, as the plugin has by the time it runs.
    import generator.check
    import generator.corpus
    import generator.render  # noqa: F401

    if args.profile:
        profiler = cProfile.Profile()
        result = profiler.runcall(run, args.facts, args.today)
        profiler.dump_stats(args.profile)
    else:
        result = run(args.facts, args.today)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
