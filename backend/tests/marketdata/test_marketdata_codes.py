import pytest

from etftool.marketdata.codes import a_share_exchange, normalize_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("510300", "510300"),
        (" sh510300 ", "510300"),
        ("SZ159915", "159915"),
        ("510300.SH", "510300"),
        ("510300.ss", "510300"),
        ("mtum", "MTUM"),
        ("SH", "SH"),  # a US ticker, not an exchange prefix
    ],
)
def test_normalize_code(raw: str, expected: str) -> None:
    assert normalize_code(raw) == expected


@pytest.mark.parametrize(
    ("code", "exchange"),
    [
        ("510300", "SSE"),
        ("588000", "SSE"),
        ("159915", "SZSE"),
        ("830799", None),  # Beijing
        ("MTUM", None),
        ("51030", None),
    ],
)
def test_a_share_exchange(code: str, exchange: str | None) -> None:
    assert a_share_exchange(code) == exchange
