"""Pants' entry point for ./pants: Pants 2.17.1's own, without a rule graph this repository never uses.

Each Pants process that pantsd does not serve (`--no-pantsd`, `PANTS_PANTSD=false`, and pantsd's
own start) builds two rule graphs: one from the Python backend alone, only to resolve
`[GLOBAL].plugins`, then the real one. On 2 cores the first takes ~4.4 s of the ~10.5 s of
`./pants --no-pantsd --version`, and resolves nothing here, as pants.toml names no plugin. Here
the plugin graph is built when plugins are first resolved, which happens only when some are
configured.

The two names patched below are looked up at import, so a Pants whose internals moved fails at
once with an AttributeError rather than running without the patch.
"""

from collections.abc import Callable
from typing import Any

from pants.bin import pants_loader  # pants: no-infer-dep
from pants.init import options_initializer, plugin_resolver  # pants: no-infer-dep


class _BuiltOnFirstUse:
    """Stands for the plugin resolution's scheduler, and builds it when first used."""

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._built: Any = None

    def __getattr__(self, name: str) -> Any:
        if self._built is None:
            self._built = self._build()
        return getattr(self._built, name)


_create_bootstrap_scheduler = options_initializer.create_bootstrap_scheduler
_resolve_plugins = plugin_resolver.PluginResolver._resolve_plugins


def _create_on_first_use(options_bootstrapper: Any, executor: Any) -> _BuiltOnFirstUse:
    return _BuiltOnFirstUse(lambda: _create_bootstrap_scheduler(options_bootstrapper, executor))


def _resolve_configured_plugins(self: Any, options_bootstrapper: Any, env: Any, request: Any) -> Any:
    if not options_bootstrapper.bootstrap_options.for_global_scope().plugins:
        return plugin_resolver.ResolvedPluginDistributions()
    return _resolve_plugins(self, options_bootstrapper, env, request)


options_initializer.create_bootstrap_scheduler = _create_on_first_use
plugin_resolver.PluginResolver._resolve_plugins = _resolve_configured_plugins  # type: ignore[method-assign]

if __name__ == "__main__":
    pants_loader.main()
