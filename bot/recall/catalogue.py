"""The recall catalogue: import from CSV, and the verdict for one unit."""

from __future__ import annotations

import csv
import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.db import session_scope
from bot.core.models import Product, Recall, RecallScope

SAMPLE_CATALOGUE = Path(__file__).resolve().parents[1] / "data" / "recall_catalogue.csv"
CATALOGUE_COLUMNS = (
    "model_number",
    "product_name",
    "aliases",
    "recalled",
    "recall_id",
    "hazard",
    "manufactured_from",
    "manufactured_to",
    "remedies",
    "notice_url",
    "units",
)
KNOWN_REMEDIES = {"refund", "replacement"}


class Verdict(str, enum.Enum):
    AFFECTED = "affected"
    NOT_AFFECTED = "not_affected"
    UNKNOWN_MODEL = "unknown_model"
    NEEDS_DATE = "needs_date"


@dataclass(frozen=True)
class DateRange:
    """A date as precise as the customer gave it: one day, a month, a season, a year."""

    start: dt.date
    end: dt.date

    @classmethod
    def from_iso(cls, value: str) -> DateRange:
        """`YYYY-MM-DD` is one day; `YYYY-MM` the whole month; `YYYY` the whole year.

        Raises:
            ValueError: for any other shape or an impossible date.
        """
        parts = value.split("-")
        if len(parts) == 3:
            day = dt.date.fromisoformat(value)
            return cls(day, day)
        if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
            start = dt.date(int(parts[0]), int(parts[1]), 1)
            return cls(start, _month_end(start))
        if len(parts) == 1 and len(value) == 4 and value.isdigit():
            return cls(dt.date(int(value), 1, 1), dt.date(int(value), 12, 31))
        raise ValueError(f"not an ISO date or month: {value!r}")

    @classmethod
    def from_slots(cls, value: str, end_value: str | None = None) -> DateRange:
        """The range a slot pair covers: `value` and, for seasons or years, `end_value`."""
        first = cls.from_iso(value)
        return cls(first.start, cls.from_iso(end_value).end) if end_value else first


def _month_end(day: dt.date) -> dt.date:
    next_month = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1)


@dataclass(frozen=True)
class RecallCheck:
    """The verdict for one unit and what the customer needs to hear with it."""

    verdict: Verdict
    model_number: str
    product_name: str | None = None
    remedies: tuple[str, ...] = ()
    recall_codes: tuple[str, ...] = ()
    hazard: str = ""
    notice_url: str = ""
    windows: tuple[tuple[dt.date, dt.date], ...] = ()
    closest_models: tuple[str, ...] = field(default=())


class CatalogueError(ValueError):
    """A catalogue file that cannot be imported; says which row and column."""

    def __init__(self, row: int, column: str, message: str) -> None:
        super().__init__(f"row {row}, column {column!r}: {message}")
        self.row = row
        self.column = column


@dataclass(frozen=True)
class _Row:
    model_number: str
    product_name: str
    aliases: str
    recall_code: str | None
    hazard: str
    window: tuple[dt.date, dt.date] | None
    remedies: str
    notice_url: str
    units: int | None


def _parse_date(value: str, row: int, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CatalogueError(row, column, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _parse_row(raw: dict[str, str], row: int) -> _Row:
    from bot.understanding.model_numbers import normalise_model_number

    def cell(column: str) -> str:
        return (raw.get(column) or "").strip()

    try:
        model = normalise_model_number(cell("model_number"))
    except ValueError:
        raise CatalogueError(row, "model_number", "missing or not a model number") from None
    if not cell("product_name"):
        raise CatalogueError(row, "product_name", "missing")
    recalled = cell("recalled").lower()
    if recalled not in {"yes", "no"}:
        raise CatalogueError(row, "recalled", f"{cell('recalled')!r} must be yes or no")
    if recalled == "no":
        return _Row(model, cell("product_name"), cell("aliases"), None, "", None, "", "", None)
    if not cell("recall_id"):
        raise CatalogueError(row, "recall_id", "missing for a recalled model")
    start = _parse_date(cell("manufactured_from"), row, "manufactured_from")
    end = _parse_date(cell("manufactured_to"), row, "manufactured_to")
    if end < start:
        raise CatalogueError(row, "manufactured_to", "ends before manufactured_from")
    remedies = [r.strip().lower() for r in cell("remedies").split(";") if r.strip()]
    if not remedies or not set(remedies) <= KNOWN_REMEDIES:
        raise CatalogueError(row, "remedies", "must be refund and/or replacement, ';'-separated")
    units: int | None = None
    if cell("units"):
        if not cell("units").isdigit():
            raise CatalogueError(row, "units", f"{cell('units')!r} is not a whole number")
        units = int(cell("units"))
    return _Row(
        model,
        cell("product_name"),
        cell("aliases"),
        cell("recall_id"),
        cell("hazard"),
        (start, end),
        ";".join(remedies),
        cell("notice_url"),
        units,
    )


def read_catalogue(path: Path) -> list[_Row]:
    """Read and check a whole catalogue file before anything is written.

    Raises:
        CatalogueError: on the first bad row, naming its row number and column.
    """
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in CATALOGUE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CatalogueError(1, missing[0], "column missing from the header")
        rows = [_parse_row(raw, number) for number, raw in enumerate(reader, start=2)]
    if not rows:
        raise CatalogueError(2, "model_number", "the file has no rows")
    return rows


def import_catalogue(session: Session, path: Path = SAMPLE_CATALOGUE) -> int:
    """Import (or re-import) a catalogue file; idempotent, all or nothing.

    Returns:
        The number of rows imported.
    """
    rows = read_catalogue(path)
    for row in rows:
        product = session.get(Product, row.model_number) or Product(model_number=row.model_number)
        product.product_name = row.product_name
        product.aliases = row.aliases
        session.add(product)
        if row.recall_code is None or row.window is None:
            continue
        recall = session.execute(select(Recall).where(Recall.code == row.recall_code)).scalar()
        if recall is None:
            recall = Recall(code=row.recall_code)
            session.add(recall)
        recall.hazard = row.hazard
        recall.notice_url = row.notice_url
        recall.active = True
        session.flush()
        scope = session.execute(
            select(RecallScope).where(
                RecallScope.recall_id == recall.id, RecallScope.model_number == row.model_number
            )
        ).scalar()
        if scope is None:
            scope = RecallScope(recall_id=recall.id, model_number=row.model_number)
            session.add(scope)
        scope.manufactured_from, scope.manufactured_to = row.window
        scope.remedies = row.remedies
        scope.units = row.units
    session.flush()
    return len(rows)


def catalogue_is_empty(session: Session) -> bool:
    return session.execute(select(Product.model_number).limit(1)).first() is None


def product_names(session: Session) -> dict[str, tuple[str, ...]]:
    """Model number -> (product name, *aliases), as the normaliser reads them."""
    names: dict[str, tuple[str, ...]] = {}
    for product in session.execute(select(Product)).scalars():
        aliases = tuple(a.strip() for a in (product.aliases or "").split("|") if a.strip())
        names[product.model_number] = (product.product_name, *aliases)
    return names


def known_models(session: Session) -> list[str]:
    return list(session.execute(select(Product.model_number)).scalars())


def check_unit(
    session: Session,
    *,
    model_number: str,
    manufactured: DateRange | None = None,
    purchased: DateRange | None = None,
) -> RecallCheck:
    """The recall verdict for one unit, as docs/INTERFACES.md defines it.

    A range (month, season) overlapping a window counts as inside it. A purchase
    date that ends before every window starts proves the unit was made before them.
    """
    from bot.understanding.model_numbers import closest_models

    # A model number no catalogue can hold (a lone surrogate, a control character) is
    # unknown without asking the database, which could not even encode it.
    known = model_number.isprintable() and model_number.encode("utf-8", "replace").decode() == model_number
    product = session.get(Product, model_number) if known else None
    if product is None:
        nearest = closest_models(model_number, known_models(session))
        return RecallCheck(Verdict.UNKNOWN_MODEL, model_number, closest_models=tuple(nearest))
    scopes = list(
        session.execute(
            select(RecallScope)
            .join(Recall)
            .where(RecallScope.model_number == model_number, Recall.active.is_(True))
            .order_by(RecallScope.manufactured_from)
        ).scalars()
    )
    if not scopes:
        return RecallCheck(Verdict.NOT_AFFECTED, model_number, product.product_name)
    details = _details(product, scopes)
    if manufactured is None:
        if purchased is not None and all(purchased.end < s.manufactured_from for s in scopes):
            return RecallCheck(Verdict.NOT_AFFECTED, model_number, product.product_name, **details)
        return RecallCheck(Verdict.NEEDS_DATE, model_number, product.product_name, **details)
    hit = [s for s in scopes if _overlaps(manufactured, s)]
    verdict = Verdict.AFFECTED if hit else Verdict.NOT_AFFECTED
    if hit:
        details = _details(product, hit)
    return RecallCheck(verdict, model_number, product.product_name, **details)


def check_unit_from_slots(slots: Mapping[str, Any], *, model_number: str | None = None) -> RecallCheck:
    """The verdict for the unit a conversation's slots describe (`model_number`,
    `manufacture_date`/`_end`, `purchase_date`/`_end`); `model_number` overrides the slot."""

    def dates(name: str) -> DateRange | None:
        value = slots.get(name)
        return DateRange.from_slots(value, slots.get(f"{name}_end")) if value else None

    with session_scope() as session:
        return check_unit(
            session,
            model_number=model_number or slots.get("model_number"),
            manufactured=dates("manufacture_date"),
            purchased=dates("purchase_date"),
        )


def same_verdict(session: Session, *, model_number: str, readings: Iterable[DateRange]) -> Verdict | None:
    """The verdict when every reading of a date gives the same one, else None.

    "03/04/2023" reads as 3 April or 4 March: asked back only when it matters.
    """
    verdicts = {check_unit(session, model_number=model_number, manufactured=r).verdict for r in readings}
    return verdicts.pop() if len(verdicts) == 1 else None


def _overlaps(made: DateRange, scope: RecallScope) -> bool:
    return made.start <= scope.manufactured_to and made.end >= scope.manufactured_from


def _details(product: Product, scopes: Iterable[RecallScope]) -> dict:
    scopes = list(scopes)
    remedies: list[str] = []
    for scope in scopes:
        remedies += [r for r in scope.remedies.split(";") if r not in remedies]
    return {
        "remedies": tuple(remedies),
        "recall_codes": tuple(s.recall.code for s in scopes),
        "hazard": scopes[0].recall.hazard,
        "notice_url": scopes[0].recall.notice_url,
        "windows": tuple((s.manufactured_from, s.manufactured_to) for s in scopes),
    }
