"""Symbol codes: one spelling per security, and which A-share exchange lists a code."""

import re

# "sh510300", "510300.SH", "510300.SS" and "sz159915" all name a six-digit A-share code.
_PREFIXED_A_SHARE = re.compile(r"^(?:SH|SZ)(\d{6})$")
_SUFFIXED_A_SHARE = re.compile(r"^(\d{6})\.(?:SH|SS|SZ)$")
_A_SHARE = re.compile(r"^\d{6}$")


def normalize_code(code: str) -> str:
    """Upper-case, trimmed, A-share exchange prefixes and suffixes removed."""
    cleaned = code.strip().upper()
    match = _PREFIXED_A_SHARE.match(cleaned) or _SUFFIXED_A_SHARE.match(cleaned)
    return match.group(1) if match else cleaned


def a_share_exchange(code: str) -> str | None:
    """SSE or SZSE for a six-digit A-share code, None for anything else.

    Shanghai fund and stock codes start with 5, 6 or 9 (ETFs: 51x, 56x, 58x); Shenzhen
    ones with 0, 1, 2 or 3 (ETFs: 159). Other six-digit codes (Beijing) get None.
    """
    if not _A_SHARE.match(code):
        return None
    if code[0] in "569":
        return "SSE"
    if code[0] in "0123":
        return "SZSE"
    return None
