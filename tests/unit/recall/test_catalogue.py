"""The verdict (every window edge) and the catalogue import, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.core.models import Product, RecallScope
from bot.recall.catalogue import (
    SAMPLE_CATALOGUE,
    CatalogueError,
    DateRange,
    Verdict,
    check_unit,
    import_catalogue,
)


def verdict(session, model, made=None, bought=None):
    return check_unit(
        session,
        model_number=model,
        manufactured=DateRange.from_iso(made) if made else None,
        purchased=DateRange.from_iso(bought) if bought else None,
    ).verdict


@pytest.mark.parametrize(
    ("model", "made", "expected"),
    [
        # A1263: 2016-01-01 .. 2019-10-30, inclusive
        ("A1263", "2015-12-31", Verdict.NOT_AFFECTED),
        ("A1263", "2016-01-01", Verdict.AFFECTED),
        ("A1263", "2018-03", Verdict.AFFECTED),
        ("A1263", "2019-10-30", Verdict.AFFECTED),
        ("A1263", "2019-10-31", Verdict.NOT_AFFECTED),
        ("A1263", "2019-10", Verdict.AFFECTED),  # the month overlaps the window
        ("A1263", "2015-12", Verdict.NOT_AFFECTED),
        ("A1263", "2019-11", Verdict.NOT_AFFECTED),
        ("A1263", "2016-01", Verdict.AFFECTED),
        # A1257: 2023-06-01 .. 2024-12-31
        ("A1257", "2023-05-31", Verdict.NOT_AFFECTED),
        ("A1257", "2023-06-01", Verdict.AFFECTED),
        ("A1257", "2024-12-31", Verdict.AFFECTED),
        ("A1257", "2025-01-01", Verdict.NOT_AFFECTED),
        ("A1257", "2023-05", Verdict.NOT_AFFECTED),
        ("A1257", "2025-01", Verdict.NOT_AFFECTED),
        # A1647 / A1652: 2023-03-01 .. 2024-10-31
        ("A1647", "2023-02-28", Verdict.NOT_AFFECTED),
        ("A1647", "2023-03-01", Verdict.AFFECTED),
        ("A1652", "2024-10-31", Verdict.AFFECTED),
        ("A1652", "2024-11-01", Verdict.NOT_AFFECTED),
        # A1681 / A1689: 2023-08-01 .. 2025-02-28
        ("A1681", "2023-07-31", Verdict.NOT_AFFECTED),
        ("A1681", "2023-08", Verdict.AFFECTED),
        ("A1689", "2025-02-28", Verdict.AFFECTED),
        ("A1689", "2025-03-01", Verdict.NOT_AFFECTED),
        # A1642: 2023-05-01 .. 2024-06-30
        ("A1642", "2023-04-30", Verdict.NOT_AFFECTED),
        ("A1642", "2023-05-01", Verdict.AFFECTED),
        ("A1642", "2024-06-30", Verdict.AFFECTED),
        ("A1642", "2024-07", Verdict.NOT_AFFECTED),
        # known, not recalled: no date needed
        ("A1229", None, Verdict.NOT_AFFECTED),
        ("A1388", "2023-05", Verdict.NOT_AFFECTED),
        ("A1384", None, Verdict.NOT_AFFECTED),
        # recalled, no date yet
        ("A1263", None, Verdict.NEEDS_DATE),
        ("A1642", None, Verdict.NEEDS_DATE),
        # not in the catalogue
        ("A9999", "2020-01", Verdict.UNKNOWN_MODEL),
        ("A1236", None, Verdict.UNKNOWN_MODEL),
    ],
)
def test_verdict(session, model, made, expected):
    assert verdict(session, model, made) is expected


def test_a_season_overlapping_the_window_counts_as_inside(session):
    spring = DateRange(dt.date(2023, 3, 1), dt.date(2023, 5, 31))
    check = check_unit(session, model_number="A1642", manufactured=spring)
    assert check.verdict is Verdict.AFFECTED


def test_purchase_before_the_window_proves_not_affected(session):
    assert verdict(session, "A1681", bought="2023-07") is Verdict.NOT_AFFECTED
    assert verdict(session, "A1681", bought="2023-08") is Verdict.NEEDS_DATE
    assert verdict(session, "A1681", bought="2024-01-15") is Verdict.NEEDS_DATE


def test_affected_check_carries_remedies_and_window(session):
    check = check_unit(session, model_number="A1263", manufactured=DateRange.from_iso("2018-03"))
    assert check.remedies == ("replacement", "refund")
    assert check.windows == ((dt.date(2016, 1, 1), dt.date(2019, 10, 30)),)
    assert check.product_name == "PowerCore 10000"
    assert check.hazard


def test_unknown_model_offers_the_closest_known_models(session):
    check = check_unit(session, model_number="A1236")
    assert check.closest_models and check.closest_models[0] == "A1263"


def test_a_model_in_two_recalls(session, tmp_path):
    rows = SAMPLE_CATALOGUE.read_text().splitlines()
    extra = "A1263,PowerCore 10000,,yes,RC-2026-09,Second issue,2021-01-01,2021-06-30,refund,https://example.com/x,1000"
    path = tmp_path / "two.csv"
    path.write_text("\n".join(rows + [extra]) + "\n")
    import_catalogue(session, path)
    assert verdict(session, "A1263", "2021-03") is Verdict.AFFECTED
    assert verdict(session, "A1263", "2020-06") is Verdict.NOT_AFFECTED
    check = check_unit(session, model_number="A1263")
    assert len(check.windows) == 2


def test_import_is_idempotent(session):
    before = session.execute(select(func.count()).select_from(RecallScope)).scalar()
    import_catalogue(session)
    import_catalogue(session)
    assert session.execute(select(func.count()).select_from(RecallScope)).scalar() == before == 7
    assert session.execute(select(func.count()).select_from(Product)).scalar() == 14


def _write(tmp_path: Path, replace: tuple[str, str]) -> Path:
    text = SAMPLE_CATALOGUE.read_text().replace(*replace)
    path = tmp_path / "bad.csv"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("replace", "row", "column"),
    [
        (("A1257,", "not a model,"), 3, "model_number"),
        (("2023-06-01,2024-12-31", "2023-13-01,2024-12-31"), 3, "manufactured_from"),
        (("2023-06-01,2024-12-31", "2023-06-01,2022-12-31"), 3, "manufactured_to"),
        (("A1647,622 Magnetic Battery (MagGo),622 MagGo|MagGo 622|622 magnetic battery|622 power bank,yes", "A1647,622 Magnetic Battery (MagGo),,maybe"), 4, "recalled"),
        (("replacement;refund,https://example.com/recalls/RC-2025-03,2300000", "store credit,https://example.com/recalls/RC-2025-03,2300000"), 6, "remedies"),
        (("2300000", "lots"), 6, "units"),
    ],
)
def test_bad_file_is_refused_with_row_and_column_and_changes_nothing(session, tmp_path, replace, row, column):
    path = _write(tmp_path, replace)
    before = session.execute(select(func.count()).select_from(Product)).scalar()
    with pytest.raises(CatalogueError) as error:
        import_catalogue(session, path)
    assert (error.value.row, error.value.column) == (row, column)
    session.rollback()
    assert session.execute(select(func.count()).select_from(Product)).scalar() == before


def test_missing_column_is_refused(session, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("model_number,product_name\nA1,B\n")
    with pytest.raises(CatalogueError) as error:
        import_catalogue(session, path)
    assert error.value.column == "aliases"


@pytest.mark.parametrize("value", ["2023-5", "23-05", "May 2023", "2023-02-30", ""])
def test_date_range_refuses_other_shapes(value):
    with pytest.raises(ValueError):
        DateRange.from_iso(value)


def test_date_range_of_a_month():
    assert DateRange.from_iso("2024-02") == DateRange(dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert DateRange.from_slots("2022-06", "2022-08") == DateRange(dt.date(2022, 6, 1), dt.date(2022, 8, 31))
