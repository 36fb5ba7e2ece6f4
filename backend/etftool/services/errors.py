"""Analyses that cannot be made from the history at hand or the range asked; etftool.api.errors
answers each with a 422 saying why."""


class InvalidRange(ValueError):
    """The asked date range is empty by construction (start after end)."""

    def __init__(self, reason: str, field: str = "start") -> None:
        super().__init__(reason)
        self.field = field


class NoGridSuggestion(ValueError):
    """Too little or too flat history for a grid-trading suggestion."""


class NoBacktest(ValueError):
    """The backtest cannot run on the asked range; `field` is the request field to blame."""

    def __init__(self, reason: str, field: str = "start") -> None:
        super().__init__(reason)
        self.field = field
