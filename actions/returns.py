"""Returns: who may have one, the form that collects the details, the ticket."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.common import (
    channel,
    database_unavailable,
    fire_signal,
    latest_intent,
    previous_slot_value,
    reset,
)
from actions.photos import latest_photo
from actions.recall import run_check, say_other_units
from actions.texts import button, detail_error, language, remedy, say, text, when
from bot.core.db import session_scope
from bot.core.settings import get_settings
from bot.i18n import normalise
from bot.photos.records import conversation_photos
from bot.recall import addresses
from bot.recall import contact_checks as details
from bot.recall.catalogue import Verdict
from bot.recall.mailer import next_steps
from bot.recall.outbox import send_now
from bot.recall.tickets import Remedy, ReturnRequest, TicketError, open_ticket
from bot.understanding.declines import skips_optional_question
from bot.understanding.form_answers import (
    asks_why_needed,
    find_correction,
    is_clear_stop,
    read_remedy,
    reads_as_detail,
    reads_as_yes,
)

ADDRESS_SLOTS = list(addresses.ADDRESS_PARTS)
DETAIL_SLOTS = ("customer_name", "email", *ADDRESS_SLOTS)
MAX_TRIES = 2  # a detail is asked twice at most, then kept as written for an agent


def is_eligible(tracker: Tracker) -> bool:
    """An affected unit, or a recalled one whose date the customer cannot find."""
    status = tracker.get_slot("recall_status")
    return status == Verdict.AFFECTED.value or (
        status == Verdict.NEEDS_DATE.value and bool(tracker.get_slot("date_unknown"))
    )


class ActionCheckReturnEligibility(Action):
    def name(self) -> str:
        return "action_check_return_eligibility"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        eligible = is_eligible(tracker)
        if not eligible:
            never_checked = tracker.get_slot("recall_status") is None
            say(dispatcher, tracker, "check_first" if never_checked else "return_not_possible")
        return [SlotSet("return_eligible", eligible)]


class ValidateReturnForm(FormValidationAction):
    """Checks each detail where it is given; asks where a replacement goes or a refund's return comes from.

    A reply to a question is taken as its answer whatever the intent classifier made
    of it, unless it is a clear stop or a fire report (bot.understanding.form_answers). A whole
    address in one message is split into its parts (bot.recall.addresses). A detail that
    fails twice is kept as the customer wrote it and flagged on the ticket for an
    agent: no question is asked a third time.
    """

    def name(self) -> str:
        return "validate_return_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        address = ADDRESS_SLOTS if _asks_address(tracker) and not tracker.get_slot("address_as_written") else []
        photo = ["refund_photo"] if _needs_refund_photo(tracker) else []
        return ["remedy", *photo, "customer_name", "email", *address, "details_confirmed"]

    async def extract_refund_photo(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """REQUIRE_PHOTO_FOR_REFUND: the photo just sent, or one sent earlier in the conversation."""
        if not _needs_refund_photo(tracker) or tracker.get_slot("refund_photo"):
            return {}
        sent = latest_photo(tracker)
        if sent and isinstance(sent.get("id"), str):
            return {"refund_photo": sent["id"]}
        earlier = await asyncio.to_thread(_earlier_photo, tracker.sender_id)
        if earlier:
            return {"refund_photo": earlier}
        if tracker.get_slot("requested_slot") == "refund_photo":
            if sent and sent.get("error"):
                return {"refund_photo": None}  # action_read_label_photo is not run: the question says it
            remedy = read_remedy(_reply(tracker)) if not _reply(tracker).startswith("/") else None
            # Anything but a photo or another remedy: asked again (the form must not stall).
            return {"refund_photo": None, **({"remedy": remedy} if remedy else {})}
        return {}

    # --- extraction: free-text answers and whole addresses ---------------------------

    async def extract_remedy(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """ "replacment", "I prefer refund of money", "replacement please, not the money".

        Also when the form starts: "I'd like my money back for my A1263" is already the answer.
        """
        switched = _switches_remedy(tracker)
        if switched:
            say(dispatcher, tracker, f"switched_to_{switched}")
            return {"remedy": switched}
        if tracker.get_slot("requested_slot") not in ("remedy", None) or tracker.get_slot("remedy"):
            return {}
        if _reply(tracker).startswith("/"):
            return {}
        remedy = read_remedy(_reply(tracker))
        return {"remedy": remedy} if remedy else {}

    async def extract_customer_name(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {"customer_name": _reply(tracker)} if _is_answer_to("customer_name", tracker) else {}

    async def extract_email(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return {"email": _reply(tracker)} if _is_answer_to("email", tracker) else {}

    async def extract_street(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """The whole address, or the part asked for (runs first of the address slots)."""
        requested = tracker.get_slot("requested_slot")
        if requested not in ADDRESS_SLOTS or not _is_answer_to(requested, tracker):
            return {}
        return address_parts(_reply(tracker), requested=requested, known_country=tracker.get_slot("country"))

    async def extract_details_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """A correction at the read-back changes just that part ("the postcode is 80331")."""
        correction = _correction(tracker)
        if correction is None:
            yes = tracker.get_slot("requested_slot") == "details_confirmed" and reads_as_yes(_reply(tracker))
            return {"details_confirmed": True} if yes else {}
        changes: dict[str, Any] = {}
        for slot, value in correction.items():
            if slot == "address":
                changes.update(dict.fromkeys(ADDRESS_SLOTS))
                changes.update(address_parts(str(value), requested="street", known_country=None))
            else:
                changes[slot] = value
        return {**changes, "details_confirmed": None}

    # --- validation --------------------------------------------------------------------

    def _fail(self, slot: str, error: str, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """Says what is wrong; the second failure of a detail keeps it as written for an agent."""
        group = _group(slot)
        counts = dict(tracker.get_slot("detail_failures") or {})
        counts[group] = counts.get(group, 0) + 1
        total = int(tracker.get_slot("return_failures") or 0) + 1
        result: dict[str, Any] = {slot: None, "detail_failures": counts, "return_failures": total}
        if counts[group] < MAX_TRIES:
            dispatcher.utter_message(text=error)
            return result
        written = _reply(tracker)
        to_check = sorted({*(tracker.get_slot("details_to_check") or []), group})
        if group == "address":
            known = [tracker.get_slot(s) for s in ADDRESS_SLOTS if tracker.get_slot(s) and s != slot]
            result.update(dict.fromkeys(ADDRESS_SLOTS))
            result["address_as_written"] = ", ".join(dict.fromkeys([*known, written]))
        else:
            result[slot] = written[:254]
        result["details_to_check"] = to_check
        talk_to_person = button(language(tracker), "button_talk_to_person", "/request_human")
        say(dispatcher, tracker, "kept_as_written", buttons=[talk_to_person])
        return result

    def _check(
        self,
        slot: str,
        value: Any,
        clean: Callable[[object], str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
    ) -> dict[str, Any]:
        if slot in DETAIL_SLOTS and (_switches_remedy(tracker) or _reply(tracker).startswith("/")):
            return {slot: None}  # Rasa's from_text mapping took "refund instead", or a button's payload
        if slot in ADDRESS_SLOTS and _is_refund(tracker) and skips_optional_question(_reply(tracker)):
            return {slot: None, "address_skipped": True}  # the return label is filled in by hand
        if slot in DETAIL_SLOTS and asks_why_needed(_reply(tracker)):
            # "why do you need my email?": the reason, then the same question again (no failure counted)
            say(dispatcher, tracker, f"why_{_group(slot)}")
            return {slot: None}
        try:
            return {slot: clean(value)}
        except details.DetailError as error:
            return self._fail(slot, detail_error(language(tracker), error), dispatcher, tracker)

    def validate_remedy(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        remedy = str(value).lower()
        if remedy not in {r.value for r in Remedy}:  # e.g. two remedy entities: read the words
            remedy = read_remedy(_reply(tracker)) or remedy
        if remedy not in {r.value for r in Remedy}:
            say(dispatcher, tracker, "remedy_not_offered")
            return {"remedy": None}
        changed = tracker.get_slot("details_confirmed") is not None or tracker.get_slot("requested_slot") == "details_confirmed"
        return {"remedy": remedy, "details_confirmed": None} if changed else {"remedy": remedy}

    def validate_customer_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("customer_name", value, details.clean_name, dispatcher, tracker)

    def validate_email(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        if value and "email" in (tracker.get_slot("details_to_check") or []) and value == _reply(tracker)[:254]:
            return {"email": value}  # kept as written: an agent checks it
        return self._check("email", value, details.clean_email, dispatcher, tracker)

    def validate_street(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("street", value, details.clean_street, dispatcher, tracker)

    def validate_city(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        return self._check("city", value, details.clean_city, dispatcher, tracker)

    def validate_postcode(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        country = addresses.country_by_name(tracker.get_slot("country") or "")
        return self._check("postcode", value, lambda v: details.clean_postcode(v, country), dispatcher, tracker)

    def validate_country(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        result = self._check("country", value, details.clean_country, dispatcher, tracker)
        country = addresses.country_by_name(result.get("country") or "")
        postcode = tracker.get_slot("postcode")
        if country and postcode and addresses.check_postcode(postcode, country) is None:
            lang = language(tracker)
            hint = text(lang, "postcode_hint", postcode=postcode, country=addresses.country_name(country, lang), example=country.example)
            failed = self._fail("postcode", hint, dispatcher, tracker)
            return {**result, **failed, "country": result["country"]}
        return result

    def validate_details_confirmed(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> dict[str, Any]:
        """Yes opens the ticket; a correction was applied by the extraction; a bare no asks what to change.

        (Only required slots survive extraction in Rasa SDK, so the flags are set here.)
        """
        if value is True:
            return {"details_confirmed": True, "change_requested": None}
        correction = _correction(tracker)
        if correction is None:
            return {"details_confirmed": None, "change_requested": True}
        result: dict[str, Any] = {"details_confirmed": None, "change_requested": None}
        if "address" in correction or set(correction) & set(ADDRESS_SLOTS):
            result.update({"address_as_written": None, **_without_check(tracker, "address")})
        return result


def _group(slot: str) -> str:
    """A detail's group: the address parts are one ("address"), the others their own."""
    return "address" if slot in ADDRESS_SLOTS else slot


def _is_refund(tracker: Tracker) -> bool:
    return tracker.get_slot("remedy") == Remedy.REFUND.value


def _asks_address(tracker: Tracker) -> bool:
    """A replacement is posted to an address; a refund's return label is sent from one, which may be skipped."""
    if tracker.get_slot("remedy") == Remedy.REPLACEMENT.value:
        return True
    return _is_refund(tracker) and not tracker.get_slot("address_skipped")


def _has_address(tracker: Tracker) -> bool:
    """Whether the customer gave an address (whole, in parts, or kept as written)."""
    return bool(tracker.get_slot("address_as_written") or any(tracker.get_slot(s) for s in ADDRESS_SLOTS))


def _needs_refund_photo(tracker: Tracker) -> bool:
    return get_settings().require_photo_for_refund and _is_refund(tracker)


def _earlier_photo(conversation_id: str) -> str | None:
    try:
        with session_scope() as session:
            photos = conversation_photos(session=session, conversation_id=conversation_id)
    except SQLAlchemyError as error:
        database_unavailable(error)
        return None
    return photos[-1].public_id if photos else None


class ActionAskRefundPhoto(Action):
    """REQUIRE_PHOTO_FOR_REFUND: asks for a photo of the label before a refund."""

    def name(self) -> str:
        return "action_ask_refund_photo"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        again = tracker.get_slot("requested_slot") == "refund_photo"
        sent = latest_photo(tracker)
        lang = language(tracker)
        if again and sent and sent.get("error"):
            say(dispatcher, tracker, "photo_cant_open")
        say(
            dispatcher,
            tracker,
            "refund_photo_still_needed" if again and not sent else "ask_refund_photo",
            buttons=[
                button(lang, "button_replacement_instead", '/inform{"remedy": "replacement"}'),
                button(lang, "button_talk_to_person", "/request_human"),
            ],
        )
        return []


def _reply(tracker: Tracker) -> str:
    return str(tracker.latest_message.get("text") or "")


def _correction(tracker: Tracker) -> dict[str, Any] | None:
    """What the reply to the read-back asks to change, if it names something."""
    if tracker.get_slot("requested_slot") != "details_confirmed" or _reply(tracker).startswith("/"):
        return None
    return find_correction(_reply(tracker))


def _switches_remedy(tracker: Tracker) -> str | None:
    """The other remedy, asked for in answer to a detail's question ("hmm, can I just get a refund
    instead?" when asked for the address); None for an answer that could be the detail itself."""
    text = _reply(tracker)
    if tracker.get_slot("requested_slot") not in DETAIL_SLOTS or text.startswith("/") or re.search(r"[\d@]", text):
        return None
    if reads_as_detail("customer_name", text):  # a name is a name, even "Jane Money"
        return None
    wanted = read_remedy(text)
    # Compared with the remedy before this message: extract_remedy may have switched it already.
    before = previous_slot_value(tracker, "remedy") or tracker.get_slot("remedy")
    return wanted if wanted and wanted != before else None


def _is_answer_to(slot: str, tracker: Tracker) -> bool:
    """Whether the latest message answers the open question for `slot`.

    Rasa's `from_text` mappings fill the slot for any intent but a stop, a person or a
    fire; this also takes the reply when the classifier said `cancel` for something that
    is no clear stop ("Mario Rossi"), or when a fire word is plainly part of the name or
    address ("Hannah Sparks", "12 Flame Street").
    """
    text = _reply(tracker)
    if tracker.get_slot("requested_slot") != slot or not text.strip() or text.startswith("/"):
        return False
    if _switches_remedy(tracker):
        return False
    intent = latest_intent(tracker)
    if intent == "cancel":
        return not is_clear_stop(text)
    if intent == "report_fire":
        return reads_as_detail(slot, text, fire_signal(tracker).get("matched"))
    return intent != "request_human"


def address_parts(text: str, *, requested: str, known_country: str | None) -> dict[str, Any]:
    """The address parts in a reply: all of them for the address question, else the part asked."""
    country = addresses.country_by_name(known_country or "")
    parsed = addresses.parse_address(text, country_code=country.code if country else None)
    parts: dict[str, Any] = dict(parsed.parts())
    if "country" in parts and requested != "street" and not parsed.country_written:
        parts.pop("country")  # "1100-053" asked as a postcode: the country is asked, not guessed
    if known_country and "country" in parts and parsed.country_code == (country.code if country else None):
        parts.pop("country")  # already known: leave it as it is
    if requested == "street" or len(parts) >= 2:
        return parts or {requested: text}
    return {requested: text}


def _without_check(tracker: Tracker, group: str) -> dict[str, Any]:
    remaining = [d for d in tracker.get_slot("details_to_check") or [] if d != group]
    counts = {k: v for k, v in (tracker.get_slot("detail_failures") or {}).items() if k != group}
    return {"details_to_check": remaining or None, "detail_failures": counts or None}


class ActionAskDetailsConfirmed(Action):
    """Reads the details back before anything is opened, or asks what to change."""

    def name(self) -> str:
        return "action_ask_details_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = tracker.get_slot
        lang = language(tracker)
        replacement = slot("remedy") == Remedy.REPLACEMENT.value
        address = _has_address(tracker)
        if slot("change_requested"):
            # The payloads are typed answers that bot.understanding.form_answers reads.
            choices = [button(lang, "button_change_name", "my name"), button(lang, "button_change_email", "my email")]
            choices += [button(lang, "button_change_address", "the address")] if replacement or address else []
            other = Remedy.REFUND if replacement else Remedy.REPLACEMENT
            choices.append(button(lang, f"button_instead_{other.value}", f"{other.value} instead"))
            say(dispatcher, tracker, "what_to_change", buttons=choices)
            return []
        unit = {"remedy": remedy(lang, slot("remedy"), "a"), "model_number": slot("model_number")}
        made = slot("manufacture_date")
        lines = [
            text(lang, "readback_unit_made", **unit, when=when(lang, made)) if made else text(lang, "readback_unit", **unit),
            text(lang, "readback_name", name=slot("customer_name")),
            text(lang, "readback_email", email=slot("email")),
        ]
        if address:
            lines.append(text(lang, "readback_address", address=readable_address(tracker)))
        lines.append(text(lang, "readback_question"))
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=[button(lang, "button_yes_open_it", "/affirm"), button(lang, "button_no_change_something", "/deny")],
        )
        return []


def readable_address(tracker: Tracker) -> str:
    """The address as its country writes it: "80331 München" or "Sydney 2000"."""
    slot = tracker.get_slot
    if slot("address_as_written"):
        return text(language(tracker), "address_as_written", address=slot("address_as_written"))
    country = addresses.country_by_name(slot("country") or "", whole_answer=True)
    town = f"{slot('postcode')} {slot('city')}"
    if country is not None and not country.postcode_first:
        town = f"{slot('city')} {slot('postcode')}"
    return f"{slot('street')}, {town}, {addresses.readable_country(slot('country'), language(tracker))}"


class ActionOpenTicket(Action):
    """Opens the ticket (once per unit and conversation) and says what happens next."""

    def name(self) -> str:
        return "action_open_ticket"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        slot = tracker.get_slot
        if not slot("details_confirmed"):
            dispatcher.utter_message(response="utter_cancelled")
            return reset("details_confirmed")
        address = _has_address(tracker)
        request = ReturnRequest(
            conversation_id=tracker.sender_id,
            channel=channel(tracker),
            model_number=slot("model_number"),
            manufacture_date=slot("manufacture_date"),
            verdict=slot("recall_status") or run_check(tracker).verdict.value,
            remedy=Remedy(slot("remedy")),
            customer_name=slot("customer_name"),
            email=slot("email"),
            street=slot("street") if address else None,
            city=slot("city") if address else None,
            postcode=slot("postcode") if address else None,
            country=slot("country") if address else None,
            needs_check=tuple(slot("details_to_check") or ()),
            address_as_written=slot("address_as_written") if address else None,
            language=normalise(slot("language")),
        )
        settings = get_settings()
        lang = language(tracker)
        try:
            with session_scope() as session:
                # The confirmation is queued in the ticket's transaction, and sent only after it commits.
                ticket, created = open_ticket(session=session, request=request, confirm_by_email=bool(settings.smtp_url))
                ticket_id, public_id, steps = ticket.id, ticket.public_id, next_steps(ticket, lang)
                emailed = ticket.email_status in ("pending", "sent")
        except (SQLAlchemyError, TicketError) as error:
            database_unavailable(error)
            say(dispatcher, tracker, "ticket_failed")
            return []
        if created and emailed:  # one try now; the console's worker retries it from the outbox
            await asyncio.to_thread(send_now, ticket_id=ticket_id, settings=settings)
        sentences = [text(lang, "ticket_opened" if created else "ticket_already_open", ticket_id=public_id), steps]
        if emailed:
            sentences.append(text(lang, "ticket_email_on_its_way", email=slot("email")))
        sentences.append(text(lang, "ticket_ask_later", ticket_id=public_id))
        dispatcher.utter_message(text=" ".join(sentences))
        say_other_units(dispatcher, tracker, now=True)
        return [
            SlotSet("ticket_id", public_id),
            SlotSet("return_offered", False),
            SlotSet("details_confirmed", None),
            SlotSet("return_failures", 0),
            SlotSet("detail_failures", None),
            SlotSet("details_to_check", None),
            SlotSet("change_requested", None),
            SlotSet("address_skipped", None),
        ]
