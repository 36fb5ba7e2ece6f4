"""The tables of imported price histories: in the database, so that every process serving
the same DATABASE_URL serves the same imports. Changes need a migration in etftool/migrations."""

from datetime import date, datetime

from sqlalchemy import Date, Double, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from etftool.db.base import Base
from etftool.db.types import UtcDateTime


class ImportedSeries(Base):
    """One imported code: its listing entry and where its prices came from."""

    __tablename__ = "imported_series"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    market: Mapped[str] = mapped_column(String(8))
    exchange: Mapped[str | None] = mapped_column(String(8))
    currency: Mapped[str] = mapped_column(String(3))
    adjust: Mapped[str] = mapped_column(String(4))
    filename: Mapped[str] = mapped_column(Text)
    as_of: Mapped[str] = mapped_column(String(10))
    # Changes with every import of the code: other processes drop their parsed copy then.
    imported_at: Mapped[datetime] = mapped_column(UtcDateTime)


class ImportedPrice(Base):
    """One day's bar of an imported code; NULL where the file had no value."""

    __tablename__ = "imported_prices"

    code: Mapped[str] = mapped_column(
        String(20), ForeignKey("imported_series.code", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    open: Mapped[float | None] = mapped_column(Double)
    high: Mapped[float | None] = mapped_column(Double)
    low: Mapped[float | None] = mapped_column(Double)
    close: Mapped[float] = mapped_column(Double)
    volume: Mapped[float | None] = mapped_column(Double)
