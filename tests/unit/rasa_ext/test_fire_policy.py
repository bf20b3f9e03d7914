"""FireSafetyPolicy: which fire-escalation step is due after which events."""

from __future__ import annotations

from rasa.shared.core.events import ActionExecuted, ActiveLoop, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.rasa_ext.policies.fire_safety import ESCALATE_ACTION, SAFETY_RESPONSE, is_fire_report, next_fire_step


def user(intent: str, fire_signal: dict | None = None, text: str = "text", entities: list | None = None) -> UserUttered:
    parse = {"intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    if fire_signal:
        parse["fire_signal"] = fire_signal
    return UserUttered(text, intent={"name": intent, "confidence": 0.9}, parse_data=parse)


def tracker(*events) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("s", [ActionExecuted("action_listen"), *events])


def test_fire_intent_gets_the_safety_answer_then_the_escalation():
    assert next_fire_step(tracker(user("report_fire"))) == SAFETY_RESPONSE
    assert next_fire_step(tracker(user("report_fire"), ActionExecuted("action_extract_slots"))) == SAFETY_RESPONSE
    assert next_fire_step(tracker(user("report_fire"), ActionExecuted(SAFETY_RESPONSE))) == ESCALATE_ACTION
    assert next_fire_step(tracker(user("report_fire"), ActionExecuted(SAFETY_RESPONSE), ActionExecuted(ESCALATE_ACTION))) is None


def test_safety_net_signal_counts_whatever_the_intent():
    message = user("check_recall", fire_signal={"kind": "smoke"})
    assert is_fire_report(message)
    assert next_fire_step(tracker(message)) == SAFETY_RESPONSE


def test_other_messages_are_left_to_the_other_policies():
    assert next_fire_step(tracker(user("check_recall"))) is None
    assert next_fire_step(tracker()) is None
    # a fire report followed by another action of some other policy: not ours any more
    assert next_fire_step(tracker(user("report_fire"), ActionExecuted("utter_greet"))) is None


def test_a_correction_at_the_read_back_is_no_fire_on_the_classifiers_word_alone():
    reading_back = [ActiveLoop("return_form"), SlotSet("requested_slot", "details_confirmed")]
    correction = "hang on, it's apartment 14, not 12"
    assert next_fire_step(tracker(*reading_back, user("report_fire", text=correction))) is None
    # the safety net's own fire word still counts, correction or not
    smoke = user("report_fire", fire_signal={"kind": "smoke", "matched": "smoking"}, text="the postcode is wrong and it's smoking")
    assert next_fire_step(tracker(*reading_back, smoke)) == SAFETY_RESPONSE
    # no correction: the classifier's fire stands
    assert next_fire_step(tracker(*reading_back, user("report_fire", text="help"))) == SAFETY_RESPONSE


def test_a_date_for_the_date_question_is_no_fire_on_the_classifiers_word_alone():
    asking_the_date = [ActiveLoop("recall_form"), SlotSet("requested_slot", "manufacture_date")]
    date = [{"entity": "date", "value": "2026-05-04"}]
    answer = user("report_fire", text="4th of May. I'm British, we put the day first", entities=date)
    assert next_fire_step(tracker(*asking_the_date, answer)) is None
    burnt = user("report_fire", fire_signal={"kind": "fire", "matched": "burnt"}, text="May 2023, and it burnt", entities=date)
    assert next_fire_step(tracker(*asking_the_date, burnt)) == SAFETY_RESPONSE
    assert next_fire_step(tracker(*asking_the_date, user("report_fire", text="it's hot"))) == SAFETY_RESPONSE

