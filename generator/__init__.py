"""briefing: curated, sourced YAML facts in; a static briefing website out.

The pipeline, one module per step:

    load   (strict YAML -> nodes that know their file, line and column)
    model  (typed, frozen facts; the one source of validation and JSON Schema)
    corpus (every file of facts/ through load and model, errors collected)
    check  (rules across the whole corpus; diagnostics, never exceptions)
    render (model -> Markdown pages through Jinja templates)
    plugin (the thin MkDocs adapter that feeds those pages into a build)
"""

__version__ = "0.1.0"
