"""ETF search benchmark over a synthetic A-share universe (prints figures; asserts nothing).

Run: ./pants run build-support/bench/bench_search.py
1,500 funds with names built the way the exchanges name them (index or theme + ETF/LOF +
manager), the size of the live ETF and LOF list; p50/p99 latency per query of
EtfSearchIndex.search, budget p99 ≤ 5 ms. Building the index (pinyin of every name) is
timed once: it happens when the list changes, about once a day.
"""

import itertools
import time

import numpy as np

from etftool.marketdata.base import EtfInfo
from etftool.marketdata.search import EtfSearchIndex

UNIVERSE = 1500
BUDGET_MS = 5.0
REPEAT = 300
INDEXES = (
    "沪深300", "中证500", "中证1000", "上证50", "创业板", "科创50", "中证A500", "深证100", "证券",
    "银行", "医药", "半导体", "芯片", "新能源车", "光伏", "军工", "酒", "消费", "红利", "红利低波",
    "国债", "可转债", "城投债", "黄金", "豆粕", "有色", "纳指", "标普500", "恒生", "恒生科技",
    "中概互联网", "日经", "游戏", "传媒", "人工智能", "机器人", "电力", "煤炭", "钢铁", "地产",
)  # fmt: skip
MANAGERS = (
    "",
    "华夏",
    "易方达",
    "南方",
    "嘉实",
    "广发",
    "华泰柏瑞",
    "富国",
    "国泰",
    "招商",
    "汇添富",
    "博时",
)
QUERIES = ("510300", "5103", "159", "hs300", "zz500", "hsi", "沪深300", "红利", "ETF", "nz", "半导体", "zzzz")


def universe() -> list[EtfInfo]:
    names = (
        f"{index}{kind}{manager}"
        for manager, index, kind in itertools.product(MANAGERS, INDEXES, ("ETF", "LOF"))
    )
    items = []
    for number, name in zip(range(UNIVERSE), itertools.cycle(names), strict=False):
        code = str(510000 + number if number < UNIVERSE // 2 else 159000 + number - UNIVERSE // 2)
        items.append(EtfInfo(code, name, "CN", None, "CNY", "etf", "bench", "2024-06-14"))
    return items


def main() -> None:
    items = universe()
    started = time.perf_counter()
    index = EtfSearchIndex(items)
    print(f"index of {len(items)} funds built in {(time.perf_counter() - started) * 1e3:.0f} ms")
    print(f"{'query':>10}  {'hits':>4}  {'p50 ms':>7}  {'p99 ms':>7}  (budget p99 ≤ {BUDGET_MS:g} ms)")
    worst = 0.0
    for query in QUERIES:
        timings = []
        for _ in range(REPEAT):
            begun = time.perf_counter()
            hits = index.search(query, 20)
            timings.append((time.perf_counter() - begun) * 1e3)
        p50, p99 = np.percentile(timings, [50, 99])
        worst = max(worst, float(p99))
        print(f"{query:>10}  {len(hits):>4}  {p50:7.2f}  {p99:7.2f}")
    print(
        f"worst p99 {worst:.2f} ms: {'within' if worst <= BUDGET_MS else 'OVER'} the {BUDGET_MS:g} ms budget"
    )


if __name__ == "__main__":
    main()
