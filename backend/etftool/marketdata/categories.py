"""What a fund invests in, read from its name.

The exchanges' lists carry no asset class, but A-share fund names follow firm conventions
(沪深300ETF, 国债ETF, 黄金ETF, 纳指ETF). The rules are tried in order and the first match
wins: money market before bonds (货币 and 短融 funds), bonds and commodities before the
cross-border keywords (a 美元债 QDII is a bond fund), cross-border before broad indexes
(标普500 is not an A-share broad index). English names (the US sample funds, CSV imports)
get the few English rules after those.
"""

from __future__ import annotations

from typing import Literal

Category = Literal["broad", "sector", "bond", "commodity", "cross_border", "money_market", "other"]
CATEGORIES: tuple[Category, ...] = (
    "broad",
    "sector",
    "bond",
    "commodity",
    "cross_border",
    "money_market",
    "other",
)

_RULES: tuple[tuple[Category, tuple[str, ...]], ...] = (
    ("money_market", ("货币", "现金", "添益", "日利", "快线", "保证金")),
    ("bond", ("债", "短融")),
    ("commodity", ("黄金", "白银", "有色", "豆粕", "原油", "商品", "能源化工", "期货")),
    (
        "cross_border",
        (
            "纳指", "纳斯达克", "标普", "道琼斯", "恒生", "港股", "香港", "H股", "中概", "日经",
            "东证", "日本", "德国", "法国", "欧洲", "英国", "沙特", "巴西", "美国", "QDII",
            "海外", "亚太", "全球", "新兴市场", "东南亚",
        ),
    ),
    (
        "broad",
        (
            "沪深300", "中证500", "中证800", "中证1000", "中证2000", "中证A500", "中证A50",
            "中证A100", "A500", "A50", "上证50", "上证180", "上证380", "上证指数", "上证综指",
            "科创50", "科创100", "科创200", "科创板", "创业板", "创业大盘", "创50", "深证100",
            "深证成指", "深成", "双创", "中小100", "中小板", "MSCI中国", "MSCIA股", "综指",
            "300ETF", "500ETF", "1000ETF",
        ),
    ),
)  # fmt: skip


_ENGLISH_RULES: tuple[tuple[Category, tuple[str, ...]], ...] = (
    ("money_market", ("MONEY MARKET",)),
    ("bond", ("BOND", "TREASURY")),
    ("commodity", ("GOLD", "SILVER", "OIL", "COMMODITY")),
    # Whole-market funds, including factor funds drawn from the whole market (MSCI USA ...).
    ("broad", ("MSCI USA", "S&P 500", "TOTAL MARKET", "TOTAL STOCK")),
)


def categorize(name: str) -> Category:
    """The category of a fund from its name: the A-share rules, then the English ones; when
    neither matches, "sector" for a Chinese name (themes, industries, factors, strategies)
    and "other" for anything else."""
    text = name.strip().upper()
    for category, keywords in (*_RULES, *_ENGLISH_RULES):
        if any(keyword.upper() in text for keyword in keywords):
            return category
    return "sector" if any("\u4e00" <= char <= "\u9fff" for char in text) else "other"
