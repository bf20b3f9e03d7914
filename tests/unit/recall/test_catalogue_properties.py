"""Hostile input for the verdict: bot.recall.catalogue.check_unit with random models and dates (temporary SQLite)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.core.db import init_db, make_engine
from bot.core.models import Product, Recall, RecallScope
from bot.recall.catalogue import DateRange, Verdict, check_unit, import_catalogue

checks = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('verdict') / 'recall.db'}")
    init_db(engine)
    session = sessionmaker(bind=engine, future=True, expire_on_commit=False)()
    import_catalogue(session)
    session.commit()
    yield session
    session.close()
    engine.dispose()


@pytest.fixture(scope="module")
def catalogue(db: Session) -> dict[str, list[tuple[dt.date, dt.date]]]:
    """Model -> its active recall windows (empty: known, not recalled)."""
    models: dict[str, list[tuple[dt.date, dt.date]]] = {m: [] for m in db.execute(select(Product.model_number)).scalars()}
    rows = db.execute(
        select(RecallScope.model_number, RecallScope.manufactured_from, RecallScope.manufactured_to)
        .join(Recall)
        .where(Recall.active.is_(True))
    ).all()
    for model, start, end in rows:
        models[model].append((start, end))
    assert any(models.values()) and not all(models.values())
    return models


days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2040, 12, 31))


@st.composite
def date_ranges(draw: st.DrawFn) -> DateRange:
    start = draw(days)
    kind = draw(st.sampled_from(["day", "month", "span"]))
    if kind == "day":
        return DateRange(start, start)
    if kind == "month":
        return DateRange.from_iso(f"{start.year:04d}-{start.month:02d}")
    return DateRange(start, start + dt.timedelta(days=draw(st.integers(0, 800))))


hostile_models = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20),
    st.from_regex(r"[A-Za-z]{0,3}[0-9]{0,6}", fullmatch=True),
    st.sampled_from(["", " ", "A1263'; DROP TABLE products;--", "<script>alert(1)</script>", "%", "_", "A%", "\x00"]),
)


@checks
@given(model=hostile_models, made=st.none() | date_ranges(), bought=st.none() | date_ranges())
def test_never_raises_and_unknown_is_never_safe(
    db: Session, catalogue: dict[str, list], model: str, made: DateRange | None, bought: DateRange | None
) -> None:
    check = check_unit(db, model_number=model, manufactured=made, purchased=bought)
    assert isinstance(check.verdict, Verdict)
    if model not in catalogue:
        assert check.verdict is Verdict.UNKNOWN_MODEL
        assert all(m in catalogue for m in check.closest_models)


@checks
@given(data=st.data())
def test_a_date_inside_a_window_is_affected(db: Session, catalogue: dict[str, list], data: st.DataObject) -> None:
    model = data.draw(st.sampled_from(sorted(m for m, windows in catalogue.items() if windows)))
    start, end = data.draw(st.sampled_from(catalogue[model]))
    day = data.draw(st.dates(min_value=start, max_value=end))
    for made in (DateRange(day, day), DateRange.from_iso(f"{day.year:04d}-{day.month:02d}")):
        check = check_unit(db, model_number=model, manufactured=made)
        assert check.verdict is Verdict.AFFECTED
        assert check.remedies


@checks
@given(data=st.data(), made=date_ranges())
def test_verdict_of_known_models_follows_the_windows(
    db: Session, catalogue: dict[str, list], data: st.DataObject, made: DateRange
) -> None:
    model = data.draw(st.sampled_from(sorted(catalogue)))
    windows = catalogue[model]
    check = check_unit(db, model_number=model, manufactured=made)
    inside = any(made.start <= end and made.end >= start for start, end in windows)
    assert check.verdict is (Verdict.AFFECTED if inside else Verdict.NOT_AFFECTED)


@checks
@given(data=st.data(), bought=st.none() | date_ranges())
def test_a_recalled_model_without_a_date_needs_one(
    db: Session, catalogue: dict[str, list], data: st.DataObject, bought: DateRange | None
) -> None:
    model = data.draw(st.sampled_from(sorted(m for m, windows in catalogue.items() if windows)))
    check = check_unit(db, model_number=model, purchased=bought)
    before_every_window = bought is not None and all(bought.end < start for start, _ in catalogue[model])
    assume(not before_every_window or check.verdict is Verdict.NOT_AFFECTED)
    assert check.verdict is (Verdict.NOT_AFFECTED if before_every_window else Verdict.NEEDS_DATE)
