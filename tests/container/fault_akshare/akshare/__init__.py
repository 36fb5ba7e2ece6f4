"""A stand-in akshare package for the fault tests: see fund/fund_etf_em.py."""
