"""The benchmark harness (bench/) on a tiny corpus: its output's shape, never its timings."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bench import run, synth
from generator.pipeline import check_facts

SIZE = 30
TARGETS = {
    "check-vs-parse",
    "build-vs-floor",
    "generator-time",
    "build-growth",
    "build-memory",
    "median-page",
    "search-index",
}


def test_synthetic_corpus_is_seeded_and_checks_clean(tmp_path: Path) -> None:
    files = synth.generate(SIZE, seed=7)
    assert synth.generate(SIZE, seed=7) == files
    assert synth.generate(SIZE, seed=8) != files

    facts = synth.ensure_corpus(SIZE, 7, tmp_path)
    assert sorted(p.name for p in facts.iterdir()) == sorted(files)
    checked = check_facts(facts, today=date.fromisoformat(synth.TODAY))
    assert [str(d) for d in checked.diagnostics if d.severity == "error"] == []
    assert checked.ok
    corpus = checked.corpus
    assert len(corpus.facts) == SIZE
    assert len(corpus.topics) == 8
    assert {f.kind for f in corpus.facts} == {"event", "statement", "estimate"}
    assert corpus.briefing is not None
    manifest = json.loads((facts.parent / "manifest.json").read_text())
    assert manifest["facts"] == SIZE
    assert manifest["sources"] == len(corpus.sources)


def test_synthetic_site_of_three_briefings_checks_clean(tmp_path: Path) -> None:
    """The same facts dealt out to three briefings that share sources and claimants."""
    facts = synth.ensure_corpus(300, 7, tmp_path, briefings=3)
    checked = check_facts(facts, today=date.fromisoformat(synth.TODAY))
    assert [str(d) for d in checked.diagnostics if d.severity == "error"] == []
    corpus = checked.corpus
    assert corpus.parts == ["briefing-1", "briefing-2", "briefing-3"]
    assert len(corpus.facts) == 300
    shared = {corpus.part(r) for r in [*corpus.sources, *corpus.claimants]}
    assert shared == {""}
    assert {corpus.part(f) for f in corpus.facts} == set(corpus.parts)


def test_full_size_needs_bench_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BENCH_FULL", raising=False)
    assert run.parse_args([]).sizes == [1_000, 5_000, 10_000]
    monkeypatch.setenv("BENCH_FULL", "1")
    assert run.parse_args([]).sizes == [1_000, 5_000, 10_000, 50_000]
    assert run.parse_args(["--sizes", "100,200"]).sizes == [100, 200]


def test_harness_prints_tables_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    config = run.Config(
        sizes=[SIZE],
        runs=1,
        build_runs=1,
        corpora=tmp_path / "corpora",
        out=out,
        work=tmp_path / "work",
        timeout=600,
        log=lambda _: None,
    )
    results = run.Bench(config).run()

    assert json.loads(out.read_text()) == json.loads(json.dumps(results))
    machine = results["machine"]
    assert machine["nproc"] >= 1
    assert {"cpu_model", "python", "memory_gb", "packages", "git_commit"} <= set(machine)

    entry = results["sizes"][str(SIZE)]
    assert entry["corpus"]["facts"] == SIZE
    assert set(entry["timings"]) == set(run.MEASURES)
    for key, timing in entry["timings"].items():
        assert not timing.get("error"), (key, timing["error"])
        for metric in ("wall", "cpu"):
            assert timing[metric]["n"] >= 1, (key, metric)
            assert set(timing[metric]) == {"n", "median", "min", "max", "runs"}
    assert entry["rendered"]["pages"] > 0
    output = entry["output"]
    assert output["html_pages"] > 0
    assert output["median_html_bytes"] > 0
    assert output["search_index_bytes"] > 0
    assert output["total_bytes"] >= output["html_bytes"]

    assert {t["name"] for t in results["targets"]} == TARGETS
    for target in results["targets"]:
        assert target["passed"] in (True, False, None)
        assert target["passed"] is None or target["value"] is not None or target["note"]

    table = run.format_results(results)
    for label in run.MEASURES.values():
        assert label.strip() in table
    for target in results["targets"]:
        assert target["description"] in table
    assert f"{SIZE} facts" in table


def test_harness_builds_a_site_of_three_briefings(tmp_path: Path) -> None:
    """`--briefings 3`: the same facts as three briefings, built like the others."""
    assert run.parse_args(["--briefings", "3"]).briefings == 3
    config = run.Config(
        sizes=[SIZE * 3],
        runs=1,
        build_runs=1,
        peer=False,
        corpora=tmp_path / "corpora",
        out=None,
        work=tmp_path / "work",
        timeout=600,
        briefings=3,
        log=lambda _: None,
    )
    results = run.Bench(config).run()
    entry = results["sizes"][str(SIZE * 3)]
    for key, timing in entry["timings"].items():
        assert not timing.get("error"), (key, timing["error"])
    assert (tmp_path / "work").rglob("briefing-3/index.html")
    assert "a site of 3 briefings" in run.format_results(results)
