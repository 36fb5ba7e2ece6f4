"""The watchlist: codes in a user-chosen order, each in an optional group."""

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etftool.db.locks import serialise
from etftool.userdata.errors import Conflict, NotFound
from etftool.userdata.models import WatchlistEntry
from etftool.userdata.quotes import QuoteLookup
from etftool.userdata.schemas import QuoteFields, WatchlistItem

# The write scope of the watchlist's order (see etftool.db.locks): adding, removing and
# reordering each read the positions they rewrite.
SCOPE = "watchlist"


def list_entries(session: Session, group: str | None = None) -> list[WatchlistEntry]:
    query = select(WatchlistEntry).order_by(WatchlistEntry.position, WatchlistEntry.id)
    if group is not None:
        query = query.where(WatchlistEntry.group == group)
    return list(session.scalars(query))


def group_names(session: Session) -> list[str]:
    return list(session.scalars(select(WatchlistEntry.group).distinct().order_by(WatchlistEntry.group)))


def add_entry(session: Session, code: str, name: str, group: str) -> WatchlistEntry:
    serialise(session, SCOPE)
    if session.scalar(select(WatchlistEntry.id).where(WatchlistEntry.code == code)) is not None:
        raise Conflict(f"{code} is already in the watchlist")
    last = session.scalar(select(func.max(WatchlistEntry.position)))
    entry = WatchlistEntry(code=code, name=name, group=group, position=0 if last is None else last + 1)
    session.add(entry)
    session.flush()
    return entry


def get_entry(session: Session, code: str) -> WatchlistEntry:
    entry = session.scalar(select(WatchlistEntry).where(WatchlistEntry.code == code))
    if entry is None:
        raise NotFound(f"{code} is not in the watchlist")
    return entry


def remove_entry(session: Session, code: str) -> None:
    serialise(session, SCOPE)
    session.delete(get_entry(session, code))
    session.flush()
    _renumber(list_entries(session))


def reorder(session: Session, codes: Sequence[str]) -> None:
    """The listed codes, which must be distinct, take the places they occupy between them in
    the given order; the others keep theirs, so reordering one group leaves the others be."""
    serialise(session, SCOPE)
    entries = list_entries(session)
    by_code = {entry.code: entry for entry in entries}
    unknown = [code for code in codes if code not in by_code]
    if unknown:
        raise NotFound(f"not in the watchlist: {', '.join(unknown)}")
    listed = set(codes)
    places = iter(index for index, entry in enumerate(entries) if entry.code in listed)
    reordered = list(entries)
    for code in codes:
        reordered[next(places)] = by_code[code]
    _renumber(reordered)


def as_item(entry: WatchlistEntry, quotes: QuoteLookup) -> WatchlistItem:
    quote = quotes.quotes.get(entry.code)
    return WatchlistItem(
        code=entry.code,
        name=entry.name or (quote.name if quote is not None else "") or entry.code,
        group=entry.group,
        position=entry.position,
        added_at=entry.added_at,
        **QuoteFields.of(quotes, entry.code).model_dump(),
    )


def _renumber(entries: Sequence[WatchlistEntry]) -> None:
    for position, entry in enumerate(entries):
        entry.position = position
