import pytest

from etftool.marketdata.base import EtfInfo
from etftool.marketdata.categories import CATEGORIES, categorize

# Real fund names as the exchanges list them, with the category a reader would give them.
NAMES = [
    ("沪深300ETF", "broad"),
    ("中证500ETF", "broad"),
    ("中证1000ETF", "broad"),
    ("上证50ETF", "broad"),
    ("创业板ETF", "broad"),
    ("科创50ETF", "broad"),
    ("深证100ETF", "broad"),
    ("中证A500ETF", "broad"),
    ("A50ETF", "broad"),
    ("50AH优选LOF", "sector"),  # a strategy on 50 large caps, not the 上证50 index itself
    ("证券ETF", "sector"),
    ("半导体ETF", "sector"),
    ("中证红利ETF", "sector"),
    ("招商中证白酒指数(LOF)A", "sector"),
    ("国债ETF", "bond"),
    ("可转债ETF", "bond"),
    ("城投债ETF", "bond"),
    ("招商双债LOF", "bond"),
    ("短融ETF", "bond"),
    ("银华日利", "money_market"),
    ("华宝添益", "money_market"),
    ("货币ETF", "money_market"),
    ("招商快线ETF", "money_market"),
    ("黄金ETF", "commodity"),
    ("国投白银LOF", "commodity"),
    ("有色ETF大成", "commodity"),
    ("豆粕ETF", "commodity"),
    ("嘉实原油LOF", "commodity"),
    ("纳指ETF", "cross_border"),
    ("纳斯达克ETF", "cross_border"),
    ("标普500ETF", "cross_border"),
    ("恒生ETF", "cross_border"),
    ("恒生科技指数ETF", "cross_border"),
    ("港股通红利ETF", "cross_border"),
    ("中概互联网ETF", "cross_border"),
    ("日经ETF", "cross_border"),
    ("德国ETF", "cross_border"),
    ("法国CAC40ETF", "cross_border"),
    ("亚太精选ETF", "cross_border"),
    ("iShares MSCI USA Momentum Factor ETF", "broad"),
    ("S&P 500 Index", "broad"),
    ("iShares 20+ Year Treasury Bond ETF", "bond"),
    ("SPDR Gold Shares", "commodity"),
    ("My imported fund", "other"),
    ("", "other"),
]


@pytest.mark.parametrize(("name", "category"), NAMES)
def test_category_from_the_name(name: str, category: str) -> None:
    assert categorize(name) == category


def test_every_category_is_reachable() -> None:
    assert {category for _, category in NAMES} == set(CATEGORIES)


def test_every_listing_has_its_category() -> None:
    info = EtfInfo("511010", "国债ETF", "CN", "SSE", "CNY", "etf", "test", "2024-06-14")
    assert info.category == "bond"
