"""Return conversations over REST, each checked through GET /api/tickets."""

from __future__ import annotations

import time

import pytest

from tests.e2e.chat import new_sender, say, slots, texts, tickets

pytestmark = pytest.mark.e2e


def affected(stack, sender, model="A1257", date="August 2023"):
    reply = texts(say(stack, sender, f"is my {model} made {date} recalled?"))
    assert "part of the recall" in reply


def test_refund(stack):
    sender = new_sender("refund")
    affected(stack, sender)
    assert "full name" in texts(say(stack, sender, '/request_return{"remedy": "refund"}'))
    assert "email" in texts(say(stack, sender, "Jane Smith"))
    assert "send the power bank back from" in texts(say(stack, sender, "jane@example.com"))
    reply = texts(say(stack, sender, "12 High St, Leeds LS1 4AP, UK"))
    assert "Here's what I have" in reply and "refund" in reply and "12 High St, Leeds LS1 4AP" in reply
    reply = texts(say(stack, sender, "yes"))
    ticket = tickets(stack, sender)
    assert len(ticket) == 1 and ticket[0]["id"] in reply
    assert ticket[0] | {"created_at": None} == {
        "id": ticket[0]["id"], "conversation_id": sender, "model_number": "A1257", "manufacture_date": "2023-08",
        "remedy": "refund", "status": "open", "email": "jane@example.com", "created_at": None, "photos": [],
    }
    assert slots(stack, sender)["ticket_id"] == ticket[0]["id"]
    # Sent after the ticket committed: at once by the action, else by the console's worker.
    assert len(confirmations(stack, ticket[0]["id"])) == 1


def confirmations(stack, ticket_id, wait=10.0):
    deadline = time.monotonic() + wait
    while not (found := [m for m in stack.mailbox.messages if ticket_id in m["Subject"]]) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def test_replacement_with_address_and_an_invalid_email_corrected(stack):
    sender = new_sender("replace")
    affected(stack, sender, "A1647", "05/2023")
    say(stack, sender, "I'd like a replacement please")
    say(stack, sender, "Ana Lima")
    assert "domain" in texts(say(stack, sender, "ana@"))
    assert "street" in texts(say(stack, sender, "ana@example.org")).lower()
    say(stack, sender, "12 Rua Augusta")
    say(stack, sender, "Lisbon")
    assert "postcode" in texts(say(stack, sender, "no idea")).lower()
    say(stack, sender, "1100-053")
    reply = texts(say(stack, sender, "Portugal"))
    assert "12 Rua Augusta" in reply and "1100-053" in reply
    say(stack, sender, "yes")
    [ticket] = tickets(stack, sender)
    assert (ticket["remedy"], ticket["email"], ticket["model_number"]) == ("replacement", "ana@example.org", "A1647")


def test_change_of_mind_before_confirming(stack):
    sender = new_sender("mind")
    affected(stack, sender)
    say(stack, sender, '/request_return{"remedy": "replacement"}')
    say(stack, sender, "Tom Baker")
    say(stack, sender, "tom@example.com")
    say(stack, sender, "refund instead")
    assert "back from" in texts(say(stack, sender, "/inform{\"remedy\": \"refund\"}"))  # the label's sender address
    assert "a refund" in texts(say(stack, sender, "no thanks"))
    say(stack, sender, "yes")
    assert [t["remedy"] for t in tickets(stack, sender)] == ["refund"]


def test_the_other_remedy_asked_for_at_the_address_question(stack):
    sender = new_sender("switch")
    affected(stack, sender)
    say(stack, sender, "a replacement please")
    say(stack, sender, "Aisha Rahman")
    assert "street" in texts(say(stack, sender, "aisha@example.org")).lower()
    reply = texts(say(stack, sender, "hmm actually I'm moving next month, can I just get a refund instead?"))
    assert "a refund instead" in reply and "back from" in reply
    assert "a refund" in texts(say(stack, sender, "skip"))
    say(stack, sender, "yes")
    assert [t["remedy"] for t in tickets(stack, sender)] == ["refund"]


def test_cancel_opens_nothing(stack):
    sender = new_sender("cancel")
    affected(stack, sender)
    say(stack, sender, '/request_return{"remedy": "refund"}')
    say(stack, sender, "Jane Smith")
    assert "Nothing has been opened" in texts(say(stack, sender, "never mind, stop"))
    assert tickets(stack, sender) == []


def test_duplicate_yes_opens_one_ticket(stack):
    sender = new_sender("dup")
    affected(stack, sender)
    for text in ('/request_return{"remedy": "refund"}', "Jane Smith", "jane@example.com", "skip", "yes"):
        say(stack, sender, text)
    say(stack, sender, "yes")
    say(stack, sender, "/affirm")
    assert len(tickets(stack, sender)) == 1


def test_status_lookup_with_right_and_wrong_email(stack):
    sender = new_sender("status")
    affected(stack, sender)
    for text in ('/request_return{"remedy": "refund"}', "Jane Smith", "jane@example.com", "skip", "yes"):
        say(stack, sender, text)
    ticket_id = tickets(stack, sender)[0]["id"]
    other = new_sender("status")
    assert "ticket number" in texts(say(stack, other, "where is my refund?"))
    say(stack, other, ticket_id)
    assert "couldn't find" in texts(say(stack, other, "eve@example.com"))
    reply = texts(say(stack, other, f"status of {ticket_id}"))
    reply = texts(say(stack, other, "jane@example.com")) if "email" in reply else reply
    assert "return label" in reply


def test_return_asked_before_any_check_starts_the_check(stack):
    sender = new_sender("early")
    reply = texts(say(stack, sender, "I want a refund"))
    assert "let me check whether your unit is part of the recall" in reply and "model number" in reply


def test_a_request_with_its_facts_goes_straight_to_the_return(stack):
    """ "I'd like my money back for my A1263, made March 2019": checked, then the return's details."""
    sender = new_sender("facts")
    reply = texts(say(stack, sender, "I'd like my money back for my A1263, made March 2019"))
    assert "part of the recall" in reply and "full name" in reply
    state = slots(stack, sender)
    assert (state["model_number"], state["manufacture_date"], state["remedy"]) == ("A1263", "2019-03", "refund")


def test_a_whole_address_in_one_message_and_one_part_corrected(stack):
    sender = new_sender("address")
    affected(stack, sender, "A1647", "05/2023")
    say(stack, sender, "a replacement please")
    say(stack, sender, "Mario Rossi")  # two unknown words are a name, whatever the classifier thinks
    assert "address" in texts(say(stack, sender, "mario.rossi@example.it")).lower()
    reply = texts(say(stack, sender, "Musterweg 3, 80313 München, Germany"))
    assert "Musterweg 3, 80313 München, Germany" in reply  # read back at once: nothing else to ask
    reply = texts(say(stack, sender, "the postcode is wrong, it should be 80331"))
    assert "80331 München" in reply and "Mario Rossi" in reply
    say(stack, sender, "yes")
    [ticket] = tickets(stack, sender)
    state = slots(stack, sender)
    assert ticket["remedy"] == "replacement" and (state["street"], state["postcode"], state["country"]) == (
        "Musterweg 3", "80331", "Germany")
