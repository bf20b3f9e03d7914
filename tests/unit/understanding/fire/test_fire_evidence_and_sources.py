"""English: evidence that something burnt, and smoke or burns from something else than the unit.

The English counterparts of the French, Spanish and German rules
(test_fire_guards_languages.py): marks and blackened surfaces (marks.py), other
sources of fire, smoke and burns (sources.py). Each guard is tested both ways: what
it keeps out and the real reports next to it that it must not swallow. The phrases
are written as customers write: typos, texting, non-native English, questions that
are also reports.
"""

from __future__ import annotations

import pytest

from bot.understanding.fire import detect_fire_report

pytestmark = pytest.mark.filterwarnings("error")

# ---- evidence that something burnt --------------------------------------------------------

BURN_EVIDENCE = [
    "it left a black mark on my desk",
    "it left a burn mark on the worktop",
    "there's a brown stain on the carpet where it sat",
    "the table is all blackened",
    "it scorched the sofa",
    "it singed the blanket",
    "my duvet got singed",
    "soot on the wall",
    "the cable is charred",
    "the plastic went black and bubbly",
    "the plastic turned black",
    "smells of burnt plastic",
    "burnt smell in the room",
    "it left a blak mark on the table",
    "i found a black mark under it on the shelf",
    "there is a black spot on the desk where it was charging",
    "the port is all black now",
    "the usb port has gone black",
    "the end of the cable turned black",
    "there are brown marks on the bedsheet",
    "the carpet has a brown patch where the powerbank was",
    "dark brown stain on the couch after it got really hot",
    "black marks all around the port",
    "scorchmark on the floor",
    "the case is singed at the corner",
    "singed my pillow case",
    "the plastic is black and bubbled",
    "plastic bubbled up and went black",
    "its black and bubbly around the port",
    "the charger end is all black and smells",
    "left a dark mark on the table",
    "there's a black ring on the table where it sat",
    "it marked my desk black",
    "the seat of my car has a black stain where it lay",
    "THE TABLE IS BLACK WHERE IT WAS",
    "left black mark on my new desk!!",
    "lft a blck mark on the desk",
    "it has leave a black mark in my table (sorry my english)",
    "it leave a brwn mark",
    "the powerbank made black stains on my bed sheets",
    "powerbank left black marks on my white table omg",
    "my desk have black stain from the power bank",
    "there is now black spot on bed sheet where i charge it",
    "under it the wood is all black",
    "the wood under it went black",
    "the socket went black",
    "the plug turned brown and smells",
    "the outlet has black marks around it",
    "the cable end went all black n crispy",
    "the plastic melted a bit and went black",
    "my white desk is black where it was",
    "the sheet is brown where it was lying",
    "it leaves a black ring on the table every time",
    "found black marks on the nightstand this morning",
    "the bottom is black and bubbled",
    "it went black and now it smells",
    "the powerbank is black around the port now",
    "black stain on the carpet after it fell behind the couch while charging",
    "i noticed brown marks on the sofa where i left it",
    "there is black on the wall behind it",
    "theres black all over the port",
    "black residue around the usb port",
    "it make a black on my table",
    "the seat got singed in my car",
    "slightly singed the edge of my pillow",
    "the charger went black",
    "it keeps leaving black marks",
]

# Questions that are also reports, and reports with a question after them.
EVIDENCE_AND_QUESTION = [
    "it make black mark on my table, is it normal?",
    "it left black mark on table what should i do",
    "there is black mark on my desk from power bank, is this dangerous?",
    "is it normal that it left a black mark on my desk?",
    "why did it leave a black mark on the table?",
    "why does it leave black marks?",
    "can u tell me why there is black mark on my table after charging",
    "there is a black mark on my desk, what should i do?",
    "its gone black around the port, should i stop using it",
    "the power bank left a black mark, does this mean its recalled?",
    "the power bank left burn marks, does this mean its recalled?",
    "my power bank has a black mark on it, is it recalled?",
    "it leaves black marks, is it recalled?",
    "is my power bank recalled? it has black marks on it",
    "it left a black mark?",
]

COLOUR_OR_MARK_NOT_A_BURN = [
    "my black power bank won't charge",
    "mark my words, this company is a joke",
    "Mark from support told me to write here",
    "Hi, this is Mark Brown, my ticket is RT-1234",
    "can you mark my ticket as urgent",
    "I have the black one, is it recalled?",
    "the screen went black",
    "my phone screen went black when I plugged it in",
    "the screen on the front has gone black",
    "my laptop went black when i plugged it in",
    "the lights went out and everything went black",
    "the LED went black after charging",
    "I ordered it on black friday",
    "is the black version affected?",
    "it's black, not white",
    "it was black when I bought it",
    "it is the black 10000 mah one",
    "i bought the black and white one",
    "i got black",
    "I'd go black next time",
    "the powerbank is black",
    "the label is black and hard to read",
    "there's a small mark on the casing from when i dropped it",
    "there's a black mark on the label, is that the date code?",
    "is the black mark on the back the date code?",
    "there's a black mark on the box from shipping",
    "a black mark against your company",
    "that's a black mark on your reputation",
    "dark spot on the screen of my phone",
    "brown stain from tea on the desk",
    "black marks from my shoes on the floor",
    "the black mark is just ink from the pen",
    "the dog left muddy marks on the carpet",
    "my toast is black",
    "the toast went black",
    "my address is 12 Black Street",
    "send it to Mark Black, 4 Brown Lane",
    "I singed up for the newsletter",
    "I singed the form already",
    # not there, or not yet
    "no black marks, just hot",
    "it didn't leave any marks",
    "can it leave a black mark?",
    "does it leave black marks?",
    "it could leave a black mark",
    "it might leave burn marks",
    "i dont want it to leave a black mark",
    "will it turn black?",
    "it gets hot but it didnt turn black",
]

# ---- smoke, fire and burns from something else ---------------------------------------------

OTHER_SOURCE_NOT_A_REPORT = [
    "smoke from the barbecue is coming in the window",
    "my neighbour's bbq is smoking",
    "I smoke, can I charge it near cigarettes?",
    "the fireplace smoke",
    "my husband smokes",
    "she smokes",
    "my dad smokes cigars",
    "the smoke from the fireplace set off the alarm",
    "there is smoke from the neighbours barbecue",
    "smoke coming in from the neighbours bbq",
    "I burnt my hand on the bbq",
    "i burned myself on the oven",
    "I burned my finger on the iron",
    "got burnt by the sun",
    "i burnt my tongue on hot coffee",
    "my hair straightener burnt my hand",
    "the smoke from the bbq gets into the house",
    "our neighbor is grilling and the smoke is everywhere",
    "there's soot in the chimney, unrelated",
    "soot from the fireplace on the wall",
    "the grill caught fire",
    "there was a fire in the fireplace",
    "the fireplace is smoking",
    "sparks from the campfire",
    "the toaster is smoking",
    "the pan is smoking",
    "the smoke from the bbq set off the smoke alarm",
    "I burnt the toast and the smoke alarm went off",
    "my oven is smoking when i bake",
    "my phone case is melted from the sun",
]

OTHER_SOURCE_AND_THE_UNIT = [
    # the catalogue's product names are the unit too; 'is toast' is ruined, not food
    "my zolo is toast, the smoke alarm went off at 3am",
    "my maggo battery is toast and the smoke alarm went off",
    # 'blasted' for exploded (Indian and Nigerian English)
    "sir my power bank blasted while charging",
    "the zolo blasted in my bag",
    "the power bank was next to the bbq and caught fire",
    "it caught fire in the sun in the car",
    "we were having a bbq and my power bank exploded",
    "i was at a barbecue and the powerbank started smoking in my bag",
    "the power bank sat by the fireplace and then it caught fire",
    "i smoke but the power bank caught fire on its own",
    "my husband smokes, but this was the charger smoking",
    "my husband smokes and he saw sparks coming from the charger",
    "the battery burned my hand in the sun",
    "my charger melted in the sun on the dashboard",
    "the anker melted in the sun",
    "there was smoke from the power bank while I was at the bbq",
    "smoke from the power bank at the bbq",
    "it smoked next to my cigarettes",
    "the power bank's smoking next to the grill",
    "the bbq was off, the powerbank just started smoking on the table",
    "it burnt a hole in the carpet near the fireplace",
    "we were at a bbq, smoke poured out of my bag",
    "we were at a bbq and the smoke was coming out of my bag",
    "while I was cooking my power bank started smoking",
    "the power bank fell on the grill and melted",
    "left it next to the fireplace and it started smoking",
    "i was smoking outside and the powerbank in my pocket caught fire",
    "the battery was smoking, not the bbq",
    "it started smoking near the oven",
    "the charger caught fire in the kitchen near the stove",
    "burnt my hand on the power bank",
    "i burnt my hand on the bbq, then the power bank exploded",
    "I was cooking and it set off the smoke alarm",
    "we were cooking when the smoke alarm went off, it was the power bank",
    "the bbq caught fire because the power bank exploded on it",
    "smoke from the charger, not the bbq",
    "at the bbq my bag started smoking",
    "burnt my fingers on it at the bbq",
    "the bbq table has a black mark where the power bank was",
    "I smelled burning, thought it was the toast but it was the power bank",
]

# Present danger and questions that are also reports, next to the guards.
PRESENT_DANGER = [
    "it's smoking right now what do I do",
    "its smoking right now!!! what do i do",
    "it's smoking rn wat do i do",
    "my power bank is smoking, is it dangerous?",
    "it caught fire, can I still get a refund?",
    "it caught fire near the bbq, can i get a refund?",
    "help the charger is smoking next to the grill",
    "smoke is coming out of it, we are at a bbq, what do i do",
    "smoke coming out of the power bank, should I call someone?",
    "my power bank is smoking and there's a black mark on the desk, is this the recall?",
]

# Found while writing the rules; kept visible rather than hidden.
KNOWN_FALSE_ALARMS = {
    "the dark spot is just the LED",  # a mark near a light may be a burn: not guarded
    "I was grilling and the smoke got in my eyes",  # "the smoke ... in": where it came from may follow
    "has it got black marks?",  # read like "has it caught fire?"
}

REPORTS = BURN_EVIDENCE + EVIDENCE_AND_QUESTION + OTHER_SOURCE_AND_THE_UNIT + PRESENT_DANGER
LOOKALIKES = COLOUR_OR_MARK_NOT_A_BURN + OTHER_SOURCE_NOT_A_REPORT


def _ids(texts: list[str]) -> list[str]:
    return [f"{i:03d}-{t[:40]}" for i, t in enumerate(texts)]


def test_phrase_lists_are_disjoint_and_big_enough():
    assert len(set(REPORTS)) == len(REPORTS) >= 120
    assert len(set(LOOKALIKES)) == len(LOOKALIKES) >= 70
    assert not set(REPORTS) & (set(LOOKALIKES) | KNOWN_FALSE_ALARMS)


@pytest.mark.parametrize("text", REPORTS, ids=_ids(REPORTS))
def test_report_is_detected(text):
    signal = detect_fire_report(text)
    assert signal is not None, f"missed fire report: {text!r}"
    assert text[signal.start : signal.end] == signal.matched


@pytest.mark.parametrize("text", LOOKALIKES, ids=_ids(LOOKALIKES))
def test_lookalike_is_not_detected(text):
    assert detect_fire_report(text) is None, text


@pytest.mark.parametrize("text", sorted(KNOWN_FALSE_ALARMS))
@pytest.mark.xfail(strict=True, reason="known false alarm (KNOWN_FALSE_ALARMS)")
def test_known_false_alarms(text):
    assert detect_fire_report(text) is None


@pytest.mark.parametrize("text", [t for t in BURN_EVIDENCE + EVIDENCE_AND_QUESTION if t.isascii()][::4])
def test_evidence_in_capitals_and_without_punctuation(text):
    assert detect_fire_report(text.upper()) is not None
    bare = "".join(ch for ch in text if ch.isalnum() or ch.isspace())
    assert detect_fire_report(bare) is not None, bare


# ---- the rules one by one ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,kind,injury,damage,matched",
    [
        ("it left a black mark on my desk", "property_damage", False, True, "black mark"),
        ("dark brown stain on the couch", "property_damage", False, True, "dark brown stain"),
        ("the plastic went black", "property_damage", False, True, "went black"),
        ("it left a black mark on my hand", "burn_injury", True, False, "black mark"),
        ("it singed the blanket", "property_damage", False, True, "singed"),
    ],
)
def test_kind_flags_and_span_of_a_mark(text, kind, injury, damage, matched):
    signal = detect_fire_report(text)
    assert signal is not None, text
    assert (signal.kind, signal.injury, signal.damage, signal.matched) == (kind, injury, damage, matched), signal


@pytest.mark.parametrize(
    "text,reported",
    [
        # a mark word needs a colour right before it
        ("there's a mark on the desk", False),
        ("there's a black mark on the desk", True),
        ("there's a dark sooty ring on the desk", True),
        # a colour needs a word of change, or a surface's state
        ("my desk is black", False),
        ("my desk is black where it sat", True),
        ("my desk is all black", True),
        ("it turned my desk black", True),
        ("I got the black one", False),
        ("it got black", True),
        # a noun after the colour: the colour of a thing
        ("it went black friday shopping", False),
        ("the charger has a black cable", False),
        # a screen or a light goes black by switching off; a part of the unit by burning
        ("my phone went black", False),
        ("my phone's port went black", True),
    ],
)
def test_marks_and_colours(text, reported):
    assert (detect_fire_report(text) is not None) is reported


@pytest.mark.parametrize(
    "text,reported",
    [
        # the source tied to the trigger: subject, compound or origin
        ("the bbq is smoking", False),
        ("bbq smoke everywhere", False),
        ("smoke from the bbq", False),
        # the source is only where the customer was
        ("at the bbq, smoke started pouring out of my bag", True),
        ("we were at a bbq and then smoke came out of my backpack", True),
        # the unit named anywhere in the clause
        ("smoke from the bbq and from the power bank", True),
        ("there was smoke near the bbq from my power bank", True),
        ("my A1263 caught fire on the bbq table", True),
    ],
)
def test_other_sources(text, reported):
    assert (detect_fire_report(text) is not None) is reported


@pytest.mark.parametrize(
    "text,reported",
    [
        # the sun burns skin; a unit in the sun does catch fire, melt or smoke
        ("got burnt by the sun", False),
        ("my phone case is melted from the sun", False),
        ("my charger melted in the sun on the dashboard", True),
        ("it melted in the sun", True),
        ("it started smoking in the sun", True),
    ],
)
def test_the_sun_counts_for_burns_only(text, reported):
    assert (detect_fire_report(text) is not None) is reported


@pytest.mark.parametrize(
    "text,reported",
    [
        ("my husband smokes", False),
        ("he smokes on the balcony", False),
        ("my brother was smoking in the car", False),
        ("she's smoking!! the power bank", True),
        ("it smokes when I charge it", True),
        ("my husband smokes and the charger was smoking", True),
    ],
)
def test_smokers(text, reported):
    assert (detect_fire_report(text) is not None) is reported


@pytest.mark.parametrize(
    "text,reported",
    [
        ("I singed up for the newsletter", False),
        ("I singed in", False),
        ("I singed the form", False),
        ("it singed my sleeve", True),
        ("the seat got singed in my car", True),
    ],
)
def test_singed_or_signed(text, reported):
    assert (detect_fire_report(text) is not None) is reported
