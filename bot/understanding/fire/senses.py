"""Other senses of the trigger words: "Amazon Fire tablet", "that's fire", "burn a CD", "spark plug".

``excluded_sense`` runs the checks of the candidate's canonical lemma from a
table (``_CHECKS``): canon -> small named predicates, any of which reads the
word in another sense. A few checks apply to several words (another source of
smoke or fire: the kitchen, the barbecue, a cigarette, sources.py; "fire hazard");
the table lists them for each word they apply to. Marks and colours are read in
marks.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from bot.understanding.fire.clauses import Clauses
from bot.understanding.fire.judge import Judge
from bot.understanding.fire.lexicon import (
    ALIGHT_NEXT_EXCLUDE,
    BANG_NEXT_EXCLUDE,
    BLAZE_NEXT_EXCLUDE,
    BLOWUP_NEXT_EXCLUDE_OBJ,
    BURN_NEXT_EXCLUDE,
    BURN_OBJECT_EXCLUDE,
    BURN_OUT_PERSON,
    BURN_THROUGH,
    BURST_NEXT_EXCLUDE,
    COLOURS,
    COMPANY_WORDS,
    DEVICE_WORDS,
    EXPLODE_NEXT_EXCLUDE,
    EXPLODE_SUBJECT_EXCLUDE,
    FIRE_NEXT_EXCLUDE,
    FIRE_NOUN_BEFORE,
    FIRE_PREV_EXCLUDE,
    FIRE_VERB_NEXT,
    HAZARD_NEXT,
    LIGHT_VERBS,
    MELT_NEXT_EXCLUDE,
    MELT_PREV_EXCLUDE,
    SCORCH_NEXT_EXCLUDE,
    SLANG_FIRE_INTENSIFIERS,
    SLANG_FIRE_SUBJECTS,
    SMOKE_NEXT_EXCLUDE,
    SMOKE_PERSON_SUBJECTS,
    SMOKE_PREV_EXCLUDE,
    SMOKER_AUX,
    SMOKES_HABIT_SUBJECTS,
    SPARK_NEXT_EXCLUDE,
    SPARK_OBJECT_EXCLUDE,
    SPARK_PREV_EXCLUDE,
    TRIGGER_CANON_SET,
)
from bot.understanding.fire.marks import black_is_a_colour, mark_is_not_evidence
from bot.understanding.fire.sources import from_another_source, names_the_unit


class _Word(NamedTuple):
    """The candidate at k and its neighbours in the clause (quotes and dashes skipped)."""

    j: Judge
    d: Clauses
    low: list[str]
    k: int
    canon: str
    pk: int  # index of the previous word, -1 if none
    prev: str
    nk: int  # index of the next word, -1 if none
    nxt: str
    nxt2: str


def _word_at(j: Judge, k: int) -> _Word:
    d = j.d
    pk, prev = j.prev(k)
    nk, nxt = j.next(k)
    nxt2 = d.low[nk + 1] if nk >= 0 and nk + 1 < d.c_hi[k] else ""
    return _Word(j, d, d.low, k, d.can[k], pk, prev, nk, nxt, nxt2)


def _subject_in(at: _Word, words: set[str]) -> bool:
    """One of words among the three words before the candidate."""
    d, k = at.d, at.k
    return any(at.low[q] in words for q in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1))


# ---- checks for several words -------------------------------------------------------
def _another_source(at: _Word) -> bool:
    """Not the power bank's: 'smoke from the barbecue', 'my toast burned', 'I burned my hand on the oven' (sources.py)."""
    return from_another_source(at.d, at.k)


def _noun_like(at: _Word) -> bool:
    return at.d.frm[at.k] in {"base", "noun", "adj", "pres"} or at.low[at.k] in {
        "burn", "fire", "smoke", "spark", "flame", "explosion", "burns",
    }


def _hazard(at: _Word) -> bool:
    """'fire hazard', 'burn risk', 'smoke warning'."""
    return _noun_like(at) and at.nxt in HAZARD_NEXT


def _hazards_listed(at: _Word) -> bool:
    """Coordinated hazards: 'fire and burn hazard', 'fire and explosion risk'."""
    if not (_noun_like(at) and at.nxt in {"and", "or", "/", "&", ","} and at.nk >= 0):
        return False
    d, hi = at.d, at.d.c_hi[at.k]
    q = at.nk + 1
    if q < hi and d.can[q] in TRIGGER_CANON_SET:
        after = at.low[q + 1] if q + 1 < hi else ""
        return after in HAZARD_NEXT or after in {"hazard", "hazards"}
    return False


def _busy_subject(at: _Word) -> bool:
    """'sales exploded', 'my inbox blew up', 'the post blew up'."""
    return _subject_in(at, EXPLODE_SUBJECT_EXCLUDE)


# ---- fire ----------------------------------------------------------------------------
def _fire_and_brimstone(at: _Word) -> bool:
    return at.nxt == "and" and at.nxt2 in {"ice", "fury", "brimstone", "blood"}


def _fires_someone(at: _Word) -> bool:
    """'he fires people'."""
    return at.low[at.k] in {"fires"} and at.nxt in {"me", "him", "her", "them", "you", "us", "people", "staff"}


def _fire_compound(at: _Word) -> bool:
    """'Fire TV', 'fire alarm', 'fire safety', 'Fire 7'."""
    return at.nxt in FIRE_NEXT_EXCLUDE or at.nxt.isdigit()


def _fire_as_verb(at: _Word) -> bool:
    """'fire away', 'yes fire away', 'fire over the label', 'fire me'."""
    d, pk, prev = at.d, at.pk, at.prev
    return (
        at.nxt in FIRE_VERB_NEXT
        and at.low[at.k] == "fire"
        and not (prev in LIGHT_VERBS or prev in FIRE_NOUN_BEFORE or d.can[pk] == "catch" if pk >= 0 else False)
    )


def _fire_named(at: _Word) -> bool:
    """'Amazon Fire', 'cease fire', 'rapid fire', 'going to fire'."""
    return at.prev in FIRE_PREV_EXCLUDE


def _before_intensifiers(at: _Word) -> int:
    q = at.pk
    while q >= 0 and at.low[q] in SLANG_FIRE_INTENSIFIERS:
        q -= 1
    return q


def _thats_fire(at: _Word) -> bool:
    """Slang: "that's fire", 'this is straight fire'."""
    low = at.low
    q = _before_intensifiers(at)
    if q >= 0 and low[q] in {"'s", "s", "is", "was", "thats", "'re", "are"}:
        subj = low[q - 1] if q >= 1 else ""
        if subj in SLANG_FIRE_SUBJECTS or low[q] == "thats":
            return True
    return q >= 0 and low[q] in {"thats", "that's", "dis", "dat"}


def _praised_as_fire(at: _Word) -> bool:
    """'this bot is fire', 'your service is fire' -- but 'power bank is fire now',
    'there is fire', "it's fire"."""
    low = at.low
    q = _before_intensifiers(at)
    if q >= 1 and low[q] in {"is", "'s", "s", "are", "'re"}:
        subject = [low[m] for m in range(max(at.d.c_lo[at.k], q - 3), q)]
        if subject and not any(w in DEVICE_WORDS or w in {"there", "theres", "everything", "smoke"} for w in subject):
            return True
    return False


def _hold_your_fire(at: _Word) -> bool:
    return at.prev == "your" and at.pk >= 1 and at.low[at.pk - 1] in {"hold", "holding"}


def _on_fire_doing_great(at: _Word) -> bool:
    """"you're on fire", 'you guys are on fire today'."""
    if not (at.prev == "on" and at.pk >= 1):
        return False
    low, lo = at.low, at.d.c_lo[at.k]
    q3 = at.pk - 1
    while q3 >= lo and low[q3] in {"'re", "re", "are", "r", "were", "totally", "really", "so", "literally", "guys", "all", "absolutely", "just", "today"}:
        q3 -= 1
    return q3 >= lo and low[q3] in {"you", "u", "ya", "yall", "y'all", "youre", "ur", "team", "support", "bot", "guys"}


def _other_fire(at: _Word) -> bool:
    """'forest fire', 'camp fire', 'gas fire', 'candle fire'."""
    return at.prev in {"forest", "bush", "brush", "grass", "wild", "bonfire", "camp", "cooking", "gas", "log", "wood", "candle", "kitchen's"}


def _on_a_roll(at: _Word) -> bool:
    """'sales are on fire', 'the team is fire', "i'm on fire"."""
    d, low, k = at.d, at.low, at.k
    for q2 in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
        if low[q2] in EXPLODE_SUBJECT_EXCLUDE or low[q2] in {"team", "i'm", "stocks"}:
            if q2 + 1 < d.n and low[q2 + 1] in {"are", "is", "'s", "'re", "were", "was", "on"}:
                return True
    return False


# ---- flame ---------------------------------------------------------------------------
def _old_flame(at: _Word) -> bool:
    """'an old flame', 'the Olympic flame'."""
    return _noun_like(at) and at.prev in {"old", "olympic"}


def _flame_grilled(at: _Word) -> bool:
    return at.nxt in {"hot", "grilled", "broiled"}


# ---- smoke ---------------------------------------------------------------------------
def _smoke_compound(at: _Word) -> bool:
    """'smoke detector', 'smoke break', 'cigarette smoke', 'holy smoke'."""
    return at.nxt in SMOKE_NEXT_EXCLUDE or at.prev in SMOKE_PREV_EXCLUDE


def _smoky_colour(at: _Word) -> bool:
    """'smoky grey', 'the smoky black model'."""
    return at.d.frm[at.k] == "adj" and (at.nxt in COLOURS or at.prev in COLOURS)


def _smokes_the_competition(at: _Word) -> bool:
    return (
        at.low[at.k] in {"smokes", "smoked"}
        and at.nxt in {"the", "my", "your", "all", "everyone"}
        and at.nxt2 in {"competition", "others", "rest", "everyone", "everybody"}
    )


def _no_smoking(at: _Word) -> bool:
    return (at.prev, at.low[at.k]) == ("no", "smoking")


def _smoke_and_mirrors(at: _Word) -> bool:
    return at.nxt in {"and"} and at.nxt2 == "mirrors"


def _person_smokes(at: _Word) -> bool:
    """'I smoke', 'I was smoking', 'do you smoke', 'I used to smoke'."""
    d, low, k = at.d, at.low, at.k
    if d.frm[k] not in {"base", "pres", "past", "ing"}:
        return False
    q = k - 1
    while q >= d.c_lo[k] and low[q] in SMOKER_AUX:
        q -= 1
    return q >= d.c_lo[k] and (low[q] in SMOKE_PERSON_SUBJECTS or (low[q] in SMOKES_HABIT_SUBJECTS and low[k] == "smokes"))


def _smoking_hot(at: _Word) -> bool:
    """'smoking hot', 'a smoking deal'."""
    return at.low[at.k] in {"smoking"} and at.nxt in {"hot", "deal", "deals"}


# ---- spark ---------------------------------------------------------------------------
def _spark_named(at: _Word) -> bool:
    """'spark plug', 'Chevy Spark', 'DJI Spark' -- but 'a spark of fire' is a spark."""
    if at.nxt in SPARK_NEXT_EXCLUDE or at.prev in SPARK_PREV_EXCLUDE:
        return not (at.nxt == "of" and at.nxt2 in {"smoke", "fire", "flame", "flames"})
    return False


def _sparked_interest(at: _Word) -> bool:
    """'it sparked a debate', 'sparking joy'."""
    return at.d.frm[at.k] in {"past", "base", "ing"} and (at.nxt in SPARK_OBJECT_EXCLUDE or at.nxt2 in SPARK_OBJECT_EXCLUDE)


# ---- melt ----------------------------------------------------------------------------
def _melting_point(at: _Word) -> bool:
    """'melting point', 'melting pot', 'melted cheese'."""
    return at.nxt in MELT_NEXT_EXCLUDE


def _melts_hearts(at: _Word) -> bool:
    """'my heart melted', 'the ice melted', 'it melts my heart'."""
    return at.prev in MELT_PREV_EXCLUDE or (at.nxt in {"my"} and at.nxt2 in {"heart"})


def _melted_by_heat(at: _Word) -> bool:
    """'my phone case is melted from the sun' -- but 'my charger melted in the sun' is the unit melting."""
    d, k = at.d, at.k
    if names_the_unit(d, d.c_lo[k], k) or any(at.low[q] in {"it", "its", "mine"} for q in range(d.c_lo[k], k)):
        return False
    return any(at.low[q] in {"sun", "sunlight", "heatwave", "radiator", "oven", "stove", "hairdryer"} for q in at.j.window_after(at.k, 5))


def _melting_subject(at: _Word) -> bool:
    """'the butter melted', "I'm melting" (in the heat) -- but 'I melted the case' is kept."""
    d, low, k = at.d, at.low, at.k
    for q in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
        w = low[q]
        if w in MELT_PREV_EXCLUDE or w in {"i", "we", "'m", "im", "you", "everyone"}:
            return not (w in {"i", "we", "you"} and low[k] in {"melted", "melt"})
        if w in DEVICE_WORDS or w in {"plastic", "case", "casing", "port", "cover", "cable", "the", "my"}:
            break
    return False


# ---- explode, blow up, burst, bang -----------------------------------------------------
def _exploded_view(at: _Word) -> bool:
    """'exploded view', 'exploded diagram', 'exploded with ...'."""
    return at.nxt in EXPLODE_NEXT_EXCLUDE


def _after_up(at: _Word, n: int) -> str:
    """The n-th word after 'blew up' (k is 'blew', the particle follows)."""
    q = at.k + 1 + n
    return at.low[q] if q < at.d.c_hi[at.k] else ""


def _blew_up_at(at: _Word) -> bool:
    """'he blew up at me', 'blew up with anger'."""
    return _after_up(at, 1) in {"at", "with"}


def _blew_up_my_phone(at: _Word) -> bool:
    """'they blew up my phone', 'blew up the balloon'."""
    return _after_up(at, 1) in {"my", "your", "his", "her", "the", "our"} and _after_up(at, 2) in BLOWUP_NEXT_EXCLUDE_OBJ


def _went_viral(at: _Word) -> bool:
    """'it blew up on twitter', 'blew up all over the internet'."""
    return _after_up(at, 1) in {"on", "all"} and _after_up(at, 2) in {
        "twitter", "social", "reddit", "tiktok", "the", "over", "facebook", "instagram", "youtube",
    }


def _post_blew_up(at: _Word) -> bool:
    """'my post blew up overnight'."""
    return _after_up(at, 1) in {"online", "overnight"} and any(
        at.low[q] in {"post", "story", "video", "tweet", "thread"} for q in range(at.d.c_lo[at.k], at.k)
    )


def _blew_up_with_messages(at: _Word) -> bool:
    """'my phone blew up with messages'."""
    return any(at.low[q] in {"messages", "texts", "calls", "notifications", "emails"} for q in at.j.window_after(at.k, 7))


def _burst_into_tears(at: _Word) -> bool:
    """'burst into tears', 'burst out laughing', 'a burst pipe'."""
    return at.nxt in BURST_NEXT_EXCLUDE or at.nxt2 in BURST_NEXT_EXCLUDE


def _burst_out(at: _Word) -> bool:
    """'burst out', 'a burst of energy' -- but 'a burst of flames'."""
    return at.nxt == "out" or (at.nxt == "of" and at.nxt2 not in {"smoke", "flame", "flames", "fire", "sparks"})


def _bursting_with(at: _Word) -> bool:
    return at.nxt == "with"


def _bang_idiom(at: _Word) -> bool:
    """'bang for the buck', 'bang on', 'big bang theory', 'bang average'."""
    return at.nxt in BANG_NEXT_EXCLUDE or (at.prev in {"big", "gang", "the"} and at.nxt in {"theory"})


# ---- burn ----------------------------------------------------------------------------
def _burn_compound(at: _Word) -> bool:
    """'burn a CD', 'burn calories', 'burn money' -- but 'burn in my hand' is a burn ("burn-in": the screen defect)."""
    nxt = at.nxt
    if nxt in BURN_NEXT_EXCLUDE and not (nxt == "up" and at.nxt2 in {"in", "and"}):
        return not (nxt == "in" and at.nxt2 not in {"-"} and at.low[at.k + 1] != "-")
    return False


def _burn_hyphen(at: _Word) -> bool:
    """'burn-in', 'burn-out', 'burn-rate'."""
    d, low, k = at.d, at.low, at.k
    return k + 2 < d.n and low[k + 1] == "-" and low[k + 2] in {"in", "out", "rate"}


def _burn_a_disc(at: _Word) -> bool:
    """'burn a CD', 'burn some calories', 'burn the playlist'."""
    return at.nxt in {"a", "the", "some", "my", "this", "that", "these", "an"} and at.nxt2 in BURN_OBJECT_EXCLUDE


def _burn_through(at: _Word) -> bool:
    """'it burns through battery', 'burns through my data'."""
    d, nk, nxt2 = at.d, at.nk, at.nxt2
    return at.nxt in {"through", "thru"} and (
        nxt2 in BURN_THROUGH or (nxt2 in {"my", "the", "your", "a"} and nk + 2 < d.n and at.low[nk + 2] in BURN_THROUGH)
    )


def _disc_nearby(at: _Word) -> bool:
    return any(at.low[q] in {"cd", "cds", "dvd", "dvds", "disc", "discs", "disk", "iso", "bluray"} for q in at.j.window_after(at.k, 6))


def _burnt_out_person(at: _Word) -> bool:
    """"I'm burnt out", 'feeling burned out'."""
    return at.nxt == "out" and _subject_in(at, BURN_OUT_PERSON)


def _brunt(at: _Word) -> bool:
    """'bore the brunt of'."""
    return at.low[at.k] == "brunt" and (at.prev in {"the", "bear", "bore", "borne"} or at.nxt == "of")


def _burn_idiom(at: _Word) -> bool:
    """'heart burn', 'sun burnt', 'razor burn', 'freezer burn', 'feel the burn'."""
    return (
        at.prev in {"heart", "sun", "razor", "rug", "freezer", "sick", "slow", "calorie", "feel", "feeling", "felt", "feels", "getting"}
        and at.low[at.k] in {"burned", "burnt", "burn"}
        and at.prev != "getting"
    )


def _burnt_out_on(at: _Word) -> bool:
    """'burnt out on work', 'burned out from dealing with it'."""
    return at.nxt == "out" and at.nxt2 in {"on", "from", "with", "by", "dealing"}


def _burned_by_a_company(at: _Word) -> bool:
    """'I got burned by another company'."""
    d, nk = at.d, at.nk
    return at.nxt == "by" and (at.nxt2 in COMPANY_WORDS or (nk + 2 < d.n and at.low[nk + 2] in COMPANY_WORDS))


def _burning_to(at: _Word) -> bool:
    """"I'm burning to know", "I'm burning with curiosity"."""
    return at.low[at.k] in {"burning"} and at.prev in {"i'm", "im", "'m"} and at.nxt in {"to", "with"}


# ---- the rest ------------------------------------------------------------------------
def _scorching_weather(at: _Word) -> bool:
    return at.nxt in SCORCH_NEXT_EXCLUDE


def _blazing_fast(at: _Word) -> bool:
    """'blazing fast', 'blaze a trail'."""
    return at.nxt in BLAZE_NEXT_EXCLUDE or (at.canon == "blazing" and at.nxt in {"a"})


def _alight_from(at: _Word) -> bool:
    """'alight from the train'."""
    return at.nxt in ALIGHT_NEXT_EXCLUDE


def _combustion_engine(at: _Word) -> bool:
    return at.nxt in {"engine", "engines"}


def _ignites_interest(at: _Word) -> bool:
    return at.nxt in {"passion", "interest", "debate", "curiosity", "conversation", "creativity", "imagination"}


def _dantes_inferno(at: _Word) -> bool:
    return at.prev in {"dante's", "dante", "'s"}


def _blackened_fish(at: _Word) -> bool:
    return at.nxt in {"chicken", "fish", "salmon", "steak"}


def _mark_without_colour(at: _Word) -> bool:
    """'Mark from support', 'mark my words', 'a black mark on the box' (marks.py)."""
    return mark_is_not_evidence(at.j, at.k)


def _black_as_a_colour(at: _Word) -> bool:
    """'my black power bank', 'black friday', 'the screen went black' (marks.py)."""
    return black_is_a_colour(at.j, at.k)


def _signed_typo(at: _Word) -> bool:
    """'I singed up', 'singed the form', 'I singed in': 'signed' misspelt (but 'singed in my car')."""
    signed_in = at.nxt in {"in", "into"} and at.nxt2 in {"", "to", "with", "online", "again", "and", "now", "but"}
    return at.low[at.k].startswith("singe") and (
        signed_in or at.nxt in {"up", "out", "off", "for", "here", "there"} or at.nxt in _PAPERS or at.nxt2 in _PAPERS
    )


_PAPERS = {"form", "forms", "contract", "papers", "document", "documents", "paperwork", "agreement", "petition", "waiver", "letter", "receipt"}


def _checks(*own: Callable[[_Word], bool], elsewhere: bool = False) -> tuple[Callable[[_Word], bool], ...]:
    """A word's checks: another source (where it applies), a named hazard, then the word's own."""
    return ((_another_source,) if elsewhere else ()) + (_hazard, _hazards_listed) + own


_SPARK = _checks(_spark_named, _sparked_interest, elsewhere=True)
_BLAZE = _checks(_blazing_fast, elsewhere=True)
# canon -> the checks that read it in another sense, in order
_CHECKS: dict[str, tuple[Callable[[_Word], bool], ...]] = {
    "fire": _checks(
        _fire_and_brimstone, _fires_someone, _fire_compound, _fire_as_verb, _fire_named, _thats_fire,
        _praised_as_fire, _hold_your_fire, _on_fire_doing_great, _other_fire, _on_a_roll,
        elsewhere=True,
    ),
    "flame": _checks(_old_flame, _flame_grilled, elsewhere=True),
    "smoke": _checks(
        _smoke_compound, _smoky_colour, _smokes_the_competition, _no_smoking, _smoke_and_mirrors,
        _person_smokes, _smoking_hot,
        elsewhere=True,
    ),
    "spark": _SPARK,
    "arcing": _SPARK,
    "melt": _checks(_melting_point, _melts_hearts, _melted_by_heat, _melting_subject, elsewhere=True),
    "explode": _checks(_exploded_view, _busy_subject),
    "blow": _checks(_blew_up_at, _blew_up_my_phone, _went_viral, _post_blew_up, _blew_up_with_messages, _busy_subject),
    "burst": _checks(_burst_into_tears, _burst_out, _bursting_with),
    "bang": _checks(_bang_idiom),
    "burn": _checks(
        _burn_compound, _burn_hyphen, _burn_a_disc, _burn_through, _disc_nearby, _burnt_out_person, _brunt,
        _burn_idiom, _burnt_out_on, _burned_by_a_company, _burning_to,
        elsewhere=True,
    ),
    "charred": _checks(elsewhere=True),
    "scorch": _checks(_scorching_weather, _signed_typo, elsewhere=True),
    "blacken": _checks(_blackened_fish, elsewhere=True),
    "blaze": _BLAZE,
    "blazing": _BLAZE,
    "alight": _checks(_alight_from),
    "combust": _checks(_combustion_engine),
    "ignite": _checks(_ignites_interest),
    "inferno": _checks(_dantes_inferno),
    "mark": _checks(_mark_without_colour, elsewhere=True),
    "black": _checks(_black_as_a_colour, elsewhere=True),
}
_OTHER_WORDS = _checks(elsewhere=True)  # ablaze, fireball, smoulder, fumes, soot, blister


def excluded_sense(j: Judge, k: int) -> bool:
    """Whether the trigger word at k is used in another sense ('Amazon Fire', 'spark plug', ...)."""
    at = _word_at(j, k)
    return any(check(at) for check in _CHECKS.get(at.canon, _OTHER_WORDS))
