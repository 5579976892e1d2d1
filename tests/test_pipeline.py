"""The pipeline's two stages: checking the facts loads nothing of the renderer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import TODAY

ROOT = Path(__file__).resolve().parent.parent


def test_checking_facts_does_not_import_the_renderer() -> None:
    """`check` (and every command that only checks) pays for reading and checking the
    facts, not for Jinja and the templates: `generate` imports the renderer itself."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from generator.pipeline import check_facts\n"
        "checked = check_facts(Path('facts'))\n"
        "assert checked.corpus.facts, 'the seed facts were not read'\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('generator.render', 'jinja2')))\n"
        "print(' '.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"checking imported {result.stdout.strip()}"


def test_generate_imports_the_renderer_when_called() -> None:
    """The same module, once the facts pass, renders every planned page (this fixture has
    no hand-written pages, so links to them are reported, not fatal)."""
    from generator.pipeline import generate

    generated = generate(ROOT / "tests/fixtures/corpus", today=TODAY)
    assert generated.checked.ok
    assert generated.plan is not None and set(generated.pages) == set(generated.plan.pages)
