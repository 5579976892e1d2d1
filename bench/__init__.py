"""Benchmark harness for the briefing generator: `python -m bench.run`."""
