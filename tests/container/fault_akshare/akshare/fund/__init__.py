"""akshare's fund package, as the stand-in of fund/fund_etf_em.py needs it."""
