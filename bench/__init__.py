"""Benchmark harness for the briefing generator (issue 8): `python -m bench.run`."""
