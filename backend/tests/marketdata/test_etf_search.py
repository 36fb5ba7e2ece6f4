import logging
import sys
from collections.abc import Iterable

import pytest

from etftool.marketdata import search
from etftool.marketdata.base import EtfInfo
from etftool.marketdata.categories import Category
from etftool.marketdata.pinyin import PinyinUnavailable, pinyin_initials
from etftool.marketdata.search import EtfSearchIndex


def etf(code: str, name: str) -> EtfInfo:
    return EtfInfo(code, name, "CN", None, "CNY", "etf", "test", "2024-06-14")


LIST = [
    etf("159919", "沪深300ETF嘉实"),
    etf("510300", "沪深300ETF"),
    etf("510310", "沪深300ETF易方达"),
    etf("512880", "证券ETF"),
    etf("515300", "红利低波ETF"),
    etf("515080", "中证红利ETF"),
    etf("510880", "红利ETF"),
    etf("159915", "创业板ETF"),
    etf("512800", "银行ETF"),
    etf("USMV", "iShares MSCI USA Min Vol Factor ETF"),
    etf("MTUM", "iShares MSCI USA Momentum Factor ETF"),
]


@pytest.fixture(scope="module")
def index() -> EtfSearchIndex:
    return EtfSearchIndex(LIST)


def codes(index: EtfSearchIndex, query: str, limit: int = 20, category: Category | None = None) -> list[str]:
    return [item.code for item in index.search(query, limit, category)]


def test_exact_code_beats_code_prefix(index: EtfSearchIndex) -> None:
    assert codes(index, "510300") == ["510300"]
    assert codes(index, "5103") == ["510300", "510310"]
    assert codes(index, "sh510300") == ["510300"]


def test_code_prefix_beats_name_and_code_substring(index: EtfSearchIndex) -> None:
    # "300" starts no code, so names containing it come first, then codes containing it.
    assert codes(index, "300") == ["510300", "159919", "510310", "515300"]
    assert codes(index, "1599") == ["159915", "159919"]


def test_name_prefix_beats_name_substring(index: EtfSearchIndex) -> None:
    assert codes(index, "红利") == ["510880", "515300", "515080"]
    assert codes(index, "沪深300") == ["510300", "159919", "510310"]


def test_within_a_tier_earlier_then_shorter_matches_come_first(index: EtfSearchIndex) -> None:
    # 红利ETF, 银行ETF and 证券ETF tie (match at 2, length 5) and fall back to code order.
    assert codes(index, "ETF")[:4] == ["510880", "512800", "512880", "159915"]


def test_chinese_substring(index: EtfSearchIndex) -> None:
    assert codes(index, "易方达") == ["510310"]
    assert codes(index, "低波") == ["515300"]


def test_pinyin_initials(index: EtfSearchIndex) -> None:
    assert codes(index, "hs300") == ["510300", "159919", "510310"]
    assert codes(index, "YH") == ["512800"]
    assert codes(index, "cyb") == ["159915"]
    assert codes(index, "hldb") == ["515300"]


def test_english_name_and_ticker_substrings_case_insensitive(index: EtfSearchIndex) -> None:
    assert codes(index, "momentum") == ["MTUM"]
    assert codes(index, "usmv") == ["USMV"]
    assert codes(index, "tu") == ["MTUM"]  # ticker substring, last tier


def test_limit_and_empty_queries(index: EtfSearchIndex) -> None:
    assert len(codes(index, "etf", limit=3)) == 3
    assert codes(index, "   ") == []
    assert codes(index, "etf", limit=0) == []
    assert codes(index, "zzzz") == []


def test_pinyin_initials_keep_digits_and_latin_letters() -> None:
    assert pinyin_initials(["沪深300ETF", "中证500ETF华夏", "iShares Core"]) == {
        "沪深300ETF": "hs300etf",
        "中证500ETF华夏": "zz500etfhx",
    }


def test_pinyin_initials_read_polyphonic_characters_by_their_phrase() -> None:
    assert pinyin_initials(["银行ETF", "重庆国企ETF", "长城久泰300"]) == {
        "银行ETF": "yhetf",
        "重庆国企ETF": "cqgqetf",
        "长城久泰300": "ccjt300",
    }


def test_the_server_process_does_not_hold_the_pinyin_dictionaries(index: EtfSearchIndex) -> None:
    assert codes(index, "yh") == ["512800"]

    assert "pypinyin" not in sys.modules


def test_a_new_index_works_out_only_the_names_it_did_not_know(
    index: EtfSearchIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[set[str]] = []

    def recorded(names: Iterable[str]) -> dict[str, str]:
        asked.append(set(names))
        return pinyin_initials(asked[-1])

    monkeypatch.setattr(search, "pinyin_initials", recorded)
    again = EtfSearchIndex([*LIST, etf("512690", "酒ETF")], index.initials)

    assert asked == [{"酒ETF"}]
    assert codes(again, "hs300") == ["510300", "159919", "510310"]
    assert codes(again, "jetf") == ["512690"]


def test_without_the_pinyin_process_funds_are_still_found_by_name_and_code(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(sys, "executable", "/nonexistent/python3")

    with caplog.at_level(logging.ERROR):
        index = EtfSearchIndex(LIST)

    assert codes(index, "银行") == ["512800"]
    assert codes(index, "512800") == ["512800"]
    assert codes(index, "yh") == []
    assert "search by pinyin initials is off for this fund list" in caplog.text
    assert "the pinyin process could not run" in caplog.text
    with pytest.raises(PinyinUnavailable):
        pinyin_initials(["银行ETF"])


def test_pinyin_prefix_ranks_with_name_prefixes() -> None:
    index = EtfSearchIndex(
        [etf("512000", "券商ETF华宝"), etf("159919", "中证500ETF"), etf("510500", "中证500ETF南方")]
    )
    # "zz500" starts the initials of both 中证500 funds, shorter name first.
    assert codes(index, "zz500") == ["159919", "510500"]
    assert codes(index, "qs") == ["512000"]


def test_index_nicknames_search_for_the_chinese_name() -> None:
    index = EtfSearchIndex(
        [etf("159920", "恒生ETF"), etf("513180", "恒生科技指数ETF"), etf("513100", "纳指ETF")]
    )
    assert codes(index, "hsi") == ["159920", "513180"]
    assert codes(index, "ndx") == ["513100"]


def test_category_filter(index: EtfSearchIndex) -> None:
    assert codes(index, "ETF", category="broad")[:2] == ["159915", "510300"]
    assert all(item.category == "sector" for item in index.search("ETF", 20, "sector"))
    assert codes(index, "510300", category="bond") == []
