"""Whole recall-check conversations against the real Rasa and action servers (REST)."""

from __future__ import annotations

import pytest

from tests.e2e.chat import new_sender, say, slots, texts, tracker, user_events

pytestmark = pytest.mark.e2e

# What the bot says to what it cannot help with: utter_out_of_scope, or utter_default (domain.yml).
NOT_ANSWERED = ("I can only help with the power bank recall", "I didn't quite understand that")


def test_affected_unit_in_one_message(stack):
    sender = new_sender()
    reply = texts(say(stack, sender, "is my A1263 from March 2018 recalled?"))
    assert "part of the recall" in reply
    assert "stop using" in reply
    state = slots(stack, sender)
    assert state["model_number"] == "A1263"
    assert state["manufacture_date"] == "2018-03"
    assert state["recall_status"] == "affected"


def test_form_asks_model_then_date(stack):
    sender = new_sender()
    assert "model number" in texts(say(stack, sender, "hi, is my power bank part of the recall?")).lower()
    assert "when was it made" in texts(say(stack, sender, "a-1257")).lower()
    reply = texts(say(stack, sender, "made in sept 22"))
    assert "not affected" in reply
    state = slots(stack, sender)
    assert (state["model_number"], state["manufacture_date"], state["recall_status"]) == (
        "A1257",
        "2022-09",
        "not_affected",
    )


def test_date_first_then_model_with_product_name(stack):
    sender = new_sender()
    say(stack, sender, "I want to check the recall, it was made 03/2023")
    reply = texts(say(stack, sender, "it's the 622 magnetic battery"))
    assert "part of the recall" in reply
    assert slots(stack, sender)["model_number"] == "A1647"


def test_correction_of_the_model_number(stack):
    sender = new_sender()
    say(stack, sender, "is A1263 recalled?")
    say(stack, sender, "sorry, it's A1257")
    reply = texts(say(stack, sender, "July 2023"))
    assert "part of the recall" in reply
    assert slots(stack, sender)["model_number"] == "A1257"


def test_two_units_in_one_message_the_other_is_offered_next(stack):
    sender = new_sender()
    replies = say(stack, sender, "I have two power banks, an A1263 and an A1229. Are they recalled?")
    assert "A1229) is not part of this recall" in texts(replies)
    assert "You also mentioned A1263" in replies[-1]["text"]
    assert [b["payload"] for b in replies[-1]["buttons"]] == ['/inform{"model_number": "A1263"}']
    assert "when was it made" in texts(say(stack, sender, replies[-1]["buttons"][0]["payload"])).lower()
    assert "A1263) made in March 2018 is part of the recall" in texts(say(stack, sender, "March 2018"))
    state = slots(stack, sender)
    assert (state["model_number"], state["recall_status"], state["other_units"]) == ("A1263", "affected", None)


def test_two_units_each_with_its_date_the_second_is_not_asked_again(stack):
    sender = new_sender()
    replies = say(stack, sender, "I have an A1263 from March 2018 and an A1229 from 2020")
    assert "A1229) is not part of this recall" in texts(replies)
    payload = replies[-1]["buttons"][0]["payload"]
    assert payload == '/inform{"model_number": "A1263", "date": "2018-03"}'
    assert "A1263) made in March 2018 is part of the recall" in texts(say(stack, sender, payload))


def test_unknown_model_is_never_called_safe(stack):
    sender = new_sender()
    reply = texts(say(stack, sender, "is my A1236 affected?"))
    assert "can't find model A1236" in reply
    assert "A1263" in reply  # the closest known model is offered
    assert " safe" not in reply.replace("whether it's safe", "")
    assert slots(stack, sender)["recall_status"] == "unknown_model"


def test_not_recalled_model_needs_no_date(stack):
    sender = new_sender()
    reply = texts(say(stack, sender, "is the A1229 recalled"))
    assert "not part of this recall" in reply
    assert slots(stack, sender)["recall_status"] == "not_affected"


def test_customer_cannot_find_the_date(stack):
    sender = new_sender()
    say(stack, sender, "is my A1263 recalled?")
    first = texts(say(stack, sender, "I don't know"))
    assert "printed" in first  # explains where the date is
    second = texts(say(stack, sender, "I can't find it anywhere"))
    assert "to be safe" in second
    assert slots(stack, sender)["recall_status"] == "needs_date"


def test_ambiguous_date_is_asked_back_when_the_reading_decides(stack):
    sender = new_sender()
    say(stack, sender, "is my A1257 recalled")  # its window opens on 1 June 2023
    replies = say(stack, sender, "05/06/2023")  # 6 May (before) or 5 June (inside)
    assert any(r.get("buttons") for r in replies)
    assert "which one did you mean" in texts(replies).lower()
    assert slots(stack, sender)["manufacture_date"] is None


def test_ambiguous_date_is_not_asked_when_both_readings_agree(stack):
    sender = new_sender()
    say(stack, sender, "is my A1647 recalled")  # 1 March 2023 to 31 October 2024
    reply = texts(say(stack, sender, "05/06/2023"))
    assert "part of the recall" in reply and "which one did you mean" not in reply.lower()


def test_future_date_is_refused(stack):
    sender = new_sender()
    say(stack, sender, "is my A1647 recalled")
    reply = texts(say(stack, sender, "made in March 2031"))
    assert "in the future" in reply
    assert slots(stack, sender)["manufacture_date"] is None


def test_purchase_date_before_the_window_proves_not_affected(stack):
    sender = new_sender()
    reply = texts(say(stack, sender, "is my A1681 recalled? I bought it in January 2022"))
    assert "not affected" in reply
    state = slots(stack, sender)
    assert state["purchase_date"] == "2022-01"
    assert state["recall_status"] == "not_affected"


def test_swelling_gets_advice_then_the_check(stack):
    sender = new_sender()
    reply = texts(say(stack, sender, "my power bank is swollen and gets really hot"))
    assert "stop using" in reply.lower()
    assert "model number" in reply.lower()
    assert not tracker(stack, sender).get("paused")


def test_small_talk(stack):
    sender = new_sender()
    assert "I'm the recall assistant" in texts(say(stack, sender, "hello"))
    assert "virtual assistant" in texts(say(stack, sender, "are you a bot?"))
    off_topic = texts(say(stack, sender, "what's the weather in paris tomorrow"))
    assert any(words in off_topic for words in NOT_ANSWERED), off_topic


HOSTILE = "<script>alert(1)</script> '; DROP TABLE events; --"


def test_huge_and_hostile_messages_get_an_answer(stack):
    from bot.channels.action_failures import SOMETHING_WENT_WRONG

    sender = new_sender()
    hostile = texts(say(stack, sender, HOSTILE))
    assert any(words in hostile for words in NOT_ANSWERED), hostile
    assert "<script>" not in hostile and SOMETHING_WENT_WRONG not in hostile
    huge = texts(say(stack, sender, "A1263 " * 3000))
    assert huge == "Your message is too long (18000 characters); please send at most 2000."
    assert [e["text"] for e in user_events(stack, sender)] == [HOSTILE]  # the huge one never reached the bot
    reply = texts(say(stack, sender, "is my A1263 from March 2018 recalled?"))
    assert "part of the recall" in reply


def test_action_server_down_says_something_went_wrong_and_the_customer_carries_on(stack):
    from bot.channels.action_failures import SOMETHING_WENT_WRONG

    sender = new_sender("actions-down")
    assert "model number" in texts(say(stack, sender, "is my power bank recalled?")).lower()
    stack.stop_service("actions")
    try:
        reply = texts(say(stack, sender, "A1263"))
        assert SOMETHING_WENT_WRONG in reply
        assert reply.count(SOMETHING_WENT_WRONG) == 1
    finally:
        stack.start_service("actions")
    # once the action server is back the same message goes through, and the form goes on
    assert "when was it made" in texts(say(stack, sender, "A1263")).lower()
    assert "part of the recall" in texts(say(stack, sender, "March 2018"))
    assert slots(stack, sender)["recall_status"] == "affected"


def test_everything_restarted_mid_conversation_the_customer_carries_on(stack):
    sender = new_sender("restart")
    assert "when was it made" in texts(say(stack, sender, "is my A1263 recalled?")).lower()
    stack.stack.stop()  # Rasa, the action server and the console, all at once
    stack.stack.start(timeout=300)
    reply = texts(say(stack, sender, "made in March 2018"))
    assert "part of the recall" in reply
    assert slots(stack, sender)["model_number"] == "A1263"
