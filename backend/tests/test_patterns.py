"""Every pydantic model of the app whose fields match a pattern runs it on Python's re.

pydantic-core's own regex engine compiles a Unicode class (\\w, \\d, \\s) into tables of
≈ 0.4 MB per field and per route that validates it; on Python's re it costs next to nothing.
A new model with a pattern and without `regex_engine="python-re"` fails here.
"""

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

import etftool.main  # noqa: F401  (imports every model the API uses)
from etftool.core.config import Settings


def subclasses(cls: type[BaseModel]) -> Iterator[type[BaseModel]]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from subclasses(subclass)


def own_patterns(schema: Any, model: type[BaseModel]) -> Iterator[str]:
    """The patterns of the model's own fields, not those of the models it nests."""
    if isinstance(schema, dict):
        if schema.get("type") == "model" and schema.get("cls") is not model:
            return
        if isinstance(schema.get("pattern"), str):
            yield schema["pattern"]
        for value in schema.values():
            yield from own_patterns(value, model)
    elif isinstance(schema, list | tuple):
        for value in schema:
            yield from own_patterns(value, model)


def app_models() -> set[type[BaseModel]]:
    return {model for model in subclasses(BaseModel) if model.__module__.startswith("etftool.")}


def models_with_patterns() -> dict[type[BaseModel], set[str]]:
    found = {model: set(own_patterns(model.__pydantic_core_schema__, model)) for model in app_models()}
    return {model: patterns for model, patterns in found.items() if patterns}


def test_the_check_sees_the_models_with_patterns() -> None:
    with_patterns = models_with_patterns()
    assert Settings in with_patterns
    assert len(with_patterns) >= 10, with_patterns


def test_model_patterns_run_on_python_re() -> None:
    on_rust = [
        f"{model.__module__}.{model.__qualname__}: {sorted(patterns)}"
        for model, patterns in models_with_patterns().items()
        if model.model_config.get("regex_engine") != "python-re"
    ]
    assert not on_rust, "give these models regex_engine='python-re' (this module's docstring says why):\n" + (
        "\n".join(on_rust)
    )
