"""The builder's rows (tests/fakes/rasa_events.py) are Rasa's rows."""

from __future__ import annotations

from bot.core.db import make_engine
from tests.fakes.rasa_events import TrackerStore, create_events_table


def test_rasa_reads_the_built_rows_back(tmp_path):
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain

    from bot.core.settings import PROJECT_DIR

    path = tmp_path / "rasa.db"
    engine = make_engine(f"sqlite:///{path}")
    create_events_table(engine)
    store = TrackerStore(engine)
    conversation = (
        store.conversation("c-1")
        .start()
        .greet()
        .check("is my A1263 from march 2018 recalled", "A1263", "2018-03", "affected")
    )
    conversation.return_form().fallback("blorp").fire()
    store.add(conversation).flush()
    engine.dispose()

    domain = Domain.load(str(PROJECT_DIR / "domain.yml"))
    rasa_store = SQLTrackerStore(domain, dialect="sqlite", db=str(path))
    tracker = asyncio.run(rasa_store.retrieve("c-1"))
    assert tracker is not None
    assert tracker.get_slot("recall_status") == "affected"
    assert tracker.get_slot("ticket_id") == "RT-000001"
    assert tracker.is_paused()
    assert [e.text for e in tracker.events if e.type_name == "user"][:2] == [
        "hi",
        "is my A1263 from march 2018 recalled",
    ]
    rasa_store.engine.dispose()
