"""Every list of the domain is declared once, next to the model, and a change to the model
that the list does not follow fails here: the fields that name other records, the record
sections of a fact file, the model's closed lists and their words."""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic.functional_validators import BeforeValidator

from generator import model, vocabulary
from generator.corpus import _REFERENCE_KEYS, Corpus


def _holds_ids(annotation: Any, metadata: list[Any]) -> bool:
    """Whether a field's type is an id (`model.Id`), or a list of them."""
    marks = [*metadata, *getattr(annotation, "__metadata__", ())]
    if any(isinstance(m, BeforeValidator) and m.func is model._id for m in marks):
        return True
    return any(_holds_ids(arg, []) for arg in get_args(annotation))


def test_every_field_that_names_records_says_which_kind() -> None:
    """A field holding ids of other records carries `RefersTo(kind)`: the checker, the
    indexes and the locations of values all follow `model.references`."""
    unmarked = []
    for record in model.RECORD_MODELS:
        marked = {name for name, _ in model.references(record)}
        for name, field in record.model_fields.items():
            ids = name != "id" and _holds_ids(field.annotation, field.metadata)
            if ids and name not in marked:
                unmarked.append(f"{record.__name__}.{name}")
    assert unmarked == [], "mark these fields with RefersTo(kind) in model.py"


def test_references_name_kinds_the_corpus_indexes() -> None:
    kinds = {kind for m in model.RECORD_MODELS for _, kind in model.references(m)}
    assert kinds == set(model.RECORD_KINDS)
    assert set(Corpus(root=Path(".")).tables()) == set(model.RECORD_KINDS)
    # Where each named id was written is kept for exactly these fields.
    assert {key for m in model.RECORD_MODELS for key, _ in model.references(m)} == _REFERENCE_KEYS


def test_the_record_sections_are_the_fact_files_lists() -> None:
    lists = set(model.FactFile.model_fields) - {"briefing", "facts"}
    assert set(model.SECTIONS) == lists
    assert set(model.FACT_KINDS) == {
        get_args(model.FACT_KINDS[k].model_fields["kind"].annotation)[0] for k in model.FACT_KINDS
    }


def test_every_record_model_is_listed() -> None:
    nested = {model.Headline, model.Correction, model.Withdrawal}
    assert set(model.RECORD_MODELS) == {
        model.Briefing,
        *model.SECTIONS.values(),
        *model.FACT_KINDS.values(),
        *nested,
    }


def test_the_closed_lists_of_the_model_have_words() -> None:
    assert list(get_args(model.Bound)) == list(vocabulary.BOUNDS)
    assert list(get_args(model.Measure)) == list(vocabulary.MEASURES)


def test_the_plugins_options_are_the_adapters() -> None:
    """MkDocs validates the plugin's options (plugin.BriefingConfig) and export reads them
    from mkdocs.yml (adapter.plugin_options): the same names, types and defaults."""
    from generator.adapter import OPTION_TYPES, PluginOptions
    from generator.plugin import BriefingConfig

    defaults = PluginOptions()
    options = dict(BriefingConfig._schema)
    assert set(options) == set(OPTION_TYPES) == set(PluginOptions.__dataclass_fields__)
    for name, option in options.items():
        assert option.default == getattr(defaults, name), name


def test_a_bad_plugin_option_is_an_error_that_names_it() -> None:
    from generator.adapter import ConfigError, plugin_options

    good = plugin_options({"plugins": ["search", {"briefing": {"facts": "notes"}}]})
    assert good.facts == "notes" and good.page_limit > 0
    for options, words in (
        ({"page_limit": 0}, "`page_limit` must be a whole number"),
        ({"page_limit": "ten"}, "`page_limit` must be a whole number"),
        ({"strict": "yes"}, "`strict` must be true or false"),
        ({"fact": "notes"}, "no option `fact`"),
    ):
        with pytest.raises(ConfigError, match=words):
            plugin_options({"plugins": [{"briefing": options}]})
