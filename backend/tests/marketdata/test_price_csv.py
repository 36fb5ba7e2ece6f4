import math

import pytest

from etftool.marketdata.base import Bars
from etftool.marketdata.errors import InvalidData
from etftool.marketdata.price_csv import parse_price_csv


def parse(content: str | bytes) -> Bars:
    return parse_price_csv(content, code="510300", source="csv: test.csv", adjust="none")


def problem_at(content: str | bytes) -> tuple[int, str]:
    with pytest.raises(InvalidData) as raised:
        parse(content)
    return raised.value.line, raised.value.problem


def test_plain_header_with_all_columns() -> None:
    bars = parse(
        "date,open,high,low,close,volume\n2024-01-02,3.1,3.3,3.0,3.2,1000\n2024-01-03,3.2,3.4,3.1,3.3,1200\n"
    )
    assert [str(day) for day in bars.dates] == ["2024-01-02", "2024-01-03"]
    assert bars.open.tolist() == [3.1, 3.2]
    assert bars.high.tolist() == [3.3, 3.4]
    assert bars.low.tolist() == [3.0, 3.1]
    assert bars.close.tolist() == [3.2, 3.3]
    assert bars.volume.tolist() == [1000, 1200]
    assert bars.source == "csv: test.csv"


def test_akshare_chinese_header_ignores_other_columns_and_the_pandas_index() -> None:
    content = (
        ",日期,开盘,收盘,最高,最低,成交量,成交额,振幅,涨跌幅,涨跌额,换手率\n"
        "0,2024-06-13,3.590,3.600,3.608,3.585,44600,160600000.0,0.64,0.31,0.011,1.09\n"
        "1,2024-06-14,3.601,3.612,3.625,3.598,51200,185000000.0,0.75,0.33,0.012,1.25\n"
    )
    bars = parse(content)
    assert bars.close.tolist() == [3.600, 3.612]
    assert bars.open.tolist() == [3.590, 3.601]
    assert bars.high.tolist() == [3.608, 3.625]
    assert bars.low.tolist() == [3.585, 3.598]
    assert bars.volume.tolist() == [44600, 51200]


def test_close_only_and_any_column_order_case_and_date_style() -> None:
    bars = parse("Close,Date\n10.5,2024/01/03\n10.0,20240102\n11,2024-01-04 00:00:00\n")
    assert [str(day) for day in bars.dates] == ["2024-01-02", "2024-01-03", "2024-01-04"]
    assert bars.close.tolist() == [10.0, 10.5, 11.0]
    assert math.isnan(bars.open[0]) and math.isnan(bars.volume[0])


def test_gbk_bytes_from_a_chinese_spreadsheet() -> None:
    bars = parse("日期,收盘\n2024-01-02,3.5\n".encode("gbk"))
    assert bars.close.tolist() == [3.5]


def test_utf8_bom_is_ignored() -> None:
    assert parse("\ufeffdate,close\n2024-01-02,1.5\n".encode()).close.tolist() == [1.5]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("", 1, "empty file"),
        ("  \n\n", 1, "empty file"),
        ("date,close\n", 2, "no data rows"),
        ("date,open,high,low\n2024-01-02,1,2,1\n", 1, "missing required column 'close' or '收盘'"),
        ("日期,开盘\n2024-01-02,1\n", 1, "missing required column 'close' or '收盘'"),
        ("open,close\n1,2\n", 1, "missing required column 'date' or '日期'"),
        ("date,close\n2024-01-02,1\n2024-13-01,2\n", 3, "bad date '2024-13-01'"),
        ("date,close\n2024-01-02,1\n2024-01-03,2\nyesterday,3\n", 4, "bad date 'yesterday'"),
        (
            "date,close\n2024-01-02,1\n2024-01-03,2\n2024-01-04,abc\n",
            4,
            "non-numeric value 'abc' in column 'close'",
        ),
        ("日期,收盘\n2024-01-02,nan\n", 2, "non-numeric value 'nan' in column '收盘'"),
        ("date,close\n2024-01-02,-1.5\n", 2, "negative price -1.5 in column 'close'"),
        ("date,close\n2024-01-02,0\n", 2, "zero price in column 'close'"),
        ("date,close,volume\n2024-01-02,1,-5\n", 2, "negative volume -5 in column 'volume'"),
        (
            "date,close\n2024-01-02,1\n2024-01-03,1\n2024-01-02,2\n",
            4,
            "duplicate date 2024-01-02 (first on line 2)",
        ),
        ("date,high,low,close\n2024-01-02,2,1,1.5\n2024-01-03,1,2,1.5\n", 3, "high 1 is below low 2"),
        ("date,close\n2024-01-02,\n", 2, "missing close price in column 'close'"),
        ("date,close\n2024-01-02,1,7\n", 2, "expected 2 fields like the header, found 3"),
        ("date,close,收盘\n2024-01-02,1,1\n", 1, "column 'close' appears twice ('close' and '收盘')"),
    ],
)
def test_bad_files_name_the_line_and_the_problem(content: str, line: int, words: str) -> None:
    found_line, problem = problem_at(content)
    assert found_line == line
    assert words in problem


def test_unreadable_csv_names_the_line() -> None:
    line, problem = problem_at("date,close\n2024-01-02,1\n2024-01-03," + "9" * 200_000 + "\n")
    assert line == 3
    assert problem.startswith("unreadable CSV: field larger than field limit")


def test_line_numbers_count_blank_lines() -> None:
    assert problem_at("date,close\n2024-01-02,1\n\n2024-01-04,x\n")[0] == 4


def test_message_names_the_line() -> None:
    with pytest.raises(InvalidData, match=r"^line 3: bad date"):
        parse("date,close\n2024-01-02,1\n02.01.2024,2\n")
