"""The recall form's validation, its questions, and the verdict action."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions.recall import (
    ActionAskManufactureDate,
    ActionAskModelNumber,
    ActionCheckRecall,
    ValidateRecallForm,
)
from bot.rasa_ext.nlu.recall_understanding import understand
from tests.unit.actions.conftest import make_tracker

pytestmark = pytest.mark.usefixtures("app_database")


def slot_events(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


async def test_verdict_affected_offers_the_remedies(dispatcher, domain):
    tracker = make_tracker(slots={"model_number": "A1263", "manufacture_date": "2018-03"})
    events = await ActionCheckRecall().run(dispatcher, tracker, domain)
    assert SlotSet("recall_status", "affected") in events
    assert SlotSet("return_offered", True) in events
    text = " ".join(m.get("text") or "" for m in dispatcher.messages)
    assert "part of the recall" in text and "stop using" in text
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons", [])]
    assert '/request_return{"remedy": "refund"}' in payloads


async def test_verdict_unknown_model_never_says_safe(dispatcher, domain):
    tracker = make_tracker(slots={"model_number": "A1236"})
    events = await ActionCheckRecall().run(dispatcher, tracker, domain)
    assert SlotSet("recall_status", "unknown_model") in events
    text = dispatcher.messages[0]["text"]
    assert "can't find model A1236" in text and " safe" not in text
    assert dispatcher.messages[0]["buttons"][0]["payload"] == '/inform{"model_number": "A1263"}'


async def test_verdict_outside_the_window(dispatcher, domain):
    tracker = make_tracker(slots={"model_number": "A1263", "manufacture_date": "2020-01"})
    events = await ActionCheckRecall().run(dispatcher, tracker, domain)
    assert SlotSet("recall_status", "not_affected") in events
    assert "outside the recalled production period" in dispatcher.messages[0]["text"]


async def test_verdict_needs_date_when_the_customer_cannot_find_it(dispatcher, domain):
    tracker = make_tracker(slots={"model_number": "A1642", "date_unknown": True})
    events = await ActionCheckRecall().run(dispatcher, tracker, domain)
    assert SlotSet("recall_status", "needs_date") in events
    assert SlotSet("return_offered", True) in events
    assert "to be safe" in dispatcher.messages[0]["text"]


async def test_required_slots_skip_the_date_for_a_model_not_recalled(dispatcher, domain):
    form = ValidateRecallForm()
    tracker = make_tracker(slots={"model_number": "A1229"})
    assert await form.required_slots(["model_number", "manufacture_date"], dispatcher, tracker, domain) == ["model_number"]
    tracker = make_tracker(slots={"model_number": "A1263"})
    assert await form.required_slots([], dispatcher, tracker, domain) == ["model_number", "manufacture_date"]
    tracker = make_tracker(slots={"model_number": "A1681", "purchase_date": "2022-01"})
    assert await form.required_slots([], dispatcher, tracker, domain) == ["model_number"]


def test_future_manufacture_date_is_refused(dispatcher, domain):
    result = ValidateRecallForm().validate_manufacture_date("2031-03", dispatcher, make_tracker(), domain)
    assert result == {"manufacture_date": None}
    assert "in the future" in dispatcher.messages[0]["text"]


def test_season_keeps_its_last_month(dispatcher, domain):
    details = {"models": [], "dates": [{"value": "2022-06", "precision": "season", "range_end": "2022-08-31", "role": "manufacture"}]}
    result = ValidateRecallForm().validate_manufacture_date("2022-06", dispatcher, make_tracker(unit_details=details), domain)
    assert result["manufacture_date_end"] == "2022-08"


def test_bad_model_number_gets_a_clear_answer(dispatcher, domain):
    result = ValidateRecallForm().validate_model_number("???", dispatcher, make_tracker(), domain)
    assert result["model_number"] is None
    assert "doesn't look like a model number" in dispatcher.messages[0]["text"]


def test_a_second_unit_after_a_verdict_forgets_the_first_units_dates(dispatcher, domain):
    events = [
        {"event": "slot", "name": "model_number", "value": "A1263"},
        {"event": "user", "text": "and my A1257?", "parse_data": {}},
    ]
    tracker = make_tracker(slots={"model_number": "A1257", "manufacture_date": "2018-03", "recall_status": "affected"}, events=events)
    result = ValidateRecallForm().validate_model_number("A1257", dispatcher, tracker, domain)
    assert result["manufacture_date"] is None


async def test_ambiguous_date_is_asked_back_with_buttons(dispatcher, domain):
    details = {"models": [], "dates": [{"value": None, "problem": "ambiguous", "alternatives": ["2023-05-06", "2023-06-05"], "role": "manufacture"}]}
    tracker = make_tracker(unit_details=details, slots={"requested_slot": "manufacture_date"})
    extracted = await ValidateRecallForm().extract_unit_issue(dispatcher, tracker, domain)
    assert extracted == {"unit_issue": "date_ambiguous:2023-05-06|2023-06-05", "date_pending": "2023-05-06|2023-06-05"}
    tracker = make_tracker(slots={"unit_issue": extracted["unit_issue"]})
    events = await ActionAskManufactureDate().run(dispatcher, tracker, domain)
    assert SlotSet("unit_issue", None) in events
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert titles == ["6 May 2023", "5 June 2023"]


async def test_dont_know_first_explains_then_gives_up(dispatcher, domain):
    form = ValidateRecallForm()
    first = make_tracker(intent="dont_know", slots={"requested_slot": "manufacture_date"})
    assert await form.extract_unit_issue(dispatcher, first, domain) == {"unit_issue": "date_where"}
    assert await form.extract_date_unknown(dispatcher, first, domain) == {}
    second = make_tracker(intent="dont_know", slots={"requested_slot": "manufacture_date", "date_help_given": True})
    assert await form.extract_date_unknown(dispatcher, second, domain) == {"date_unknown": True}


@pytest.mark.parametrize(("requested", "issue"), [("manufacture_date", "date_where"), ("model_number", "model_where")])
async def test_a_no_to_the_forms_question_is_not_knowing(dispatcher, domain, requested, issue):
    """ "Dunno, where would that be?" read as a "no": the customer is shown where to look, not asked to rephrase."""
    form = ValidateRecallForm()
    tracker = make_tracker(intent="deny", text="Dunno, where would that be?", slots={"requested_slot": requested})
    assert await form.extract_unit_issue(dispatcher, tracker, domain) == {"unit_issue": issue}


async def test_ambiguous_product_name_offers_the_candidates(dispatcher, domain):
    tracker = make_tracker(slots={"unit_issue": "model_ambiguous:A1681|A1689"})
    await ActionAskModelNumber().run(dispatcher, tracker, domain)
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == ['/inform{"model_number": "A1681"}', '/inform{"model_number": "A1689"}']


async def test_the_form_validation_run_reports_dont_know_and_ambiguous_dates(dispatcher, domain):
    form = ValidateRecallForm()
    tracker = make_tracker(intent="dont_know", slots={"model_number": "A1263", "requested_slot": "manufacture_date"}, active_loop="recall_form")
    events = await form.run(dispatcher, tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": "unit_issue", "value": "date_where"} in events
    tracker = make_tracker(
        intent="dont_know",
        slots={"model_number": "A1263", "requested_slot": "manufacture_date", "date_help_given": True},
        active_loop="recall_form",
    )
    events = await form.run(dispatcher, tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": "date_unknown", "value": True} in events
    assert {"event": "slot", "timestamp": None, "name": "requested_slot", "value": None} in events


async def test_a_purchase_date_given_during_the_form_is_validated(dispatcher, domain):
    entities = [{"entity": "date", "value": "2026-06", "role": "purchase"}]
    details = {"models": [], "dates": [{"value": "2026-06", "precision": "season", "range_end": "2026-08-31", "role": "purchase"}]}
    tracker = make_tracker(
        intent="inform",
        entities=entities,
        unit_details=details,
        slots={"model_number": "A1681", "purchase_date": "2026-06", "requested_slot": "manufacture_date"},
        active_loop="recall_form",
    )
    events = await ValidateRecallForm().run(dispatcher, tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": "purchase_date_end", "value": "2026-08"} in events


@pytest.mark.parametrize(
    ("model", "readings", "asked"),
    [
        ("A1257", ["2023-05-06", "2023-06-05"], True),  # window opens 2023-06-01: the reading decides
        ("A1263", ["2018-05-06", "2018-06-05"], False),  # both inside the window
        ("A1257", ["2021-05-06", "2021-06-05"], False),  # both before it
        ("A1229", ["2021-05-06", "2021-06-05"], False),  # not recalled at all
    ],
)
async def test_an_ambiguous_date_is_asked_back_only_when_the_verdict_depends_on_it(dispatcher, domain, model, readings, asked):
    details = {"models": [], "dates": [{"value": None, "problem": "ambiguous", "alternatives": readings, "role": "manufacture"}]}
    tracker = make_tracker(unit_details=details, slots={"requested_slot": "manufacture_date", "model_number": model})
    extracted = await ValidateRecallForm().extract_unit_issue(dispatcher, tracker, domain)
    if asked:
        assert extracted == {"unit_issue": "date_ambiguous:" + "|".join(readings), "date_pending": "|".join(readings)}
    else:
        assert extracted == {"manufacture_date": readings[0]}


async def test_a_year_alone_asks_the_month_only_when_it_decides(dispatcher, domain):
    form = ValidateRecallForm()
    inside = make_tracker(slots={"model_number": "A1263", "requested_slot": "manufacture_date"})
    assert form.validate_manufacture_date("2018", dispatcher, inside, domain)["manufacture_date"] == "2018"
    edge = make_tracker(slots={"model_number": "A1263", "requested_slot": "manufacture_date"})  # ends October 2019
    asked = form.validate_manufacture_date("2019", dispatcher, edge, domain)
    assert asked == {"manufacture_date": None, "date_pending": "2019", "unit_issue": "date_month:2019"}
    await ActionAskManufactureDate().run(dispatcher, make_tracker(slots={"model_number": "A1263", **asked}), domain)
    assert "Which month of 2019" in dispatcher.messages[-1]["text"] and "October 2019" in dispatcher.messages[-1]["text"]


@pytest.mark.parametrize(
    ("model", "asked"),
    [("A1681", True), ("A1263", False)],  # A1681's window opens 1 August 2023; A1263's ended in 2019
)
def test_a_date_read_day_first_is_asked_back_when_the_other_reading_changes_the_verdict(dispatcher, domain, model, asked):
    text = "Yo tengo un batería, la etiqueta dice 08/07/2023, perdón mi español"
    tracker = make_tracker(text=text, unit_details=understand(text)["unit_details"],
                           slots={"model_number": model, "requested_slot": "manufacture_date"})
    result = ValidateRecallForm().validate_manufacture_date("2023-07-08", dispatcher, tracker, domain)
    if asked:
        assert result == {"manufacture_date": None, "unit_issue": "date_ambiguous:2023-07-08|2023-08-07",
                          "date_pending": "2023-07-08|2023-08-07"}
    else:
        assert result["manufacture_date"] == "2023-07-08"


@pytest.mark.parametrize(
    ("answer", "made"),
    [("2026-05-04", "2023-05-04"), ("2026-04-05", "2023-04-05"), ("2026-05", "2023-05-04"), ("2023-05-04", "2023-05-04")],
)
def test_the_reading_chosen_keeps_the_year_asked_about(dispatcher, domain, answer, made):
    # "which one did you mean? [5 April 2023 | 4 May 2023]" - "4th of May" is read as this year's 4 May
    slots = {"model_number": "A1642", "requested_slot": "manufacture_date", "date_pending": "2023-04-05|2023-05-04"}
    result = ValidateRecallForm().validate_manufacture_date(answer, dispatcher, make_tracker(slots=slots), domain)
    assert result["manufacture_date"] == made and result["date_pending"] is None


async def test_asking_why_the_date_matters_gets_the_models_windows_and_the_question_again(dispatcher, domain):
    slots = {"model_number": "A1257", "requested_slot": "manufacture_date"}
    tracker = make_tracker(slots=slots, text="Why does the date matter? It's the same model.", intent="ask_where_date")
    asked = await ValidateRecallForm().extract_unit_issue(dispatcher, tracker, domain)
    assert asked == {"unit_issue": "date_why"}
    await ActionAskManufactureDate().run(dispatcher, make_tracker(slots={**slots, **asked}), domain)
    said = dispatcher.messages[-1]["text"]
    assert said.startswith("Only units made between 1 June 2023 and 31 December 2024 are recalled") and "When was it made?" in said


@pytest.mark.parametrize(("answer", "intent", "made"), [("June", "inform", "2019-06"), ("no idea", "dont_know", "2019")])
async def test_the_month_answer(dispatcher, domain, answer, intent, made):
    slots = {"model_number": "A1263", "requested_slot": "manufacture_date", "date_pending": "2019"}
    tracker = make_tracker(slots=slots, text=answer, intent=intent, active_loop="recall_form")
    events = await ValidateRecallForm().run(dispatcher, tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": "manufacture_date", "value": made} in events


# -- several units in one message ------------------------------------------------------


def _named(*models):
    return {"models": [{"value": m} for m in models] + [{"value": None, "candidates": ["A1681", "A1689"]}], "dates": []}


def test_the_other_units_named_wait_beside_the_one_checked(dispatcher, domain):
    tracker = make_tracker(unit_details=_named("A1263", "A1257", "A1263"))
    result = ValidateRecallForm().validate_model_number("A1257", dispatcher, tracker, domain)
    assert result["model_number"] == "A1257" and result["other_units"] == [{"model_number": "A1263"}]


def test_each_unit_waits_with_its_own_date(dispatcher, domain):
    text = "J'ai une A1263 de mars 2018 et une A1257 de juillet 2023"
    tracker = make_tracker(text=text, unit_details=understand(text)["unit_details"])
    result = ValidateRecallForm().validate_model_number("A1257", dispatcher, tracker, domain)
    assert result["other_units"] == [{"model_number": "A1263", "date": "2018-03"}]


def test_one_date_said_of_both_units_waits_with_the_other(dispatcher, domain):
    text = "I've got an A1263 and an A1257, both made in March 2023"
    tracker = make_tracker(text=text, unit_details=understand(text)["unit_details"])
    result = ValidateRecallForm().validate_model_number("A1257", dispatcher, tracker, domain)
    assert result["other_units"] == [{"model_number": "A1263", "date": "2023-03"}]


def test_checking_a_waiting_unit_keeps_the_rest_waiting(dispatcher, domain):
    waiting = [{"model_number": "A1257", "date": "2023-07"}, {"model_number": "A1642"}]
    button = [{"entity": "model_number", "value": "A1257"}, {"entity": "date", "value": "2023-07"}]
    tracker = make_tracker(  # the button: /inform{...}, entities and no unit details
        slots={"other_units": waiting, "model_number": "A1263", "recall_status": "affected"}, entities=button
    )
    result = ValidateRecallForm().validate_model_number("A1257", dispatcher, tracker, domain)
    assert result["other_units"] == [{"model_number": "A1642"}]
    assert "manufacture_date" not in result  # the button's date is the second unit's
    tracker = make_tracker(slots={"other_units": [{"model_number": "A1642"}]})
    assert ValidateRecallForm().validate_model_number("A1642", dispatcher, tracker, domain)["other_units"] is None


async def test_a_unit_not_recalled_offers_the_next_one_instead_of_anything_else(dispatcher, domain):
    waiting = [{"model_number": "A1263", "date": "2018-03"}, {"model_number": "A9999"}]
    tracker = make_tracker(slots={"model_number": "A1229", "other_units": waiting})
    await ActionCheckRecall().run(dispatcher, tracker, domain)
    last = dispatcher.messages[-1]
    assert "You also mentioned A1263 and A9999" in last["text"]
    assert [b["payload"] for b in last["buttons"]] == [
        '/inform{"model_number": "A1263", "date": "2018-03"}',
        '/inform{"model_number": "A9999"}',
    ]
    assert last["buttons"][0]["title"] == "PowerCore 10000 (A1263)" and last["buttons"][1]["title"] == "A9999"
    assert not any(m.get("response") == "utter_anything_else" for m in dispatcher.messages)


async def test_an_affected_unit_says_the_next_comes_after_and_asks_its_return_offer_last(dispatcher, domain):
    tracker = make_tracker(
        slots={
            "model_number": "A1263",
            "manufacture_date": "2018-03",
            "other_units": [{"model_number": "A1257"}],
            "language": "fr",
        }
    )
    await ActionCheckRecall().run(dispatcher, tracker, domain)
    remedies = [b["payload"] for b in dispatcher.messages[-1].get("buttons", [])]
    assert '/request_return{"remedy": "refund"}' in remedies  # the question comes last, where it is answered
    assert dispatcher.messages[-2]["text"].startswith("Vous avez aussi mentionné A1257.")
    assert not dispatcher.messages[-2].get("buttons")


async def test_one_unit_alone_still_gets_anything_else(dispatcher, domain):
    await ActionCheckRecall().run(dispatcher, make_tracker(slots={"model_number": "A1229"}), domain)
    assert dispatcher.messages[-1].get("response") == "utter_anything_else"
