"""Checks of what a customer types into the return form: one clear reason per failure."""

from __future__ import annotations

import re

from bot.recall.addresses import Country, check_postcode, country_by_name

EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
EMAIL_IN_TEXT_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
POSTCODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{1,9}$")
LETTER_RE = re.compile(r"[^\W\d_]", re.UNICODE)
CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


class DetailError(ValueError):
    """A detail that cannot be used, with a sentence the customer can act on."""


def _clean(value: object, max_length: int) -> str:
    text = CONTROL_RE.sub(" ", str(value or "")).strip()
    text = re.sub(r"\s+", " ", text)
    if len(text) > max_length:
        raise DetailError(f"That's longer than I can take ({max_length} characters at most).")
    return text


_SPOKEN_AT = re.compile(r"\s*(?:\(at\)|\[at\]|\bat\b)\s*", re.I)
_SPOKEN_DOT = re.compile(r"\s*(?:\(dot\)|\[dot\]|\bdot\b)\s*", re.I)
_EMAIL_LEAD_IN = re.compile(r"^(?:(?:my|the)\s+)?(?:e-?mail(?:\s+address)?|address)(?:\s+is)?\s*[:=-]?\s*|^(?:it'?s|its)\s+", re.I)
_COMMON_DOMAINS = ("gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "gmx.de", "web.de", "orange.fr")


def clean_email(value: object) -> str:
    """An email address from what the customer typed, its syntax checked by `email-validator`.

    Obvious slips are mended where there is only one reading: a comma for the dot in
    the domain ("jane@example,com"), spoken forms ("jane at example dot com"), spaces.
    No deliverability look-up is made.

    Raises:
        DetailError: with a hint the customer can act on (no @, no domain, no ending).
    """
    from email_validator import EmailNotValidError, validate_email

    text = _EMAIL_LEAD_IN.sub("", _clean(value, 254)).strip(" .;:<>()[]\"'")
    found = EMAIL_IN_TEXT_RE.search(text.replace(",", "."))
    if found:
        candidate = found.group(0)
    elif "@" in text:
        candidate = next(w for w in text.split() if "@" in w)
    elif _SPOKEN_AT.search(text) and " " in text:
        candidate = _SPOKEN_DOT.sub(".", _SPOKEN_AT.sub("@", text)).replace(" ", "")
    else:
        candidate = text
    local, at, domain = candidate.strip(".,;:<>()[]\"'").partition("@")
    candidate = f"{local}{at}{domain.replace(',', '.').strip('.')}"
    if not at:
        raise DetailError("That doesn't look like an email address: it needs an @, like jane@example.com.")
    if not local:
        raise DetailError("The part before the @ is missing. Could you type the whole address, like jane@example.com?")
    if not domain:
        raise DetailError("The domain after the @ is missing (like example.com). Could you type the whole address?")
    try:
        return validate_email(candidate, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        if "." not in domain:
            guess = next((d for d in _COMMON_DOMAINS if d.startswith(domain.lower() + ".")), None)
            hint = f" Did you mean {local}@{guess}?" if guess else ""
            raise DetailError(
                f"The address seems to be missing its ending after {domain} (like .com or .de).{hint} "
                "Could you type it again?"
            ) from error
        raise DetailError(f"That email address doesn't look right ({_email_reason(error)}). Could you type it again?") from error


# email-validator's reasons, as the few kinds a customer can act on (email_reason_* in
# bot/i18n/catalogue, which actions.texts.detail_error says in the customer's language).
_LISTED_CHARACTERS = re.compile(r"characters?[^:]*: (?P<chars>.+?)\.?$")
_EMAIL_REASON_KINDS = (
    (re.compile(r"period|hyphen"), "email_reason_dots"),
    (re.compile(r"too long"), "email_reason_too_long"),
    (re.compile(r"display name|angle bracket|[Qq]uot|anything after"), "email_reason_extra"),
    (re.compile(r"after the @-sign|top-level domain"), "email_reason_domain"),
)


def _email_reason(error: Exception) -> str:
    """email-validator's reason ("The email address contains invalid characters before the
    @-sign: ','.") as the catalogue's English phrase for its kind."""
    from bot.i18n.texts import text

    reason = str(error)
    listed = _LISTED_CHARACTERS.search(reason)
    if listed:
        chars = listed["chars"]
        return text("en", "email_reason_space") if chars == "SPACE" else text("en", "email_reason_characters", chars=chars)
    kind = next((key for pattern, key in _EMAIL_REASON_KINDS if pattern.search(reason)), "email_reason_other")
    return text("en", kind)


_NAME_LEAD_IN = re.compile(
    r"^(?:(?:hi|hello|hey|ok|okay|sure|yes)[,!.]?\s+)?(?:(?:my\s+(?:full\s+)?name\s+is|my\s+name'?s|name\s*[:=-]|i'?m|i\s+am"
    r"|it'?s|its|this\s+is|call\s+me)\s+)?",
    re.I,
)


def clean_name(value: object) -> str:
    """A person's name, whatever words it is made of ("my name is" and the like taken off).

    Raises:
        DetailError: for an empty name, or one without letters (only digits or symbols).
    """
    text = _NAME_LEAD_IN.sub("", _clean(value, 200)).strip(" .,!")
    if not text or not LETTER_RE.search(text):
        raise DetailError("I need your name in letters, for example \"Jane Smith\".")
    if sum(ch.isdigit() for ch in text) > len(text) // 2:
        raise DetailError("That looks like a number rather than a name. What is your full name?")
    return text


def clean_street(value: object) -> str:
    text = _clean(value, 300)
    if len(text) < 3 or not LETTER_RE.search(text):
        raise DetailError("I need the street and house number, for example \"12 High Street\".")
    return text


def clean_city(value: object) -> str:
    text = _clean(value, 120)
    if len(text) < 2 or not LETTER_RE.search(text):
        raise DetailError("Which town or city should the replacement go to?")
    return text


def clean_postcode(value: object, country: Country | None = None) -> str:
    """A postcode or ZIP code, checked against the country's format when it is known.

    Raises:
        DetailError: when nothing postcode-like was given, or it does not fit the country.
    """
    text = _clean(value, 40).upper()
    text = re.sub(r"^(POSTCODE|POST CODE|POSTAL CODE|ZIP|ZIP CODE|ZIPCODE|PLZ|EIRCODE)[:\s]*", "", text).strip()
    if country is not None:
        checked = check_postcode(text, country)
        if checked is None:
            raise DetailError(postcode_hint(text, country))
        return checked
    if not POSTCODE_RE.match(text) or not any(ch.isdigit() for ch in text):
        raise DetailError(
            "I need a postcode or ZIP code to send the replacement, for example \"SW1A 1AA\" or \"94107\"."
        )
    return text


def postcode_hint(postcode: str, country: Country) -> str:
    """Why a postcode does not fit, and what one looks like there."""
    return (
        f"\"{postcode}\" doesn't look like a postcode in {country.name} (they look like {country.example}). "
        "Could you check it?"
    )


def clean_country(value: object) -> str:
    """The country: its English name when we know it ("Deutschland" -> Germany), else as written."""
    text = _clean(value, 80)
    if len(text) < 2 or not LETTER_RE.search(text):
        raise DetailError("Which country should the replacement go to?")
    country = country_by_name(text, whole_answer=True)
    return country.name if country else text


def mask_email(email: str) -> str:
    """`jane.smith@example.com` -> `j***@example.com` (for lists and logs)."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"
