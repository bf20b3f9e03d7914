"""The conversation runner: answer choice, answer lists, the judge, and one run on a fake stack."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from aiohttp.test_utils import TestServer

from actions.texts import ASK_MANUFACTURE_DATE, ASK_MODEL_NUMBER, ASK_SLOT, DATE_FUTURE, HANDOFF_HUMAN
from bot.ops import conversation_eval as ce

BLIND = Path(__file__).resolve().parents[2] / "blind" / "conversations.yml"
KNOWN_KINDS = {
    "model_number", "manufacture_date", "date_clarification", "dont_know_help", "return_offer", "remedy",
    "customer_name", "email", "address", "street", "city", "postcode", "country", "confirm", "anything_else",
}
WHERE_DATE = [
    {"text": "The manufacturing date is printed on the unit, usually on the back or on the edge next to "
             "the model number, as a date or a date code."},
    {"text": "What date does yours show? If you can't find one at all, just tell me and I'll help you anyway."},
]
OFFER = [
    {"text": "Your Zolo Power Bank (A1689) made in January 2024 is part of the recall. Please stop using it."},
    {"text": "We'll give you a replacement or a refund. Which would you prefer?",
     "buttons": [{"title": "Replacement", "payload": "/x"}, {"title": "Refund", "payload": "/y"}]},
]
READ_BACK = ("Here's what I have: a replacement for your A1263 made in May 2018.\nName: Dorothy\n"
             "Shall I open the return? You can also say \"refund instead\" or \"replacement instead\".")


def tracker(slot: str | None = None, form: str | None = "return_form", **slots: Any) -> dict[str, Any]:
    return {"slots": {"requested_slot": slot, **slots}, "active_loop": {"name": form} if form else {}}


def bot(*texts: str) -> list[dict[str, Any]]:
    return [{"text": t} for t in texts]


# --------------------------------------------------------------------------- answer lists


def test_answers_are_used_in_order_and_the_last_one_repeats():
    book = ce.AnswerBook({"confirm": ["No, the postcode is wrong", "Yes"], "email": ["a@example.com"]})
    assert [book.answer("confirm")[1] for _ in range(4)] == ["No, the postcode is wrong", "Yes", "Yes", "Yes"]
    assert book.answer("email") == ("email", "a@example.com")
    assert book.answer("email") == ("email", "a@example.com")


def test_the_street_question_gets_the_full_address_first_then_the_street():
    book = ce.AnswerBook({"address": ["12 Church Lane, Leeds LS6 2AB, UK"], "street": ["12 Church Lane"]})
    assert book.answer("street") == ("address", "12 Church Lane, Leeds LS6 2AB, UK")
    assert book.answer("street") == ("street", "12 Church Lane")
    assert book.answer("street") == ("street", "12 Church Lane")


def test_every_address_entry_is_used_before_the_street():
    book = ce.AnswerBook({"address": ["a refund instead?", "1220 W Taylor St, Chicago"], "street": ["1220 W"]})
    assert [book.answer("street") for _ in range(3)] == [
        ("address", "a refund instead?"), ("address", "1220 W Taylor St, Chicago"), ("street", "1220 W")]


def test_without_an_answer_the_customer_says_i_dont_know_once_then_gives_up():
    book = ce.AnswerBook({"model_number": ["A1263"]})
    assert book.answer("street") == ("street", "I don't know")
    assert book.answer("remedy") == ("remedy", "I don't know")
    assert book.answer("street") == ("street", None)


# --------------------------------------------------------------------------- what the bot asks


@pytest.mark.parametrize(("slot", "text", "kind"), [
    ("model_number", ASK_MODEL_NUMBER, "model_number"),
    ("manufacture_date", ASK_MANUFACTURE_DATE, "manufacture_date"),
    ("manufacture_date", DATE_FUTURE, "manufacture_date"),
    ("remedy", ASK_SLOT["remedy"], "remedy"),
    ("customer_name", ASK_SLOT["customer_name"], "customer_name"),
    ("email", ASK_SLOT["email"], "email"),
    ("street", ASK_SLOT["street"], "street"),
    ("street", "What address should the replacement go to?", "street"),
    ("address", "What address should the replacement go to?", "street"),
    ("city", ASK_SLOT["city"], "city"),
    ("postcode", ASK_SLOT["postcode"], "postcode"),
    ("zip_code", "And the ZIP code?", "postcode"),
    ("country", ASK_SLOT["country"], "country"),
    ("details_confirmed", READ_BACK, "confirm"),
    ("lookup_ticket_id", ASK_SLOT["lookup_ticket_id"], "lookup_ticket_id"),
])
def test_an_open_form_question_decides(slot, text, kind):
    assert ce.choose_kind(tracker(slot), bot(text), last_kind="model_number") == kind


def test_a_requested_slot_without_an_active_form_is_ignored():
    replies = bot("Good news: the A1229 is not part of this recall.", "Is there anything else I can help with?")
    assert ce.choose_kind(tracker("manufacture_date", form=None), replies, "manufacture_date") == "anything_else"


def test_the_date_question_after_a_date_answer_can_be_a_clarification():
    buttons = [{"title": "7 June 2024"}, {"title": "6 July 2024"}]
    asked = [{"text": "Just to be sure I read the date right: which one did you mean?", "buttons": buttons}]
    assert ce.choose_kind(tracker("manufacture_date", "recall_form"), asked, None) == "date_clarification"
    assert ce.choose_kind(tracker("manufacture_date", "recall_form"), asked, "manufacture_date") == (
        "date_clarification")
    reworded = bot("Did you mean 7 June 2024 or 6 July 2024?")
    assert ce.choose_kind(tracker(), reworded, "manufacture_date") == "date_clarification"


def test_help_finding_the_date_is_answered_with_dont_know_help():
    assert ce.choose_kind(tracker("manufacture_date", "recall_form"), WHERE_DATE, "manufacture_date") == (
        "dont_know_help")
    assert ce.choose_kind(tracker(form=None), WHERE_DATE[:1], None) == "dont_know_help"
    asked = bot("Can you find a date printed on the back of the unit?")
    assert ce.choose_kind(tracker(form=None), asked, "manufacture_date") == "dont_know_help"


@pytest.mark.parametrize("replies", [
    OFFER,
    bot("Would you like a refund or a replacement?"),
    bot("Your unit is affected. Shall I arrange a return for you?"),
    bot("To be safe, would you like us to arrange a replacement?"),
    [{"text": "What would suit you best?", "buttons": [{"title": "Refund"}, {"title": "Replacement"}]}],
])
def test_an_offered_return_is_answered_with_return_offer(replies):
    assert ce.choose_kind(tracker(form=None), replies, "manufacture_date") == "return_offer"


def test_anything_else_and_statements():
    not_affected = bot("Good news: your A1229 made in 2022 is outside the recalled period.",
                       "Is there anything else I can help with?")
    assert ce.choose_kind(tracker(form=None), not_affected, "manufacture_date") == "anything_else"
    opened = bot("Your return is open: ticket RT-000001. A confirmation email is on its way to a@example.com.")
    assert ce.choose_kind(tracker(form=None), opened, "confirm") == "anything_else"
    assert ce.choose_kind(tracker(form=None), bot(HANDOFF_HUMAN), "model_number") == "anything_else"


def test_an_unknown_model_is_answered_with_the_model_number_not_a_date_clarification():
    unknown = [{"text": "I can't find model A9999 in our recall list, so I can't confirm anything about it. "
                        "Did you mean A1263? Please check the number on the back of the unit.",
                "buttons": [{"title": "A1263"}, {"title": "Talk to a person"}]}]
    assert ce.choose_kind(tracker(form=None), unknown, "manufacture_date") == "model_number"
    assert ce.choose_kind(tracker(form=None), unknown, None) == "model_number"


# --------------------------------------------------------------------------- the judge


def test_judge_accepts_the_expected_replacement():
    expect = {"recall_status": "affected", "ticket": "replacement", "ticket_postcode": "LS6 2AB",
              "ticket_country": "United Kingdom", "handoff": "none"}
    slots = {"recall_status": "affected", "postcode": "ls62ab", "country": "united  kingdom"}
    assert ce.judge(expect, slots, [{"remedy": "replacement"}], []) == []


def test_judge_prefers_the_tickets_own_address_to_the_slots():
    expect = {"ticket": "replacement", "ticket_postcode": "80331", "ticket_country": "Germany"}
    ticket = {"remedy": "replacement", "postcode": "80313", "address": {"country": "Deutschland"}}
    reasons = ce.judge(expect, {"postcode": "80331", "country": "Germany"}, [ticket], [])
    assert reasons == ["ticket postcode '80313', expected '80331'",
                       "ticket country 'Deutschland', expected 'Germany'"]


@pytest.mark.parametrize(("expect", "slots", "tickets", "reason"), [
    ({"ticket": "none"}, {}, [{"remedy": "refund"}], "expected no ticket, got 1 (refund)"),
    ({"ticket": "refund"}, {}, [], "expected one refund ticket, got 0 (none)"),
    ({"ticket": "refund"}, {}, [{"remedy": "replacement"}], "expected one refund ticket, got 1 (replacement)"),
    ({"ticket": "refund"}, {}, [{"remedy": "refund"}] * 2, "expected one refund ticket, got 2 (refund, refund)"),
    ({"recall_status": "needs_date"}, {"recall_status": "affected"}, [],
     "recall_status 'affected', expected 'needs_date'"),
])
def test_judge_reports_ticket_and_verdict_mismatches(expect, slots, tickets, reason):
    assert ce.judge(expect, slots, tickets, []) == [reason]


def test_judge_ignores_what_is_not_expected():
    assert ce.judge({"ticket": "none", "handoff": "none"}, {"recall_status": "affected"}, [], []) == []
    assert ce.judge({}, {}, [], []) == []  # ticket and handoff default to none


@pytest.mark.parametrize(("wanted", "handoffs", "ok"), [
    ("fire", [{"reason": "fire", "priority": "urgent"}], True),
    ("fire", [{"reason": "fire", "priority": "normal"}], False),
    ("fire", [], False),
    ("human_request", [{"reason": "human_request", "priority": "normal"}], True),
    ("human_request", [{"reason": "fallback", "priority": "normal"}], False),
    ("none", [], True),
    ("none", [{"reason": "fallback", "priority": "normal"}], False),
])
def test_judge_checks_the_handoff(wanted, handoffs, ok):
    assert (ce.judge({"handoff": wanted}, {}, [], handoffs) == []) is ok


# --------------------------------------------------------------------------- file and report


def test_load_customers_reads_the_format_and_filters(tmp_path):
    path = tmp_path / "c.yml"
    path.write_text("conversations:\n"
                    "  - {id: a1, persona: P, opening: [hi], answers: {email: x@example.com}, expect: {ticket: none}}\n"
                    "  - {id: a2, opening: [hello], answers: {}, expect: {}}\n")
    customers = ce.load_customers(path)
    assert [c.id for c in customers] == ["a1", "a2"]
    assert customers[0].answers == {"email": ["x@example.com"]} and customers[0].expect == {"ticket": "none"}
    assert [c.id for c in ce.load_customers(path, {"a2"})] == ["a2"]


def test_the_blind_set_uses_only_kinds_the_runner_knows():
    customers = ce.load_customers(BLIND)
    assert customers and len({c.id for c in customers}) == len(customers)
    for customer in customers:
        assert customer.opening and set(customer.answers) <= KNOWN_KINDS, customer.id
        assert customer.expect.get("ticket") in ("none", "refund", "replacement"), customer.id
        assert customer.expect.get("handoff") in ("none", "fire", "human_request"), customer.id


def test_format_report_shows_failures_with_their_transcript():
    results = [
        {"id": "c1", "persona": "P1", "turns": 3, "ok": True, "reasons": [], "transcript": []},
        {"id": "c2", "persona": "P2", "turns": 2, "ok": False, "sender": "s", "stop": "loop",
         "reasons": ["expected one refund ticket, got 0 (none)"],
         "transcript": [{"who": "customer", "kind": "opening", "text": "hi"},
                        {"who": "bot", "text": "Which?\nPick one", "buttons": ["Refund", "Replacement"]}]},
    ]
    report = ce.format_report(results)
    assert "ok   c1  P1  (3 turns)" in report and "FAIL c2  P2  (2 turns)" in report
    assert "reason: expected one refund ticket, got 0 (none)" in report
    assert "customer [opening]: hi" in report and "bot: Which?\n        Pick one  [Refund | Replacement]" in report
    assert report.endswith("1/2 customers ended as expected (0.50)")
    blind = ce.format_report(results, transcripts=False)
    assert "FAIL c2  P2  (2 turns)" in blind and blind.endswith("1/2 customers ended as expected (0.50)")
    assert "reason:" not in blind and "customer [opening]" not in blind and "Which?" not in blind


# --------------------------------------------------------------------------- a run against a fake stack


CUSTOMER = ce.Customer(
    id="t1", persona="tester", opening=["Is my power bank recalled?"],
    answers={"model_number": ["A1689"], "manufacture_date": ["01/2024"], "return_offer": ["yes"],
             "remedy": ["replacement"], "customer_name": ["Jo"], "email": ["jo@example.com"],
             "address": ["5 Smith St, Fitzroy 3065, Australia"], "confirm": ["yes"], "anything_else": ["no"]},
    expect={"recall_status": "affected", "ticket": "replacement", "ticket_postcode": "3065",
            "ticket_country": "Australia", "handoff": "none"},
)
# What the fake bot says after each customer turn: (replies, form, requested slot, slots it sets).
SCRIPT = [
    (bot(ASK_MODEL_NUMBER), "recall_form", "model_number", {}),
    (bot(ASK_MANUFACTURE_DATE), "recall_form", "manufacture_date", {}),
    (OFFER, None, None, {"recall_status": "affected"}),
    (bot(ASK_SLOT["remedy"]), "return_form", "remedy", {}),
    (bot(ASK_SLOT["customer_name"]), "return_form", "customer_name", {}),
    (bot(ASK_SLOT["email"]), "return_form", "email", {}),
    (bot("What address should the replacement go to?"), "return_form", "street", {}),
    (bot(READ_BACK), "return_form", "details_confirmed", {"postcode": "3065", "country": "Australia"}),
    (bot("Your return is open: ticket RT-000001.", "Is there anything else I can help with?"), None, None, {}),
    (bot("Goodbye!"), None, None, {}),
]


@pytest_asyncio.fixture
async def fake_stack():
    state: dict[str, Any] = {"said": [], "turn": 0, "slots": {}, "tickets": [], "script": SCRIPT, "auth": []}

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        if state.get("refuse", 0) > 0:  # the stack's rate limit: "please wait", nothing said
            state["refuse"] -= 1
            return web.json_response({"message": "wait"}, status=429, headers={"Retry-After": "0.2"})
        state["said"].append(body["message"])
        if state["turn"] >= len(state["script"]):
            return web.json_response([])
        replies, form, slot, slots = state["script"][state["turn"]]
        state["turn"] += 1
        state["slots"].update({"requested_slot": slot, **slots})
        state["form"] = form
        if slot == "details_confirmed" or state["turn"] == len(state["script"]):
            state["tickets"] = [{"id": "RT-000001", "remedy": "replacement"}]
        return web.json_response(replies)

    async def tracker_view(request: web.Request) -> web.Response:
        if request.query.get("token") != "rasa-token" or request.query.get("include_events") != "NONE":
            return web.Response(status=401)
        return web.json_response({"slots": state["slots"], "active_loop": {"name": state.get("form")}})

    async def api(request: web.Request) -> web.Response:
        state["auth"].append(request.headers.get("Authorization"))
        what = request.match_info["what"]
        return web.json_response({what: state["tickets"] if what == "tickets" else []})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/conversations/{id}/tracker", tracker_view)
    app.router.add_get("/api/{what}", api)
    server = TestServer(app)
    await server.start_server()
    url = str(server.make_url("")).rstrip("/")
    yield ce.Stack(url, url, "rasa-token", "console-token"), state
    await server.close()


async def test_a_customer_is_played_through_and_judged(fake_stack):
    stack, state = fake_stack
    async with aiohttp.ClientSession() as http:
        result = await ce.play(http, stack, CUSTOMER)
    assert state["said"] == ["Is my power bank recalled?", "A1689", "01/2024", "yes", "replacement", "Jo",
                             "jo@example.com", "5 Smith St, Fitzroy 3065, Australia", "yes", "no"]
    kinds = [line["kind"] for line in result["transcript"] if line["who"] == "customer"]
    assert kinds == ["opening", "model_number", "manufacture_date", "return_offer", "remedy", "customer_name",
                     "email", "address", "confirm", "anything_else"]
    assert result["ok"] and result["reasons"] == [] and result["stop"] == "anything_else answered"
    assert result["turns"] == 10 and set(state["auth"]) == {"Bearer console-token"}


async def test_a_please_wait_is_waited_out_and_the_message_sent_again(fake_stack):
    stack, state = fake_stack
    state["refuse"] = 2
    async with aiohttp.ClientSession() as http:
        result = await ce.play(http, stack, CUSTOMER)
    assert state["said"][:2] == ["Is my power bank recalled?", "A1689"]
    assert result["ok"] and result["turns"] == 10


async def test_a_question_asked_three_times_is_a_loop(fake_stack):
    stack, state = fake_stack
    state["script"] = [(bot(ASK_MODEL_NUMBER), "recall_form", "model_number", {})] * 10
    async with aiohttp.ClientSession() as http:
        result = await ce.play(http, stack, CUSTOMER)
    assert result["stop"] == "loop" and not result["ok"] and result["turns"] == 3
    assert result["reasons"][0].startswith("loop: the bot asked the same question 3 times")


async def test_no_answer_twice_ends_the_conversation(fake_stack):
    stack, state = fake_stack
    state["script"] = [(bot("Which colour is it?"), "recall_form", "colour", {}),
                       (bot("Sorry, which colour is it?"), "recall_form", "colour", {})]
    async with aiohttp.ClientSession() as http:
        result = await ce.play(http, stack, CUSTOMER)
    assert state["said"] == ["Is my power bank recalled?", "I don't know"]
    assert result["stop"] == "no answer" and "no answer for colour" in result["reasons"]


async def test_a_failing_http_call_is_a_failure_with_the_error(fake_stack):
    stack, _ = fake_stack
    broken = ce.Stack(stack.rasa_url, stack.console_url, "wrong-token", "console-token")
    async with aiohttp.ClientSession() as http:
        result = await ce.play(http, broken, CUSTOMER)
    assert result["stop"] == "error" and not result["ok"]
    assert result["reasons"][0].startswith("turn 1: HTTP call failed: ClientResponseError: 401")


def test_main_exits_2_when_nothing_answers(tmp_path, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    conversations = tmp_path / "c.yml"
    conversations.write_text("conversations:\n  - {id: a1, opening: [hi], answers: {}, expect: {}}\n")
    out = tmp_path / "out.json"
    status = ce.main(["--conversations", str(conversations), "--rasa-url", f"http://127.0.0.1:{port}",
                      "--console-url", f"http://127.0.0.1:{port}", "--out", str(out)])
    assert status == 2 and not out.exists()
    assert "make run" in capsys.readouterr().err


def test_main_writes_the_json_report(tmp_path, monkeypatch, capsys):
    result = {"id": "a1", "persona": "", "turns": 1, "ok": True, "reasons": [], "transcript": []}

    async def fake_run_all(stack, customers, concurrency):
        return [result]

    monkeypatch.setattr(ce, "run_all", fake_run_all)
    conversations = tmp_path / "c.yml"
    conversations.write_text("conversations:\n  - {id: a1, opening: [hi], answers: {}, expect: {}}\n")
    out = tmp_path / "eval" / "out.json"
    assert ce.main(["--conversations", str(conversations), "--out", str(out), "--strict"]) == 0
    report = json.loads(out.read_text())
    assert report["summary"]["success_rate"] == 1.0 and report["results"] == [result]
    assert "1/1 customers ended as expected (1.00)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        ce.main(["--conversations", str(conversations), "--only", "zz9"])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Puis-je vous aider pour autre chose ?", "anything_else"),
        ("Nous vous proposons un remboursement ou un remplacement. Que préférez-vous ?", "return_offer"),
        ("¿Cuál es el número de modelo de su batería externa?", "model_number"),
        ("Welches Datum steht auf Ihrer Powerbank? Wenn Sie gar keines finden, sagen Sie es mir.", "dont_know_help"),
    ],
)
def test_the_bots_questions_in_other_languages(text: str, kind: str) -> None:
    from bot.ops.conversation_eval import choose_kind

    assert choose_kind({"slots": {}}, [{"text": text}], None) == kind
