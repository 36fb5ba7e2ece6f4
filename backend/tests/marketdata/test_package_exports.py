"""The package's names are imported when first used (etftool/marketdata/__init__.py)."""

import subprocess
import sys
from types import ModuleType

import etftool.marketdata as marketdata
from etftool.marketdata.market_data import MarketData


def test_every_exported_name_resolves() -> None:
    assert set(marketdata.__all__) == set(marketdata._MODULE_OF)
    for name in marketdata.__all__:
        assert not isinstance(getattr(marketdata, name), ModuleType), name
    assert marketdata.MarketData is MarketData


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        marketdata.NoSuchThing  # noqa: B018
    except AttributeError as error:
        assert "NoSuchThing" in str(error)
    else:
        raise AssertionError("an unknown name resolved")


def test_the_settings_load_without_numpy_or_the_providers() -> None:
    """What the container's start-up check imports (etftool.core.paths) stays light."""
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, etftool.core.paths; print(' '.join(sorted(sys.modules)))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    assert "etftool.marketdata.settings" in loaded
    assert "numpy" not in loaded
    assert "etftool.marketdata.market_data" not in loaded
