"""Play simulated customers against the running stack and check how each conversation ended.

    python -m bot.ops.conversation_eval [--conversations tests/blind/conversations.yml]
        [--rasa-url http://localhost:5005] [--console-url http://localhost:8000]
        [--only c001,c002] [--out results/eval/conversations.json] [--strict]

Each customer talks over the REST channel under a fresh sender id. After every turn the
runner reads the tracker (Rasa HTTP API): an open form question (`requested_slot`) or,
without one, the bot's last text decides which of the customer's `answers` comes next.
Afterwards the tracker's `recall_status` and the console API's tickets and handoffs are
compared with the customer's `expect`. Needs the stack running (`make run`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import yaml

from bot.core.settings import get_settings

MAX_TURNS = 25
MAX_SAME_QUESTION = 3
TIMEOUT_S = 30
STRICT_RATE = 0.98
DONT_KNOW = "I don't know"
RATE_LIMIT_RETRIES = 20
Rows = list[dict[str, Any]]

# requested_slot -> answer kind (the same name unless listed; likely renames included).
SLOT_KINDS = {"name": "customer_name", "full_name": "customer_name", "address": "street",
              "shipping_address": "street", "town": "city", "zip": "postcode", "zip_code": "postcode",
              "postal_code": "postcode", "details_confirmed": "confirm", "confirmed": "confirm"}
DATE_KINDS = {"manufacture_date", "date_clarification", "dont_know_help"}


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# The bot's questions in every language it speaks (bot/i18n/catalogue, domain.yml).
CLARIFY_RE = _rx(r"which (one|of|date)|did you mean|do you mean|you meant|vouliez-vous dire|lequel|laquelle|"
                 r"quer[ií]a decir|cu[aá]l (de estas|es el suyo)|meinten sie|welches (meinten|haben|ist)")
DATEISH_RE = _rx(r"\bdates?\b|\b(19|20)\d\d\b|\d{1,2}[/.]\d{1,2}|\b(january|february|march|april|"
                 r"june|july|august|september|october|november|december)\b|\bfecha|datum\b")
MODELISH_RE = _rx(r"\bmodel\b|\b[a-z]\d{4}\b|mod[eè]le|modelo|modell")
WHERE_DATE_RE = _rx(r"where|printed|can'?t find|cannot find|(can|could) you find|able to find|"
                    r"can'?t see|date code|find (it|one)|imprim[ée]|trouvez|impres[ao]|encuentra|"
                    r"aufgedruckt|finden")
ANYTHING_ELSE_RE = _rx(r"anything else|autre chose|algo m[aá]s|sonst noch")
OFFER_RE = _rx(r"refund or (a )?replacement|replacement or (a )?refund|shall i arrange|which would you "
               r"prefer|would you like (us |me )?(to )?(arrange |send )?(a |the )?(return|refund|replac)|"
               r"que pr[ée]f[ée]rez-vous|souhaitez-vous un remboursement|qu[eé] prefiere|"
               r"prefiere un reembolso|was ist ihnen lieber|m[oö]chten sie eine erstattung")
REMEDY_BUTTON_RE = _rx(r"refund|replacement|rembours|remplacement|reembolso|sustituci[oó]n|reemplazo|"
                       r"erstattung|ersatz")
MODEL_QUESTION_RE = _rx(r"model number|check the number|which one is yours|did you mean|num[ée]ro de mod[eè]le|"
                        r"lequel est le v[oô]tre|n[uú]mero de modelo|cu[aá]l es el suyo|modellnummer|"
                        r"welches haben sie")  # no form open
WHERE_DATE_WORD_RE = _rx(r"\bdate|\bfecha|datum\b")


@dataclass
class Customer:
    """One simulated customer of the conversations file."""

    id: str
    persona: str
    opening: list[str]
    answers: dict[str, list[str]]
    expect: dict[str, str]


@dataclass
class AnswerBook:
    """A customer's answers by kind: each list is used in order, its last entry repeated."""

    answers: dict[str, list[str]]
    used: Counter[str] = field(default_factory=Counter)
    said_dont_know: set[str] = field(default_factory=set)

    def answer(self, kind: str) -> tuple[str, str | None]:
        """The next answer for `kind`, as (kind answered, text).

        The street question gets the full `address` while those last, then `street`. Without
        answers of a kind the text is "I don't know" once, then None (the customer gives up).
        """
        if kind == "street" and self.used["address"] < len(self.answers.get("address") or []):
            kind = "address"
        options = [str(o) for o in self.answers.get(kind) or []]
        if not options:
            if kind in self.said_dont_know:
                return kind, None
            self.said_dont_know.add(kind)
            return kind, DONT_KNOW
        self.used[kind] += 1
        return kind, options[min(self.used[kind], len(options)) - 1]


def load_customers(path: Path, only: set[str] | None = None) -> list[Customer]:
    """Read the file's `conversations:` list; `only` keeps just those ids."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    customers = []
    for raw in data.get("conversations") or []:
        answers = {k: v if isinstance(v, list) else [v] for k, v in (raw.get("answers") or {}).items()}
        expect = {k: str(v) for k, v in (raw.get("expect") or {}).items()}
        opening = [str(m) for m in raw.get("opening") or []]
        customers.append(Customer(str(raw["id"]), str(raw.get("persona", "")), opening, answers, expect))
    return [c for c in customers if not only or c.id in only]


def bot_texts(replies: Rows) -> list[str]:
    return [str(r["text"]) for r in replies if r.get("text")]


def button_titles(replies: Rows) -> list[str]:
    return [str(b.get("title", "")) for r in replies for b in r.get("buttons") or []]


def open_slot(tracker: dict[str, Any]) -> str | None:
    """The open form question: `requested_slot` while a form (`active_loop`) is active."""
    requested = (tracker.get("slots") or {}).get("requested_slot")
    return str(requested) if (tracker.get("active_loop") or {}).get("name") and requested else None


def choose_kind(tracker: dict[str, Any], replies: Rows, last_kind: str | None) -> str:
    """What the bot asks for, as an answer kind.

    Args:
        tracker: the tracker after the turn (Rasa HTTP API JSON).
        replies: the bot's messages of the turn.
        last_kind: the kind of the customer's last answer (None after an opening).

    Returns:
        The answer kind; `anything_else` when no question is recognised.
    """
    texts, buttons, slot = bot_texts(replies), button_titles(replies), open_slot(tracker)
    last = texts[-1] if texts else ""
    dateish = bool(DATEISH_RE.search(last) or any(DATEISH_RE.search(b) for b in buttons))
    after_date = not MODELISH_RE.search(last) and (last_kind is None or last_kind in DATE_KINDS)
    if CLARIFY_RE.search(last) and dateish and (slot == "manufacture_date" or (not slot and after_date)):
        return "date_clarification"
    where_date = bool(WHERE_DATE_RE.search(last) and WHERE_DATE_WORD_RE.search(last))
    if slot == "manufacture_date" and where_date:
        return "dont_know_help"
    if slot:
        return SLOT_KINDS.get(slot, slot)
    if ANYTHING_ELSE_RE.search(last):
        return "anything_else"
    question = "?" in last
    if question and (OFFER_RE.search(last) or any(REMEDY_BUTTON_RE.search(b) for b in buttons)):
        return "return_offer"
    if where_date:
        return "dont_know_help"
    return "model_number" if question and MODEL_QUESTION_RE.search(last) else "anything_else"


def _squash(value: Any) -> str:
    return re.sub(r"\s+", "", str(value or "")).casefold()


def _ticket_field(ticket: dict[str, Any], slots: dict[str, Any], name: str) -> Any:
    """A ticket's postcode or country: from the API when it has them, else the tracker slot."""
    address = ticket.get("address") if isinstance(ticket.get("address"), dict) else {}
    return ticket.get(name) or address.get(name) or slots.get(name)


def judge(expect: dict[str, str], slots: dict[str, Any], tickets: Rows, handoffs: Rows) -> list[str]:
    """Compare the customer's `expect` with what the stack recorded.

    Args:
        expect: the customer's `expect` block.
        slots: the final tracker slots.
        tickets: the console API's tickets of the conversation.
        handoffs: the console API's handoffs of the conversation.

    Returns:
        One reason per mismatch; empty when the conversation ended as expected.
    """
    reasons = []
    if "recall_status" in expect and slots.get("recall_status") != expect["recall_status"]:
        reasons.append(f"recall_status {slots.get('recall_status')!r}, expected {expect['recall_status']!r}")
    wanted, remedies = expect.get("ticket", "none"), ", ".join(str(t.get("remedy")) for t in tickets)
    if wanted == "none" and tickets:
        reasons.append(f"expected no ticket, got {len(tickets)} ({remedies})")
    elif wanted != "none" and (len(tickets) != 1 or tickets[0].get("remedy") != wanted):
        reasons.append(f"expected one {wanted} ticket, got {len(tickets)} ({remedies or 'none'})")
    elif wanted != "none":
        for name in ("postcode", "country"):
            want, got = expect.get(f"ticket_{name}"), _ticket_field(tickets[0], slots, name)
            if want is not None and _squash(got) != _squash(want):
                reasons.append(f"ticket {name} {got!r}, expected {want!r}")
    wanted = expect.get("handoff", "none")
    found = ", ".join(f"{h.get('reason')}/{h.get('priority')}" for h in handoffs) or "none"
    if wanted == "none" and handoffs:
        reasons.append(f"expected no handoff, got {found}")
    elif wanted == "fire" and not any(h.get("reason") == "fire" and h.get("priority") == "urgent"
                                      for h in handoffs):
        reasons.append(f"expected an urgent fire handoff, got {found}")
    elif wanted not in ("none", "fire") and not any(h.get("reason") == wanted for h in handoffs):
        reasons.append(f"expected a {wanted} handoff, got {found}")
    return reasons


def _retry_after(header: str | None) -> float:
    try:
        return min(max(float(header or 1), 0.2), 10.0)
    except ValueError:
        return 1.0


@dataclass
class Stack:
    """Where the running stack answers, and its tokens."""

    rasa_url: str
    console_url: str
    rasa_token: str
    console_token: str

    @staticmethod
    async def _json(http: aiohttp.ClientSession, method: str, url: str, **kwargs: Any) -> Any:
        async with http.request(method, url, **kwargs) as response:
            response.raise_for_status()
            return await response.json(content_type=None)

    async def say(self, http: aiohttp.ClientSession, sender: str, text: str) -> Rows:
        """Send one message; a "please wait" (429: the stack's rate limits, all customers
        come from one address here) is waited out as a patient customer would, then sent again."""
        url, body = f"{self.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": text}
        for _ in range(RATE_LIMIT_RETRIES):
            async with http.post(url, json=body) as response:
                if response.status == 429:
                    await asyncio.sleep(_retry_after(response.headers.get("Retry-After")))
                    continue
                response.raise_for_status()
                return list(await response.json(content_type=None) or [])
        raise RuntimeError(f"still rate-limited after {RATE_LIMIT_RETRIES} tries")

    async def tracker(self, http: aiohttp.ClientSession, sender: str) -> dict[str, Any]:
        url, params = f"{self.rasa_url}/conversations/{sender}/tracker", {"token": self.rasa_token}
        return dict(await self._json(http, "GET", url, params={**params, "include_events": "NONE"}) or {})

    async def console(self, http: aiohttp.ClientSession, what: str, sender: str) -> Rows:
        url, params = f"{self.console_url}/api/{what}", {"conversation_id": sender}
        headers = {"Authorization": f"Bearer {self.console_token}"}
        found = await self._json(http, "GET", url, params=params, headers=headers) or {}
        return list(found.get(what) or [])


HTTP_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, ValueError)


def describe(error: BaseException) -> str:
    if isinstance(error, asyncio.TimeoutError):
        return f"timed out after {TIMEOUT_S} s"
    return f"{type(error).__name__}: {error}"


async def converse(http: aiohttp.ClientSession, stack: Stack, customer: Customer, sender: str
                   ) -> tuple[Rows, list[str], int, str]:
    """Talk as `customer` until the conversation ends: (transcript, reasons, turns, why it stopped)."""
    book, asked, transcript = AnswerBook(customer.answers), Counter[str](), []
    openings = list(customer.opening) or ["Hi"]
    message, kind, last_kind, turns = openings.pop(0), "opening", None, 0
    while True:
        turns += 1
        transcript.append({"who": "customer", "kind": kind, "text": message})
        try:
            replies = await stack.say(http, sender, message)
            tracker = await stack.tracker(http, sender)
        except HTTP_ERRORS as error:
            return transcript, [f"turn {turns}: HTTP call failed: {describe(error)}"], turns, "error"
        transcript += [{"who": "bot", "text": r.get("text") or "",
                        "buttons": [b.get("title") for b in r.get("buttons") or []]} for r in replies]
        if kind == "anything_else":
            return transcript, [], turns, "anything_else answered"
        if not replies:
            return transcript, [], turns, "the bot answered nothing"
        if turns >= MAX_TURNS:
            return transcript, [f"not finished after {MAX_TURNS} customer turns"], turns, "turn limit"
        if openings:
            message = openings.pop(0)
            continue
        question = (bot_texts(replies) or [""])[-1]
        asked[question] += 1
        if asked[question] >= MAX_SAME_QUESTION:
            reason = f"loop: the bot asked the same question {MAX_SAME_QUESTION} times: {question[:120]!r}"
            return transcript, [reason], turns, "loop"
        kind, text = book.answer(choose_kind(tracker, replies, last_kind))
        if text is None:
            return transcript, [f"no answer for {kind}"], turns, "no answer"
        message, last_kind = text, kind


async def play(http: aiohttp.ClientSession, stack: Stack, customer: Customer) -> dict[str, Any]:
    """Play one customer, then judge how the conversation ended."""
    sender = str(uuid.uuid4())
    transcript, reasons, turns, stop = await converse(http, stack, customer, sender)
    result: dict[str, Any] = {"id": customer.id, "persona": customer.persona, "sender": sender,
                              "turns": turns, "stop": stop, "transcript": transcript}
    try:
        slots = (await stack.tracker(http, sender)).get("slots") or {}
        tickets = await stack.console(http, "tickets", sender)
        handoffs = await stack.console(http, "handoffs", sender)
    except HTTP_ERRORS as error:
        reasons.append(f"reading the outcome failed: {describe(error)}")
    else:
        reasons += judge(customer.expect, slots, tickets, handoffs)
        result["actual"] = {"recall_status": slots.get("recall_status"), "tickets": tickets,
                            "handoffs": handoffs}
    return {**result, "ok": not reasons, "reasons": reasons}


async def run_all(stack: Stack, customers: list[Customer], concurrency: int = 4) -> Rows | None:
    """Play every customer, `concurrency` at a time; None when the stack is not running."""
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S)) as http:
        for name, url in (("Rasa server", stack.rasa_url), ("console", f"{stack.console_url}/api/health")):
            try:
                async with http.get(url, timeout=aiohttp.ClientTimeout(total=5)):
                    pass
            except HTTP_ERRORS:
                print(f"Nothing answers at {url} (the {name}). The stack must be running: start it "
                      "with `make run` in another terminal, then run this again.", file=sys.stderr)
                return None
        gate = asyncio.Semaphore(max(1, concurrency))

        async def one(customer: Customer) -> dict[str, Any]:
            async with gate:
                try:
                    return await play(http, stack, customer)
                except Exception as error:  # noqa: BLE001 - one broken conversation must not stop the run
                    return {"id": customer.id, "persona": customer.persona, "sender": "", "turns": 0,
                            "stop": "error", "transcript": [], "ok": False,
                            "reasons": [f"runner error: {describe(error)}"]}

        return list(await asyncio.gather(*(one(c) for c in customers)))


def success_rate(results: Rows) -> float:
    return sum(r["ok"] for r in results) / len(results) if results else 0.0


def format_report(results: Rows, *, transcripts: bool = True) -> str:
    """A line per customer, then each failure with its reasons and transcript, then the rate.

    Without `transcripts` (the blind set's: whoever tunes must not read its failures) the
    failures stay in the JSON report only."""
    lines = [f"{'ok  ' if r['ok'] else 'FAIL'} {r['id']}  {r['persona']}  ({r['turns']} turns)"
             for r in results]
    if not transcripts and not all(r["ok"] for r in results):
        lines += ["", "(blind set: the failures' transcripts are in the JSON report only)"]
    for r in (r for r in results if not r["ok"] and transcripts):
        lines += ["", f"--- FAIL {r['id']} ({r['persona']}), sender {r['sender']}, stopped: {r['stop']}"]
        lines += [f"  reason: {reason}" for reason in r["reasons"]]
        for line in r["transcript"]:
            who = f"customer [{line['kind']}]" if line["who"] == "customer" else "bot"
            buttons = f"  [{' | '.join(map(str, line['buttons']))}]" if line.get("buttons") else ""
            lines.append(f"    {who}: " + str(line["text"]).replace("\n", "\n        ") + buttons)
    passed = sum(r["ok"] for r in results)
    lines += ["", f"{passed}/{len(results)} customers ended as expected ({success_rate(results):.2f})"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit status (2: stack not running)."""
    settings = get_settings()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=Path, default=Path("tests/blind/conversations.yml"))
    parser.add_argument("--rasa-url", default=settings.rasa_url)
    parser.add_argument("--console-url", default=settings.console_url)
    parser.add_argument("--only", default="", help="comma-separated customer ids")
    parser.add_argument("--out", type=Path, default=Path("results/eval/conversations.json"))
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--strict", action="store_true", help=f"exit 1 below a success rate of {STRICT_RATE}")
    args = parser.parse_args(argv)
    if not args.conversations.is_file():
        parser.error(f"no such file: {args.conversations}")
    only = {i.strip() for i in args.only.split(",") if i.strip()} or None
    customers = load_customers(args.conversations, only)
    missing = sorted((only or set()) - {c.id for c in customers})
    if missing or not customers:
        parser.error(f"not in {args.conversations}: {', '.join(missing) or 'any customer'}")
    stack = Stack(args.rasa_url.rstrip("/"), args.console_url.rstrip("/"),
                  settings.rasa_api_token, settings.console_api_token)
    results = asyncio.run(run_all(stack, customers, args.concurrency))
    if results is None:
        return 2
    print(format_report(results, transcripts="blind" not in args.conversations.parts))
    summary = {"customers": len(results), "passed": sum(r["ok"] for r in results),
               "success_rate": round(success_rate(results), 4), "rasa_url": stack.rasa_url}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = json.dumps({"summary": summary, "results": results}, indent=2, ensure_ascii=False)
    args.out.write_text(report + "\n", encoding="utf-8")
    print(f"report written to {args.out}")
    return 1 if args.strict and success_rate(results) < STRICT_RATE else 0


if __name__ == "__main__":
    sys.exit(main())
