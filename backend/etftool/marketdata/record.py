"""Records the live sources' HTTP answers as fixtures for the loopback stand-in.

    python -m etftool.marketdata.record [--out DIR] [--year YEAR]... CODE...

Makes the calls the akshare provider makes (fund list and quotes, daily bars in every
adjustment and minute prices of each CODE, THS's lists, the list fallback, and every fund's
dividends and splits of the YEARs, this one and the last by default) with a hook on
requests' Session.send, and writes each HTTP exchange as one JSON file in the format of
tests/upstream/fixtures/README.md. Needs internet access and akshare; the fund list takes
about 20 s because akshare pauses between pages.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from etftool.marketdata.akshare_modules import akshare_module
from etftool.marketdata.akshare_provider import AkshareProvider
from etftool.marketdata.base import ADJUSTMENTS
from etftool.marketdata.market_status import CHINA_TZ

# Query parameters that say which data is asked for; the others (tokens, field lists,
# cache-busting timestamps) are left out of `match`, so the stand-in ignores them.
IDENTIFYING_PARAMETERS = ("secid", "klt", "fqt", "fs", "pn", "ndays", "dt", "year", "page")
DEFAULT_OUT = Path("tests/upstream/fixtures")


@contextmanager
def recording(write: Callable[[dict[str, Any]], None]) -> Iterator[None]:
    """Passes every HTTP exchange made through requests inside the block to `write`."""
    # requests arrives with akshare, which is imported on first use too.
    import requests  # pants: no-infer-dep

    original = requests.Session.send

    def send(self: requests.Session, request: requests.PreparedRequest, **options: Any) -> requests.Response:
        response = original(self, request, **options)
        parts = urlsplit(str(request.url))
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        write(
            {
                "url": f"{parts.scheme}://{parts.netloc}{parts.path}",
                "match": {key: query[key] for key in IDENTIFYING_PARAMETERS if key in query},
                "status": response.status_code,
                "content_type": response.headers.get("Content-Type", ""),
                "body": response.text,
            }
        )
        return response

    requests.Session.send = send  # type: ignore[method-assign]
    try:
        yield
    finally:
        requests.Session.send = original  # type: ignore[method-assign]


def fixture_name(exchange: dict[str, Any]) -> str:
    """A readable, stable file name: host, path and the identifying parameters."""
    parts = urlsplit(exchange["url"])
    words = [parts.netloc.split(".")[-2], *parts.path.strip("/").split("/")[-2:]]
    words += [f"{key}-{value}" for key, value in exchange["match"].items() if key != "fs"]
    if "fs" in exchange["match"]:  # long; a digest keeps ETF and LOF lists apart
        words.append("fs-" + hashlib.sha1(exchange["match"]["fs"].encode()).hexdigest()[:8])
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", "_".join(words)) + ".json"


def record(codes: Sequence[str], out: Path, years: Sequence[int] = ()) -> list[Path]:
    """Writes the exchanges as fixtures; `years` of distributions, this one and the last
    when empty (a year is every fund's table: tens of pages)."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(exchange: dict[str, Any]) -> None:
        path = out / fixture_name(exchange)
        path.write_text(json.dumps(exchange, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(path)

    provider = AkshareProvider()
    with recording(write):
        provider.list_etfs()
        category_ths = akshare_module("fund.fund_etf_ths").fund_etf_category_ths
        for symbol in ("ETF", "LOF"):
            category_ths(symbol=symbol)
        for code in codes:
            for adjust in ADJUSTMENTS:
                provider.history(code, adjust=adjust)
            provider.intraday(code)
        this_year = datetime.now(CHINA_TZ).year
        for year in years or (this_year - 1, this_year):
            provider.distributions(year)
    return written


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("codes", nargs="+", help="six-digit ETF or LOF codes, e.g. 510300 159915")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default {DEFAULT_OUT}")
    parser.add_argument(
        "--year",
        type=int,
        action="append",
        default=[],
        help="a year of dividends and splits to record (repeatable; default this one and the last)",
    )
    arguments = parser.parse_args(argv)
    for path in record(arguments.codes, arguments.out, arguments.year):
        print(path)


if __name__ == "__main__":
    main()
