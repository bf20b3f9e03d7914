"""Rule-based fire-report safety net.

Runs inside every NLU parse, next to the trained intent classifier; either one
triggers the fire escalation (shared/CONTRACT.md, "Safety rule"). A missed fire
report is the worst bug this project can have, so the rules lean towards
reporting: anything that reads like the customer's unit (or something next to
it) burning, smoking, sparking, melting, exploding, burning someone or damaging
property is reported; heat or swelling alone, questions and fears about the
future, negations, recall/news talk and other senses of the words ("Amazon Fire
tablet", "that's fire", "burn a CD", ...) are not.

How it works
------------
1. ``spacy.blank("en")`` tokenises the text (no model download needed).
2. The ``recall_fire_canon`` pipeline component gives every token a canonical
   lemma (``Token._.canon``, stored as ``Token.lemma_``) from a small table of
   the vocabulary that matters (caught -> catch, burnt -> burn, smokin ->
   smoke, ...), tolerant to typos: a token within Damerau (OSA) edit distance 1
   of a vocabulary word -- 2 for words of 7+ letters -- maps to it ("caugth",
   "smokeing", "exploted", "fier").  Real English words near the vocabulary
   ("fine", "five", "spare", "charged", "meeting", ...) are listed in
   ``_GUARD_WORDS`` and never mapped, and a distance-2 match is dropped when the
   token is one edit away from such a word.  Every other token's canon is its
   normalised lower-case text.
3. A spaCy ``Matcher`` over the canonical lemma finds candidate triggers
   (single words and a few phrases: "blew up", "the smoke alarm went off",
   "the fire brigade came", "put it out with water", ...).
4. Each candidate is judged in its clause: other senses of the word, negation
   ("no smoke", "it hasn't caught fire"), local modality ("could catch fire",
   "likely to explode"), conditionals and fears ("if", "before it catches
   fire", "worried about a fire"), recall/news talk without anything tying the
   event to the customer ("I read units have caught fire"), and questions about
   the product in general ("is this the model that catches fire?").

When several events are reported, the most urgent kind (``KINDS`` order) is
returned; ``injury`` and ``damage`` look at the whole message ("nobody was
hurt" does not set ``injury``).

The spaCy pipeline is built on the first call and cached; importing this module
is cheap (spaCy is not imported).  After warm-up a chat message takes about
0.1-0.3 ms, a 60-word one under 1 ms (mostly spaCy's tokenizer).
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["FireSignal", "KINDS", "detect_fire_report"]

#: Signal kinds, most urgent first; when a message reports several, the first
#: of this order is returned (earliest in the text on a tie).
KINDS: tuple[str, ...] = (
    "fire",
    "explosion",
    "burn_injury",
    "smoke",
    "sparks",
    "melting",
    "property_damage",
)
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class FireSignal:
    """A fire report found in a customer message."""

    kind: str  # one of KINDS
    matched: str  # the text span that matched (a slice of the original text)
    start: int  # char offsets in the original text: text[start:end] == matched
    end: int
    injury: bool  # someone hurt/burnt mentioned anywhere in the message
    damage: bool  # property damage mentioned (scorch mark, burnt desk, house fire, ...)


# ---------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------
# canon  tag:form,form  tag:form ...   (tags: base pres past ing noun adj)
# Every form here is typo-tolerant (see _fuzzy_canon).
_FUZZY_TABLE = """
fire       base:fire pres:fires adj:fiery,firey,afire
flame      noun:flame,flames ing:flaming,flamin past:flamed
ablaze     adj:ablaze
blaze      noun:blaze,blazes past:blazed
blazing    ing:blazing
alight     adj:alight
inferno    noun:inferno
fireball   noun:fireball,fireballs
ignite     base:ignite pres:ignites past:ignited ing:igniting
combust    base:combust pres:combusts past:combusted ing:combusting noun:combustion
smoulder   base:smoulder,smolder pres:smoulders,smolders past:smouldered,smoldered ing:smouldering,smoldering
burn       base:burn pres:burns past:burned,burnt ing:burning,burnin
smoke      base:smoke pres:smokes past:smoked ing:smoking,smokin adj:smoky,smokey
fumes      noun:fumes
soot       noun:soot adj:sooty
spark      base:spark pres:sparks past:sparked ing:sparking,sparkin adj:sparky
arcing     past:arced ing:arcing
melt       base:melt pres:melts past:melted ing:melting,meltin adj:molten,melty
explode    base:explode pres:explodes past:exploded ing:exploding,explodin noun:explosion,explosions
burst      past:burst pres:bursts ing:bursting
scorch     base:scorch pres:scorches past:scorched ing:scorching
blacken    base:blacken pres:blackens past:blackened
catch      base:catch pres:catches past:caught,catched ing:catching
blister    noun:blister,blisters past:blistered
body       noun:finger,fingers,thumb,thumbs,wrist,wrists,thigh,thighs
"""

# Exact-match only (short or collision-prone words).
_EXACT_TABLE = """
blow       base:blow pres:blows past:blew,blown,blowed ing:blowing
bang       noun:bang,bangs,boom,kaboom,booom
charred    past:charred ing:charring
smoker     noun:smoker,smokers
fuming     ing:fuming
ignition   noun:ignition
meltdown   noun:meltdown
fired      past:fired
hurt       base:hurt pres:hurts ing:hurting
injure     base:injure past:injured noun:injury,injuries
hospital   noun:hospital,hospitalised,hospitalized,ambulance,paramedic,paramedics,a&e
smell      base:smell pres:smells past:smelled,smelt ing:smelling noun:stink,stinks,odor,odour,odors,odours
body       noun:hand,hands,palm,palms,arm,arms,leg,legs,skin,face,foot,feet,lap,chest,stomach,belly,neck,ear,ears,lip,lips,eye,eyes,mouth,knee,knees,hip,body,toe,toes,fingertip,fingertips
"""


def _parse_table(table: str) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for line in table.strip().splitlines():
        canon, *groups = line.split()
        for group in groups:
            tag, forms = group.split(":")
            for form in forms.split(","):
                out[form] = (canon, tag)
    return out


_FUZZY_FORMS = _parse_table(_FUZZY_TABLE)
_EXACT_FORMS = _parse_table(_EXACT_TABLE)
_ALL_FORMS = {**_FUZZY_FORMS, **_EXACT_FORMS}

# Light verbs that govern a trigger noun ("caught fire", "went up in flames").
_LIGHT_VERBS: dict[str, str] = {}
for _tag, _words in {
    "base": "take get go set start begin make have come cause erupt light give let emit produce see smell",
    "pres": "takes gets goes sets starts begins makes has comes causes erupts gives lets emits produces sees",
    "past": "took got went started began made had came caused erupted lit gave emitted produced saw noticed found",
    "part": "taken gotten gone begun been come",
    "ing": "taking getting going setting starting beginning making having coming causing erupting giving emitting producing",
    "be": "is are am 's 're 'm was were be being isnt arent wasnt werent",
}.items():
    for _w in _words.split():
        _LIGHT_VERBS.setdefault(_w, _tag)
_BE_PRESENT = {"is", "are", "am", "'s", "'re", "'m", "s", "isnt", "arent"}
_BE_PAST = {"was", "were", "been", "wasnt", "werent"}

_KIND_OF_CANON = {
    **dict.fromkeys(
        "fire flame ablaze blaze blazing alight inferno fireball ignite combust smoulder".split(),
        "fire",
    ),
    **dict.fromkeys("smoke fumes soot".split(), "smoke"),
    **dict.fromkeys("spark arcing".split(), "sparks"),
    "melt": "melting",
    **dict.fromkeys("explode burst bang blow".split(), "explosion"),
    **dict.fromkeys("scorch charred blacken".split(), "property_damage"),
    "blister": "burn_injury",
}
_TRIGGER_CANONS = sorted(set(_KIND_OF_CANON) - {"blow"} | {"burn"})
_TRIGGER_CANON_SET = frozenset(_TRIGGER_CANONS)

_MODALS = {
    "can", "ca", "could", "might", "may", "will", "wo", "would", "shall", "should",
    "'ll", "'d", "gonna", "gon", "wanna", "must", "cant", "couldnt", "wont", "wouldnt",
    "shouldnt", "cannot",
}
_COUNTERFACTUAL_MODALS = {"could", "would", "should", "'d", "couldnt", "wouldnt", "shouldnt", "coulda", "woulda"}
_TO_OK_BEFORE = {
    "start", "started", "starts", "starting", "begin", "began", "begun", "begins",
    "seem", "seemed", "seems", "appear", "appeared", "appears", "continued",
    "continues", "used", "had", "has", "have", "needed", "got", "tried", "tries",
    # "to" as a preposition: "woke up to smoke", "it led to a fire", "came home to"
    "up", "home", "back", "due", "next", "thanks", "owing", "down", "led",
    "lead", "leads", "leading", "came", "returned", "close", "closer", "turned",
}
_NEGATIONS = {
    "not", "n't", "nt", "no", "never", "nothing", "none", "nobody", "neither", "nor",
    "without", "nope", "zero", "hasnt", "havent", "hadnt", "didnt", "doesnt", "dont",
    "isnt", "wasnt", "werent", "arent", "wont", "cant", "couldnt", "wouldnt", "aint",
    "nowhere", "noone", "nothin",
}
# A negation followed by one of these does not negate the event after it:
# "I don't know why it exploded", "it won't stop smoking", "I didn't notice it
# was smoking". ("I don't think it caught fire" does negate it.)
_NEG_BLOCKERS = {
    "know", "knw", "sure", "understand", "idea", "expect", "expected", "realize",
    "realise", "realised", "realized", "notice", "noticed", "see", "care", "mean",
    "remember", "stop", "stopped", "stopping", "stops", "quit", "only", "just",
    "tell", "why", "kidding", "joking", "lie", "lying", "exaggerating", "wait",
    "want", "wanna", "wish",
}
_PRONOUNS = {
    "it", "its", "i", "you", "he", "she", "we", "they", "this", "that", "there",
    "my", "mine", "me", "one", "u", "ur", "the",
}
_CLAUSE_SUBJECTS = {
    "it", "its", "i", "you", "he", "she", "we", "they", "there", "theres", "my",
    "mine", "our", "the", "this", "that", "these", "those", "then", "now", "so",
    "and", "but", "just", "only", "what", "how", "why", "when", "where", "is",
    "was", "also", "plus", "anyway", "btw", "everything", "something", "im", "yes", "yeah", "ok", "okay", "which",
    "his", "her", "your", "their", "a", "an", "after", "before", "because",
    "since", "if", "though", "although", "still", "today", "yesterday",
    "last", "luckily", "thankfully", "fortunately", "unfortunately", "actually",
    "apparently", "suddenly",
}
# Words that start a new clause when followed by a subject-like word.
_SOFT_CONJ = {"and", "so", "or", "because", "cause", "cuz", "coz", "then", "while", "plus"}
# Words that always start a new clause.
_HARD_CONJ = {
    "but", "though", "although", "however", "except", "whereas", "yet", "if",
    "before", "after", "since", "unless", "until", "till", "til", "whether",
    "otherwise", "anyway", "anyways", "btw", "also",
}
_SENT_PUNCT = {".", "!", "?", ";", "…", "(", ")", "|", "•", "..", "...", "!!", "??"}

_FEAR = {
    "worried", "worry", "worries", "worrying", "afraid", "scared", "scary", "fear",
    "fears", "feared", "terrified", "nervous", "concerned", "concern", "concerns",
    "paranoid", "anxious", "risk", "risks", "risky", "hazard", "hazards", "danger",
    "dangers", "dangerous", "chance", "chances", "possibility", "possible",
    "potential", "potentially", "likely", "unlikely", "prone", "susceptible",
    "liable", "threat", "threats", "panic", "panicking", "freaked", "freaking",
    "safe", "safety", "warn", "warning",
}
_COND = {
    "if", "whether", "unless", "incase", "suppose", "supposing", "imagine",
    "hypothetically", "prevent", "prevents", "preventing", "prevention", "avoid",
    "avoiding", "lest", "iff",
}
# Instructions about fire ("do not dispose of in fire", "keep away from flame").
_FIRE_INSTRUCTIONS = {"dispose", "disposal", "disposing", "incinerate", "expose", "exposing", "exposed", "throw", "heat", "near"}
_UNSURE = {"sure", "know", "knw", "tell", "idea", "wondering", "wonder", "unsure", "dunno", "clear", "certain", "sure,"}
_TEMPORAL_FUTURE = {"before", "until", "till", "til", "once"}
_SIMILE = {("feel", "like"), ("feels", "like"), ("felt", "like"), ("feeling", "like"), ("as", "if"), ("as", "though")}
_GENERIC_TALK = {
    "recall", "recalls", "news", "article", "articles", "read", "reading",
    "reports", "reported", "reportedly", "website", "online", "internet",
    "reddit", "twitter", "facebook", "tiktok", "youtube", "video", "videos",
    "apparently", "supposedly", "allegedly", "rumor", "rumour", "rumors",
    "rumours", "manual", "label", "instructions", "cpsc", "headline",
    "headlines", "warnings", "warns", "hazard", "hazards", "risk", "risks",
    "tv", "television", "radio", "newspaper", "paper", "bbc", "cnn",
    "danger", "dangers",
}
_GENERIC_SUBJECTS = {
    "units", "models", "people", "others", "anyone", "anybody", "customers",
    "owners", "users", "any", "many", "several", "these", "those", "batteries",
    "banks", "powerbanks", "chargers", "devices", "products", "ones", "cases",
    "everyone", "folks", "someone's",
}
_EVIDENCE = {
    "my", "mine", "our", "ours", "me", "myself", "us", "yesterday", "today",
    "tonight", "earlier", "ago", "already", "actually", "literally", "just",
}
_EVIDENCE_PAIRS = {
    ("last", "night"), ("last", "week"), ("this", "morning"), ("this", "afternoon"),
    ("this", "evening"), ("right", "now"), ("just", "now"), ("last", "month"),
    ("the", "other"),
}
_MEDIA_NOUNS = {"email", "emails", "inbox", "feed", "news", "newsfeed", "timeline", "notifications"}
_WH = {"what", "how", "why", "where", "which", "who", "whats", "wat", "wht"}
_AUX_Q = {
    "is", "are", "was", "were", "do", "does", "did", "can", "could", "will",
    "would", "should", "has", "have", "had", "may", "might", "shall", "am",
    "ca", "wo", "isnt", "doesnt", "dont", "didnt", "cant", "wont",
}
_Q_SUBJECTS = {
    "it", "this", "that", "these", "those", "there", "they", "my", "the", "a",
    "an", "i", "you", "he", "she", "we", "your", "any", "anyone", "yours",
    "mine", "u", "ur", "its", "our", "some",
}
_PREPOSITIONS = {
    "of", "about", "from", "for", "without", "by", "at", "against", "into",
    "avoid", "prevent", "risk", "stop", "stops", "keep", "keeps", "before",
    "after", "re", "regarding", "with", "on", "in",
}
_ADVERBS = {
    "just", "really", "literally", "actually", "still", "now", "all", "also",
    "even", "already", "suddenly", "completely", "totally", "partly",
    "partially", "slightly", "kinda", "kind", "sort", "sorta", "basically",
    "then", "almost", "nearly", "probably", "apparently", "definitely",
    "obviously", "clearly", "like", "so", "too", "very", "quite", "somehow",
    "spontaneously", "randomly", "badly", "a", "bit", "little", "lil", "kept",
    "keep", "keeps", "started", "starting", "start", "begin", "began", "up",
    "again", "ever", "once", "twice", "fully", "half", "practically", "nt",
    "n't", "not", "never", "do", "does", "did", "went",
}
_PROPERTY = {
    "desk", "desks", "table", "tables", "carpet", "carpets", "rug", "rugs", "floor",
    "floors", "floorboards", "sofa", "couch", "settee", "bed", "beds", "sheet",
    "sheets", "bedsheets", "mattress", "pillow", "pillows", "duvet", "blanket",
    "quilt", "car", "cars", "seat", "seats", "bag", "bags", "backpack",
    "rucksack", "purse", "handbag", "pocket", "pockets", "jeans", "pants",
    "trousers", "shorts", "clothes", "shirt", "jacket", "coat", "hoodie", "house",
    "home", "room", "bedroom", "kitchen", "garage", "wall", "walls", "curtain",
    "curtains", "nightstand", "bedside", "counter", "countertop", "worktop",
    "shelf", "shelves", "drawer", "drawers", "cabinet", "cupboard", "furniture",
    "laptop", "phone", "iphone", "wood", "paint", "ceiling", "door", "dashboard",
    "upholstery", "apartment", "flat", "building", "property", "tent", "van",
    "truck", "boat", "caravan", "rv", "office", "dorm", "armchair", "chair",
    "cushion", "bedding", "laminate", "tile", "tiles", "lounge",
    "garden", "shed", "attic", "loft", "wardrobe", "closet", "dresser",
    "stuff", "belongings", "mat", "tablecloth", "console", "headboard",
}
_MARKS = {"mark", "marks", "hole", "holes", "stain", "stains", "spot", "spots", "scorch", "patch"}
_PERSONS = {
    "me", "myself", "him", "her", "us", "himself", "herself", "yourself",
    "ourselves", "themselves", "son", "daughter", "kid", "kids", "child",
    "children", "baby", "wife", "husband", "boyfriend", "girlfriend", "partner",
    "friend", "mom", "mum", "mother", "dad", "father", "brother", "sister",
    "someone", "somebody", "dog", "cat", "toddler", "grandma", "grandpa", "nephew",
    "niece", "roommate", "flatmate", "colleague", "coworker", "i",
}
_SMELL_WORDS = {"smell", "smells", "smelled", "smelt", "smelling", "stink", "stinks", "odor", "odour", "reek", "reeks"}

# --- other senses ------------------------------------------------------------
_FIRE_NEXT_EXCLUDE = {
    "stick", "sticks", "tv", "tablet", "tablets", "hd", "hdx", "os", "phone",
    "kids", "edition", "hazard", "hazards", "risk", "risks", "safety", "safe",
    "danger", "dangers", "code", "codes", "drill", "drills", "exit", "exits",
    "escape", "sale", "sales", "pit", "pits", "place", "places", "fireplace",
    "station", "stations", "alarm", "alarms", "extinguisher", "extinguishers",
    "proof", "proofing", "resistant", "retardant", "rated", "rating", "department",
    "departments", "dept", "brigade", "brigades", "service", "services",
    "fighter", "fighters", "truck", "trucks", "engine", "engines", "men", "man",
    "crew", "marshal", "marshals", "chief", "inspector", "inspection",
    "inspections", "insurance", "wall", "works", "fly", "fox", "base", "starter",
    "starters", "ant", "ants", "emblem", "power",
    "sign", "signs", "door", "doors", "prevention", "protection", "suppression",
    "precautions", "regulations", "regs", "warning", "warnings", "test", "tests",
    "testing", "certified", "certification", "resistance", "emoji", "emojis",
    "icon", "hydrant", "hose", "wood", "blanket", "blankets", "bag",
    "bags", "containment", "box", "cube", "detector", "detectors",
    "threat", "threats", "concern", "concerns", "potential", "issue", "issues",
    "problem", "problems", "incidents", "recall", "recalls",
}
# After "fire" used as a verb ("fire away", "fire me", "fire off an email").
_FIRE_VERB_NEXT = {
    "away", "at", "up", "off", "over", "across", "me", "him", "her", "them", "you",
    "us", "someone", "somebody", "people", "staff", "employees", "everyone",
    "whoever", "ur", "u", "the", "your", "questions", "question",
}
_FIRE_NOUN_BEFORE = {
    "on", "in", "a", "the", "of", "no", "small", "big", "little", "huge", "massive",
    "real", "actual", "electrical", "battery", "bank", "house", "car", "kitchen",
    "into", "from", "with",
}
_FIRE_PREV_EXCLUDE = {
    "amazon", "kindle", "cease", "open", "friendly", "rapid", "quick", "under",
    "camp", "bon", "hell", "wild", "fire", "sure", "quickfire", "crossfire",
    "to", "gonna", "wanna",
} | _MODALS
_SLANG_FIRE_INTENSIFIERS = {
    "straight", "pure", "absolute", "absolutely", "literally", "lowkey",
    "highkey", "so", "actually", "kinda", "lit", "fkn", "fucking", "fricking",
    "freaking", "really", "just", "honestly", "deadass", "certified", "🔥",
}
_SLANG_FIRE_SUBJECTS = {"that", "this", "dis", "dat", "thats", "thas", "these", "those"}
_DEVICE_WORDS = {
    "it", "its", "bank", "powerbank", "battery", "charger", "unit", "thing",
    "he", "she", "mine", "cable", "port", "phone", "case", "device", "brick",
    "power", "anker", "a1263", "powercore", "one",
}
_ELLIPSIS_SUBJECTS = {"it", "mine", "he", "she", "they", "one", "hers", "his", "theirs", "my", "our", "the", "her", "yes", "yeah", "well"}
_ELLIPSIS_SKIP = {"actually", "really", "just", "then", "literally", "totally", "definitely", "already", "yes", "yeah", "well", ","}
_ELLIPSIS_END = {".", "!", "?", "!!", "...", "lol", "though", "too", "anyway", "yesterday", "today", "last", ",", "omg", "and", "so", "now", "twice", "once"}
_FOOD_WORDS = {
    "toast", "food", "dinner", "lunch", "breakfast", "pizza", "cake", "bread",
    "bacon", "steak", "rice", "popcorn", "pan", "frying", "cooking", "meal",
    "cookies", "sausages", "sausage", "chicken", "oil", "grill", "bbq", "barbecue",
    "candle", "candles", "incense", "cigarette", "cigar", "joint", "weed",
    "marshmallow", "marshmallows", "fries", "pancakes", "eggs", "soup", "coffee",
}
_RESPONDER_NOUNS = {
    "brigade", "brigades", "department", "dept", "service", "services", "truck",
    "trucks", "engine", "engines", "fighters", "fighter", "crew", "men", "man",
    "marshal", "rescue",
}
_RESPONDER_WORDS = {"firefighters", "firefighter", "firemen", "fireman", "firies", "fire-fighters"}
_RESPONDER_VERBS = {
    "came", "come", "comes", "arrived", "arrive", "showed", "turned", "attended",
    "responded", "called", "call", "calling", "were", "was", "had", "put",
    "putting", "got", "here", "there", "out", "rushed", "evacuated", "sent",
    "said", "says", "told", "blamed", "determined", "found", "confirmed",
    "think", "thought", "reckon", "reckoned", "investigated", "took",
}
_BOMB_WORDS = {"firework", "fireworks", "bomb", "grenade", "rocket", "cannon", "gun", "gunshot", "firecracker", "shotgun"}
_ALARM_NOUNS = {"alarm", "alarms", "detector", "detectors"}
_ALARM_EVENT = {
    "went", "go", "goes", "going", "gone", "beeping", "beeped", "beep", "beeps",
    "sounded", "sounding", "triggered", "blaring", "screaming", "shrieking",
    "started", "starts", "off", "activated",
}
_EXTINGUISH_USE = {
    "used", "use", "using", "grabbed", "grab", "sprayed", "spray", "emptied",
    "needed", "need", "had", "threw", "put", "blasted", "pointed",
}
_SMOKE_PERSON_SUBJECTS = {"i", "we", "you", "u", "me", "smoker", "smokers", "husband", "wife", "dad", "mom", "mum", "father", "mother", "roommate"}
_COLOURS = {
    "grey", "gray", "black", "white", "blue", "quartz", "glass", "finish",
    "color", "colour", "edition", "tint", "tinted", "silver", "pink", "green",
    "brown", "purple", "eye", "eyes", "topaz", "amber", "colorway",
}
_HAZARD_NEXT = {
    "hazard", "hazards", "risk", "risks", "danger", "dangers", "proof",
    "resistant", "retardant", "retardent", "safety", "safe", "warning",
    "warnings", "threat", "threats", "concern", "concerns", "prevention",
    "protection", "rated", "rating", "test", "testing", "tests", "war", "wars",
    "emoji", "icon", "issue", "issues", "potential", "incidents", "reports",
}
_EXTINGUISH_MEANS = {
    "water", "extinguisher", "blanket", "sand", "towel", "towels", "soda",
    "foam", "powder", "salt", "milk", "dirt", "soil", "cup", "bucket",
    "glass", "sink", "hose", "jacket", "coat", "pillow", "lid", "pan",
}
_SMOKER_AUX = {
    "was", "were", "am", "'m", "m", "do", "does", "did", "nt", "n't", "not", "used",
    "to", "also", "sometimes", "still", "never", "occasionally", "just", "usually",
    "only", "'d", "'ve", "have", "had", "both", "all", "often", "dont", "don't",
    "like", "love", "quit", "stopped", "gave", "up", "will", "'ll", "can",
    "ca", "might", "may", "would", "could", "should", "went", "outside", "out",
}
_SMOKE_NEXT_EXCLUDE = {
    "detector", "detectors", "alarm", "alarms", "test", "tests", "testing",
    "break", "breaks", "free", "shop", "shops", "signal", "signals", "screen",
    "area", "areas", "section", "room", "gun", "cigarettes", "cigarette", "cigs",
    "cig", "weed", "pot", "cigar", "cigars", "joint", "joints", "pipe", "vape",
    "hot", "ban", "bans", "mirrors",
}
_SMOKE_PREV_EXCLUDE = {
    "holy", "non", "no-smoking", "smoking", "where", "wildfire", "wildfires",
    "bushfire", "bushfires", "forest", "fire", "fires", "cigarette",
    "cigarettes", "cigar", "weed", "bbq", "barbecue", "barbeque", "campfire",
    "chimney", "traffic", "second", "secondhand", "second-hand", "exhaust",
}
_SPARK_NEXT_EXCLUDE = {"plug", "plugs", "joy", "notes", "app", "mail", "email", "drone", "sdk", "ar", "of", "ev", "studio", "energy", "card"}
_SPARK_PREV_EXCLUDE = {"chevy", "chevrolet", "dji", "adobe", "apache", "amazon", "spark", "the spark"}
_SPARK_OBJECT_EXCLUDE = {
    "interest", "curiosity", "debate", "debates", "conversation", "conversations",
    "discussion", "discussions", "outrage", "controversy", "concern", "concerns",
    "idea", "ideas", "joy", "question", "questions", "memories", "memory",
    "thought", "thoughts", "hope", "protests", "change",
}
_MELT_NEXT_EXCLUDE = {"pot", "pots", "point", "points", "lava", "chocolate", "cake", "cheese", "butter", "temperature", "snow", "ice", "wax", "glacier", "glaciers"}
_MELT_PREV_EXCLUDE = {"heart", "hearts", "ice", "snow", "butter", "cheese", "chocolate", "icecream", "cream", "popsicle", "lolly", "crayons", "crayon", "candy", "gummies", "wax", "glacier", "glaciers"}
_EXPLODE_SUBJECT_EXCLUDE = {
    "sales", "demand", "prices", "price", "orders", "inbox", "notifications",
    "twitter", "internet", "reddit", "thread", "post", "video", "comments",
    "popularity", "mind", "head", "brain", "market", "stock", "numbers",
    "population", "traffic", "business", "dms", "texts", "messages", "chat",
    "emails", "mentions", "views", "followers", "heart", "story", "tweet",
    "account", "channel", "page", "lol",
}
_EXPLODE_NEXT_EXCLUDE = {"view", "views", "diagram", "diagrams", "drawing", "drawings", "with", "in popularity"}
_BLOWUP_NEXT_EXCLUDE_OBJ = {
    "phone", "inbox", "dms", "dm", "notifications", "email", "emails", "mentions",
    "feed", "twitter", "chat", "line", "texts", "cell", "mobile", "photo",
    "picture", "image", "balloon", "balloons",
}
_BURN_NEXT_EXCLUDE = {
    "cd", "cds", "dvd", "dvds", "disc", "discs", "disk", "disks", "iso", "copy",
    "copies", "bridges", "calories", "fat", "money", "cash", "rate", "question",
    "questions", "desire", "need", "issue", "ambition",
    "hot", "up", "rubber", "notice", "in", "book", "books", "candle", "candles",
    "bridge", "playlist", "mix", "bluray", "blu", "fuel", "gas", "time",
}
_BURN_OBJECT_EXCLUDE = {
    "cd", "cds", "dvd", "dvds", "disc", "discs", "disk", "disks", "iso", "copy",
    "copies", "bridges", "calories", "fat", "money", "cash", "playlist", "mix",
    "candle", "candles", "fuel", "time", "image",
}
_COMPANY_WORDS = {
    "company", "companies", "brand", "brands", "seller", "sellers", "store",
    "stores", "amazon", "ebay", "anker", "you", "them", "retailer", "shop",
    "support", "customer", "service", "scam", "scammers", "deal", "warranty",
}
_BURN_THROUGH = {
    "battery", "batteries", "charge", "charges", "data", "money", "cash", "power",
    "cells", "savings", "budget", "it", "them", "juice", "phone", "phones",
}
_BURN_OUT_PERSON = {"i", "im", "i'm", "'m", "we", "you", "he", "she", "they", "am", "feel", "feeling", "totally", "so"}
_BURST_NEXT_EXCLUDE = {"tears", "laughing", "laughter", "laugh", "song", "applause", "mode", "pipe", "pipes", "crying", "bubble", "balloon"}
_SCORCH_NEXT_EXCLUDE = {"hot", "heat", "weather", "day", "days", "summer", "temperatures", "sun", "earth"}
_BLAZE_NEXT_EXCLUDE = {"fast", "quick", "speed", "speeds", "hot", "trail", "trails", "of", "glory"}
_BANG_NEXT_EXCLUDE = {"for", "on", "up", "theory", "average", "tidy", "out", "bang"}
_ALIGHT_NEXT_EXCLUDE = {"from", "at"}


# ---------------------------------------------------------------------------
# Typo tolerance
# ---------------------------------------------------------------------------
def _osa(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (adjacent transposition costs 1),
    returning limit + 1 as soon as the distance must exceed limit."""
    la, lb = len(a), len(b)
    if abs(la - lb) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(lb + 1))
    for i in range(1, la + 1):
        cur = [i] + [0] * lb
        best = i
        ai = a[i - 1]
        for j in range(1, lb + 1):
            cost = 0 if ai == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ai == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            if v < best:
                best = v
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[lb]


def _budget(form: str) -> int:
    return 1 if len(form) < 7 else 2


def _deletes(word: str, depth: int) -> set[str]:
    """The word with up to `depth` letters deleted (SymSpell-style candidates)."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


_TYPO_MIN_LEN = 4
# first letter -> [(form, length, budget, letter mask)] of the typo-tolerant forms
_FUZZY_BY_LETTER: dict[str, list[tuple[str, int, int, int]]] = {}
_GUARD_INDEX: dict[str, set[str]] = {}
_GUARD: frozenset[str] = frozenset()
_INIT_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()


def _letters(word: str) -> int:
    """Bit mask of the letters in word."""
    mask = 0
    for ch in word:
        mask |= 1 << (ord(ch) & 63)
    return mask


def _build_indexes() -> None:
    global _GUARD
    if _FUZZY_BY_LETTER:
        return
    for form in _FUZZY_FORMS:
        if len(form) >= _TYPO_MIN_LEN:
            _FUZZY_BY_LETTER.setdefault(form[0], []).append((form, len(form), _budget(form), _letters(form)))
    guard = frozenset(_GUARD_WORDS.split() + _GUARD_EXTRA.split()) - set(_ALL_FORMS) - _TYPO_NOT_GUARDED
    for word in guard:
        for variant in _deletes(word, 1):
            _GUARD_INDEX.setdefault(variant, set()).add(word)
    _GUARD = guard


def _nearest_form(token: str) -> tuple[int, str] | None:
    """(distance, form) of the closest typo-tolerant form within its budget.

    Typos keep the first letter (or swap the first two).  Each edit removes at
    most one distinct letter, so a form with more than `budget` letters absent
    from the token is skipped before computing the distance."""
    length = len(token)
    if length < _TYPO_MIN_LEN or length > 16:
        return None
    mask = _letters(token)
    best: tuple[int, str] | None = None
    buckets = [(_FUZZY_BY_LETTER.get(token[0], ()), False)]
    if token[1] != token[0]:
        buckets.append((_FUZZY_BY_LETTER.get(token[1], ()), True))
    for bucket, swapped in buckets:
        for form, form_len, limit, form_mask in bucket:
            if abs(length - form_len) > limit or (swapped and form[1] != token[0]):
                continue
            if bin(form_mask & ~mask).count("1") > limit:
                continue
            d = _osa(token, form, limit)
            if d <= limit and (best is None or (d, form) < best):
                best = (d, form)
    return best


def _near_guard_word(token: str) -> bool:
    """Is the token one edit away from a real (non-vocabulary) word?"""
    seen: set[str] = set()
    for variant in _deletes(token, 1):
        for word in _GUARD_INDEX.get(variant, ()):
            if word not in seen:
                seen.add(word)
                if _osa(token, word, 1) <= 1:
                    return True
    return False


@lru_cache(maxsize=65536)
def _fuzzy_canon(token: str) -> tuple[str, str] | None:
    """Map a misspelt token to (canon, form tag), or None."""
    if token in _GUARD or not token.isalpha():
        return None
    best = _nearest_form(token)
    if best is None:
        return None
    distance, form = best
    if distance >= 2 and _near_guard_word(token):
        return None  # "chargd" is nearer to "charged" than to "charred"
    return _FUZZY_FORMS[form]


_RUN3 = re.compile(r"(\w)\1{2,}")
_ZERO_WIDTH = dict.fromkeys(
    c for c in range(0x2000, 0x2070) if unicodedata.category(chr(c)) == "Cf"
)
_ZERO_WIDTH.update({0xAD: None, 0xFEFF: None, 0x180E: None})
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})


def _normalise_token(text: str) -> str:
    """Lower case; zero-width characters, accents and full-width forms folded."""
    if not text.isascii():
        text = text.translate(_ZERO_WIDTH)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return text.lower()


@lru_cache(maxsize=65536)
def _canon_of(low: str) -> tuple[str, str]:
    """(canon, form tag) of a normalised lower-case token."""
    hit = _ALL_FORMS.get(low)
    if hit is not None:
        return hit
    candidates = [low]
    if _RUN3.search(low):
        candidates += [_RUN3.sub(r"\1", low), _RUN3.sub(r"\1\1", low)]
        for c in candidates[1:]:
            hit = _ALL_FORMS.get(c)
            if hit is not None:
                return hit
    if low == "🔥":
        return ("fire", "noun")
    for c in candidates:
        hit = _fuzzy_canon(c)
        if hit is not None:
            return hit
    return (low, "")


# ---------------------------------------------------------------------------
# spaCy pipeline (lazy)
# ---------------------------------------------------------------------------
_STATE: tuple[Any, Any] | None = None
_COMPONENT = "recall_fire_canon"
# Words that can start a Matcher pattern (filled by _load): a doc without any
# skips the Matcher and the analysis.
_MATCH_FIRST_CANONS: set[str] = set()
_MATCH_FIRST_LOWERS: set[str] = set()
_MAX_STRINGS = 500_000


def _reset() -> None:
    """Drop the pipeline (rebuilt on the next call) to free its string store."""
    global _STATE
    with _INIT_LOCK:
        _STATE = None


def _set_canon(doc: Any) -> Any:
    """spaCy component: the canonical lemma of every token.

    It is stored as ``Token.lemma_`` (what the Matcher patterns match on: a
    native attribute, where matching on a Python extension attribute is ten
    times slower on long texts) and read back by ``Token._.canon``; the form
    tag (past, ing, ...) by ``Token._.canon_form``.
    """
    texts: list[str] = []
    lows: list[str] = []
    canons: list[str] = []
    forms: list[str] = []
    starts: list[int] = []
    spaces: list[str] = []
    strings = doc.vocab.strings
    candidate = False
    for token in doc:
        text = token.text
        low = _normalise_token(text)
        canon, form = _canon_of(low)
        token.lemma = strings.add(canon)
        if not candidate and (canon in _MATCH_FIRST_CANONS or low in _MATCH_FIRST_LOWERS):
            candidate = True
        texts.append(text)
        lows.append(low)
        canons.append(canon)
        forms.append(form)
        starts.append(token.idx)
        spaces.append(token.whitespace_)
    doc.user_data[_COMPONENT] = (texts, lows, canons, forms, starts, spaces, candidate)
    return doc


def _token_canon(token: Any) -> str:
    return token.doc.user_data[_COMPONENT][2][token.i]


def _token_canon_form(token: Any) -> str:
    return token.doc.user_data[_COMPONENT][3][token.i]


def _c(values: Any) -> dict[str, Any]:
    """A token whose canonical lemma is (one of) values."""
    if isinstance(values, str):
        return {"LEMMA": values}
    return {"LEMMA": {"IN": sorted(values)}}


def _l(values: Any, op: str | None = None) -> dict[str, Any]:
    spec: dict[str, Any] = {"LOWER": values} if isinstance(values, str) else {"LOWER": {"IN": sorted(values)}}
    if op:
        spec["OP"] = op
    return spec


def _patterns() -> dict[str, list[list[dict[str, Any]]]]:
    return {
        "TRIGGER": [[_c(_TRIGGER_CANONS)]],
        "BLOW_UP": [
            [_c("blow"), _l({"up", "apart", "uo", "upp"})],
            # "it went off like a firework"
            [_l({"went", "go", "goes", "gone", "going"}), _l({"off"}), _l({"like"}), _l({"a", "an"}, "?"), _l(_BOMB_WORDS)],
        ],
        "BLEW": [[_l({"blew", "blown", "blowed"})]],
        "ALARM": [
            # "the smoke alarm went off", "fire alarm at school went off"
            [_c({"smoke", "fire"}), _l(_ALARM_NOUNS), {"OP": "?"}, {"OP": "?"}, {"OP": "?"}, _l(_ALARM_EVENT)],
            [_l({"set", "sets", "setting", "triggered", "triggers", "triggering", "tripped", "activated"}), _l({"off"}, "?"), _l({"the", "my", "our", "a", "all", "every", "both"}, "?"), _l({"the", "my", "our", "a", "all", "every", "both"}, "?"), _c({"smoke", "fire"}), _l(_ALARM_NOUNS)],
        ],
        "RESPONDERS": [[_c("fire"), _l(_RESPONDER_NOUNS)], [_l(_RESPONDER_WORDS)], [_l({"fire"}), _l({"-"}), _l({"fighters", "fighter", "brigade"})]],
        "EXTINGUISHER": [[_c("fire"), _l({"extinguisher", "extinguishers", "blanket", "blankets"})]],
        "PUT_OUT": [[_l({"put", "putting", "puts"}), _l({"it", "them", "the", "that"}), _l({"flames", "fire", "thing"}, "?"), _l({"out"})]],
        "EXTINGUISHED": [[_l({"extinguished", "doused", "smothered", "extinguish", "douse"})]],
        "DAMAGED": [[_l({"damaged", "ruined", "destroyed", "wrecked", "fried", "damaging", "ruining", "destroying"}), _l({"my", "our", "the", "his", "her", "their", "a", "an", "your"}), _l(_PROPERTY)]],
    }


def _load() -> tuple[Any, Any]:
    global _STATE
    if _STATE is not None:
        return _STATE
    with _INIT_LOCK:
        if _STATE is not None:
            return _STATE
        with warnings.catch_warnings():
            # Importing spaCy pulls in thinc -> TensorFlow -> jax, packaging ->
            # pyparsing and pkg_resources, which emit DeprecationWarnings about
            # their own code at import time (versions pinned by Rasa). They are
            # not about this module; keep them out of the logs and test reports.
            warnings.simplefilter("ignore", DeprecationWarning)
            import spacy
            from spacy.language import Language
            from spacy.matcher import Matcher
            from spacy.tokens import Token

        if not Token.has_extension("canon"):
            Token.set_extension("canon", getter=_token_canon)
        if not Token.has_extension("canon_form"):
            Token.set_extension("canon_form", getter=_token_canon_form)
        if not Language.has_factory(_COMPONENT):
            Language.component(_COMPONENT, func=_set_canon)
        _build_indexes()
        nlp = spacy.blank("en")
        nlp.add_pipe(_COMPONENT)
        matcher = Matcher(nlp.vocab)
        for label, patterns in _patterns().items():
            matcher.add(label, patterns)
            for pattern in patterns:
                first = pattern[0]
                for attr, target in (("LEMMA", _MATCH_FIRST_CANONS), ("LOWER", _MATCH_FIRST_LOWERS)):
                    if attr in first:
                        value = first[attr]
                        target.update(value["IN"] if isinstance(value, dict) else [value])
        _STATE = (nlp, matcher)
        return _STATE


# ---------------------------------------------------------------------------
# Analysis
# ---------------------------------------------------------------------------
_CONTROL = {c: " " for c in range(32) if chr(c) not in "\t\n\r"}
_CONTROL.update({c: " " for c in range(0x7F, 0xA0)})
_CONTROL.update({0x2028: "\n", 0x2029: "\n"})
_CONTROL.update({0x2019: "'", 0x2018: "'"})
_CONTROL.update({c: "\ufffd" for c in range(0xD800, 0xE000)})  # lone surrogates cannot be encoded
_CHUNK = 50_000


def _chunks(text: str) -> Iterator[tuple[int, str]]:
    """Split very long texts at line/sentence breaks (offsets preserved)."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + _CHUNK)
        if end < n:
            window_lo = max(start + _CHUNK // 2, end - 5_000)
            cut = -1
            for sep in ("\n", ". ", "! ", "? ", " "):
                cut = text.rfind(sep, window_lo, end)
                if cut != -1:
                    cut += len(sep)
                    break
            if cut > start:
                end = cut
        yield start, text[start:end]
        start = end


class _Doc:
    """Token arrays for one spaCy Doc, whitespace tokens dropped."""

    __slots__ = ("low", "can", "frm", "st", "en", "clause", "c_lo", "c_hi", "sent", "s_lo", "s_hi", "n", "doc_to_k", "s_question", "s_why")

    def __init__(self, doc: Any, base: int) -> None:
        texts, lows, canons, forms, starts, spaces, _ = doc.user_data[_COMPONENT]
        self.low: list[str] = []
        self.can: list[str] = []
        self.frm: list[str] = []
        self.st: list[int] = []
        self.en: list[int] = []
        self.doc_to_k: list[int] = []
        hard_break_before: list[bool] = []
        pending_break = False
        for i, text in enumerate(texts):
            self.doc_to_k.append(len(self.low))
            if text.isspace():
                pending_break = pending_break or "\n" in text or "\r" in text
                continue
            self.low.append(lows[i])
            self.can.append(canons[i])
            self.frm.append(forms[i])
            self.st.append(base + starts[i])
            self.en.append(base + starts[i] + len(text))
            hard_break_before.append(pending_break)
            pending_break = "\n" in spaces[i] or "\r" in spaces[i]
        self.doc_to_k.append(len(self.low))
        self.n = len(self.low)
        self._segment(hard_break_before)

    def _segment(self, hard_break_before: list[bool]) -> None:
        n = self.n
        low = self.low
        sent = [0] * n
        clause = [0] * n
        s_id = c_id = 0
        for k in range(n):
            w = low[k]
            new_sent = k > 0 and (hard_break_before[k] or (low[k - 1] in _SENT_PUNCT and w not in _SENT_PUNCT))
            new_clause = False
            if new_sent:
                s_id += 1
                new_clause = True
            elif k > 0:
                nxt = low[k + 1] if k + 1 < n else ""
                prev = low[k - 1]
                if w in _HARD_CONJ and prev not in {"even", "as", "or", "just", "right", "long"}:
                    new_clause = True
                elif w in _SOFT_CONJ and (nxt in _CLAUSE_SUBJECTS or nxt in _WH):
                    new_clause = True
                elif prev == "," and (w in _CLAUSE_SUBJECTS or w in _WH or w in _AUX_Q) and w not in {"no", "a", "an"}:
                    new_clause = True
                elif prev in {"-", "—", "–"} and w in _CLAUSE_SUBJECTS:
                    new_clause = True
            if new_clause:
                c_id += 1
            sent[k] = s_id
            clause[k] = c_id
        self.sent = sent
        self.clause = clause
        self.c_lo, self.c_hi = _bounds(clause)
        self.s_lo, self.s_hi = _bounds(sent)
        self.s_question: dict[int, bool] = {}
        self.s_why: dict[int, bool] = {}

    # -- sentence-level properties -------------------------------------------
    def is_question(self, k: int) -> bool:
        sid = self.sent[k]
        if sid not in self.s_question:
            lo, hi = self.s_lo[k], self.s_hi[k]
            words = [w for w in self.low[lo:hi] if w not in _SENT_PUNCT and w != ","]
            q = "?" in self.low[lo:hi] or "??" in self.low[lo:hi]
            if not q and words:
                first = words[0]
                second = words[1] if len(words) > 1 else ""
                if first in _WH and first != "when":
                    q = True
                elif first in _AUX_Q and (second in _Q_SUBJECTS or second in {"nt", "n't"}):
                    q = True
            self.s_question[sid] = q
        return self.s_question[sid]

    def is_why(self, k: int) -> bool:
        """'why did it...', 'how come', 'is it normal that...': the event is presupposed."""
        sid = self.sent[k]
        if sid not in self.s_why:
            words = self.low[self.s_lo[k] : self.s_hi[k]]
            why = False
            for i, w in enumerate(words):
                nxt = words[i + 1] if i + 1 < len(words) else ""
                if w in {"why", "y", "whyy", "wy"} and (i == 0 or words[i - 1] not in {"is", "that"}):
                    why = True
                elif (w, nxt) in {("how", "come"), ("what", "caused"), ("what", "made"), ("what", "causes"), ("what", "makes")}:
                    why = True
                elif w == "normal" and (i > 0 and words[i - 1] in {"it", "this", "that", "is", "s", "'s"}):
                    why = True
            self.s_why[sid] = why
        return self.s_why[sid]


def _bounds(ids: list[int]) -> tuple[list[int], list[int]]:
    n = len(ids)
    lo = [0] * n
    hi = [0] * n
    start = 0
    for k in range(1, n + 1):
        if k == n or ids[k] != ids[start]:
            for j in range(start, k):
                lo[j] = start
                hi[j] = k
            start = k
    return lo, hi


@dataclass
class _Hit:
    kind: str
    k: int  # head token (compressed index)
    k_end: int  # exclusive
    injury: bool = False
    damage: bool = False


class _Judge:
    """Decides whether each candidate trigger is a report."""

    def __init__(self, d: _Doc) -> None:
        self.d = d

    # -- helpers ---------------------------------------------------------------
    def prev(self, k: int, skip: frozenset[str] | set[str] = frozenset({"-", "—", "–", '"', "'"})) -> tuple[int, str]:
        d = self.d
        lo = d.c_lo[k] if k < d.n else 0
        j = k - 1
        while j >= lo and d.low[j] in skip:
            j -= 1
        return (j, d.low[j]) if j >= lo else (-1, "")

    def next(self, k: int, skip: frozenset[str] | set[str] = frozenset({"-", "—", "–", '"', "'"})) -> tuple[int, str]:
        d = self.d
        hi = d.c_hi[k] if k < d.n else d.n
        j = k + 1
        while j < hi and d.low[j] in skip:
            j += 1
        return (j, d.low[j]) if j < hi else (-1, "")

    def window_before(self, k: int, size: int = 10) -> range:
        d = self.d
        return range(max(d.c_lo[k], k - size), k)

    def window_after(self, k: int, size: int = 6) -> range:
        d = self.d
        return range(k + 1, min(d.c_hi[k], k + 1 + size))

    # -- context tests --------------------------------------------------------
    def negated(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 8):
            w = low[j]
            if w not in _NEGATIONS:
                continue
            nxt = low[j + 1] if j + 1 < d.n else ""
            nxt2 = low[j + 2] if j + 2 < d.n else ""
            if w in {"no", "nope", "nah"} and (nxt in _PRONOUNS - {"one", "the"} or nxt in {",", "!", ".", "way", "joke", "kidding", "lie", "idea"}):
                continue  # interjection: "no, it caught fire" / "no it caught fire"
            if w in {"not", "n't", "nt"} and nxt in {"only", "just"}:
                continue
            if nxt in _NEG_BLOCKERS or (nxt2 in _NEG_BLOCKERS and nxt not in _TRIGGER_WORDS_LOW):
                continue  # "don't know why it exploded", "don't really know why"
            if nxt == "believe" and (w in {"cant", "cannot", "couldnt"} or (j > 0 and low[j - 1] in {"ca", "can", "could"})):
                continue  # "I can't believe it exploded" (but "I don't believe it caught fire")
            if any(low[m] in {"stop", "stopped", "stopping", "stops", "quit"} for m in range(j + 1, k)):
                continue
            if any(low[m] in {"that", "which", "who"} and low[m - 1] in {"one", "unit", "model", "bank", "battery", "charger", "ones"} for m in range(j + 2, k)):
                continue  # "it's not the one that caught fire" -- one did
            if w == "without" and k - j > 4:
                continue
            return True
        return False

    def governing_verb(self, k: int) -> int:
        """For a noun-ish trigger, the nearest light verb before it in the clause
        ('caught fire', 'set my couch on fire', 'there was a small fire')."""
        d = self.d
        for j in range(k - 1, max(d.c_lo[k], k - 5) - 1, -1):
            w = d.low[j]
            if w in _LIGHT_VERBS or (d.can[j] in {"catch", "burst", "burn", "smoke"} and d.frm[j] and d.can[j] != d.can[k]):
                return j
            if w in _MODALS or w == "to" or w in _GOVERN_STOP or w in _SUBJECT_PRONOUNS:
                return -1
        return -1

    def local_hypothetical(self, v: int) -> str:
        """'modal' / 'to' / 'almost' when a modal, an infinitive marker or
        'almost' directly governs the verb group at v, else ''.

        Walks back over auxiliaries and adverbs, then over at most one subject
        ('could it catch fire', 'will the power bank explode'); anything else
        ends the verb group ('what should I do, it exploded')."""
        d = self.d
        low = d.low
        lo = d.c_lo[v]
        j = v - 1
        in_subject = False
        crossed_det = False
        steps = 0
        while j >= lo and steps < 7:
            w = low[j]
            if w in {"almost", "nearly"} and not in_subject and not (d.can[v] == "burn" and low[v] != "burning"):
                return "almost"  # "it almost caught fire" -- but "it nearly burned my house down"
            if w == "close" and j + 1 < d.n and low[j + 1] == "to":
                return "almost"
            if w == "about" and j + 1 < d.n and low[j + 1] == "to":
                return "almost"
            if w in _MODALS:
                after = low[j + 1] if j + 1 < d.n else ""
                after2 = low[j + 2] if j + 2 < d.n else ""
                if after in {"have", "'ve", "of", "ve"} or after2 in {"have", "'ve", "ve"}:
                    return "modal" if w in _COUNTERFACTUAL_MODALS else ""
                if (after == "be" or after2 == "be") and w in {"might", "may", "must", "could"}:
                    return ""
                if w == "must":
                    return ""
                return "modal"
            if w == "to":
                before = low[j - 1] if j - 1 >= lo else ""
                if crossed_det:
                    return ""  # a preposition: "woke up to a burning smell"
                if before in {"going", "gon", "about"}:
                    return "modal" if before != "about" else "almost"
                return "" if before in _TO_OK_BEFORE else "to"
            if w in {"gonna", "finna"}:
                return "modal"
            if not in_subject and w in _VERB_GROUP_SKIP:
                j -= 1
                steps += 1
                continue
            if w in _SUBJECT_WORDS:
                in_subject = True
                crossed_det = crossed_det or w in {"a", "an", "the", "my", "your", "our", "this", "that"}
                j -= 1
                steps += 1
                continue
            break
        return ""

    def effective_form(self, k: int) -> tuple[str, int]:
        """(form, verb index) of the event at trigger k.

        Forms: past; ing (progressive: 'is smoking'); state ('is on fire',
        'there is smoke'); event (a noun with an event verb or a definite
        article: 'smoke poured out', 'the burn marks'); gerund ('risk of
        catching fire'); base; pres; noun.
        """
        d = self.d
        low, frm = d.low, d.frm
        f = frm[k]
        if f == "past":
            return "past", k
        if f == "ing":
            j, w = self.prev(k, _ADVERB_SKIP)
            if w == "be":
                return "ing", j  # 'might be melting' -- the modal decides
            if w in _BE_PRESENT or w in _BE_PAST or w in _ING_EVENT_BEFORE:
                return "ing", k
            if self._gerund(k):
                return "gerund", k
            return "ing", k
        pj, pw = self.prev(k, _ADVERB_SKIP)
        if (f == "pres" and pw not in _NOMINAL_BEFORE and not (pw in _BE_PRESENT or pw in _BE_PAST)) or (
            f == "base" and (pw in _SUBJECT_PRONOUNS or pw in {"do", "does", "did", "didnt", "to"} or pw in _MODALS)
        ):
            # a finite verb of its own: 'it explodes', 'it make fire', 'did it catch'
            if self._did_before(k):
                return "past", k
            return f, k
        v = self.governing_verb(k)
        if v >= 0:
            vw = low[v]
            vf = _LIGHT_VERBS.get(vw) or frm[v]
            if vf == "be":
                return ("past" if vw in _BE_PAST else "state"), v
            if vf in {"past", "part"}:
                return "past", v
            if vf == "ing":
                return ("gerund" if self._gerund(v) else "ing"), v
            if vf in {"base", "pres"} and self._did_before(v):
                return "past", v
            return vf or "base", v
        # be directly before an adjectival/base trigger: "my charger is burn"
        if pw in _BE_PRESENT:
            return "state", pj
        if pw in _BE_PAST:
            return "past", pj
        # a noun followed by an event verb: "smoke poured out", "fire come out"
        for j in self.window_after(k, 3):
            if low[j] in _EVENT_AFTER:
                return "event", k
            if low[j] in _PREPOSITIONS and low[j] not in {"from", "out"}:
                break
        # a definite noun refers to something that happened: "the burn marks",
        # "damage from the fire", "the smoke"
        q = k - 1
        while q >= d.c_lo[k] and low[q] in _NOUN_MODIFIERS:
            q -= 1
        if q >= d.c_lo[k] and low[q] in {"the", "that", "this"} and f in {"base", "noun", "adj"}:
            return "event", k
        if q >= d.c_lo[k] and low[q] in {"about", "regarding", "re", "concerning"} and f in {"base", "noun"}:
            return "topic", k
        return (f or "noun"), k

    def _gerund(self, k: int) -> bool:
        """-ing form used as a noun: 'risk of catching fire', 'scared of it exploding'."""
        low = self.d.low
        j, w = self.prev(k, _ADVERB_SKIP)
        if w in {"it", "them", "this", "mine", "that", "one", "they", "these"} and j > 0:
            j, w = self.prev(j, _ADVERB_SKIP)
        if w in _PREPOSITIONS or w in _FEAR:
            return True
        return w == "like" and j > 0 and low[j - 1] in {"feel", "feels", "felt", "feeling"}

    def _did_before(self, v: int) -> bool:
        d = self.d
        for j in range(v - 1, max(d.c_lo[v], v - 4) - 1, -1):
            if d.low[j] in {"did", "didnt"}:
                return True
            if d.low[j] in _MODALS or d.low[j] == "to":
                return False
        return False

    def clause_has(self, k: int, words: set[str] | frozenset[str], size: int = 12) -> int:
        d = self.d
        for j in self.window_before(k, size):
            if d.low[j] in words:
                return j
        return -1

    def cond(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 12):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            if w in _COND:
                if w in {"if", "whether"} and any(low[m] in _UNSURE for m in range(max(0, j - 3), j)):
                    # "not sure if it was smoke or steam": an uncertain observation --
                    # a modal ("if it will catch fire") is caught on its own
                    continue
                return True
            if w in _FIRE_INSTRUCTIONS and d.can[k] in {"fire", "flame"} and d.frm[k] in {"base", "noun"}:
                return True
            if (w, nxt) in {("in", "case"), ("what", "if"), ("in", "the"), ("away", "from"), ("keep", "away"), ("stay", "away"), ("keep", "it")} and (
                (w, nxt) != ("in", "the") or (j + 2 < d.n and low[j + 2] == "event")
            ):
                if (w, nxt) == ("keep", "it") and not (j + 2 < d.n and low[j + 2] in {"away", "from"}):
                    continue
                return True
            if (w, nxt) in _SIMILE:
                return True
        return False

    def fear(self, k: int) -> bool:
        return self.clause_has(k, _FEAR) >= 0

    def temporal_future(self, k: int) -> bool:
        return self.clause_has(k, _TEMPORAL_FUTURE) >= 0

    def generic_talk(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 14):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            if w in _GENERIC_TALK:
                if w in {"read", "reading"} and nxt not in {"that", "about", "on", "in", "online", "some", "these", "the", "they", "units", "people", "of", "it", "there", "many", "a"}:
                    continue
                if w == "says" and j > 0 and low[j - 1] in {"it", "he", "she", "wife", "husband"}:
                    continue
                return True
            if w == "heard" and nxt in {"that", "about", "of", "on", "there", "some", "they", "these", "units", "people", "online", "from"}:
                return True
            if w == "notice" and j > 0 and low[j - 1] in {"the", "a", "recall", "your", "safety"}:
                return True
            if w in {"they", "people"} and nxt in {"say", "said", "says"}:
                return True
        return False

    def generic_subject(self, k: int) -> bool:
        d = self.d
        low = d.low
        for j in self.window_before(k, 8):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            if w in _GENERIC_SUBJECTS:
                if w in {"these", "those", "batteries", "banks", "powerbanks", "chargers", "devices", "products", "cases", "ones"} and (
                    j > 0 and low[j - 1] in {"my", "our", "both", "two", "all", "mine"}
                ):
                    continue
                if w in {"these", "those"} and j + 1 == k:
                    continue
                return True
            if w in {"some", "few", "several", "many", "most", "others"} and j + 1 <= k and (
                (d.frm[j + 1] == "past" and d.can[j + 1] in _TRIGGER_CANON_SET | {"catch", "blow"})
                or d.can[j + 1] in {"catch", "explode", "blow", "ignite", "combust"} and d.frm[j + 1] in {"pres", "base"}
            ):
                return True  # "some exploded", "a few caught fire"
            if w in {"some", "lots", "lot", "couple", "few", "other"} and nxt in {"of", "units", "people", "models", "ones", "batteries", "power", "owners", "customers", "users", "others"}:
                if nxt == "of" and j + 2 < d.n and (low[j + 2] in {"my", "our"} or j + 2 == k):
                    continue
                return True
        return False

    def evidence(self, k: int) -> bool:
        """Something ties the event to the customer (mine, my hand, last night...)."""
        d = self.d
        low = d.low
        lo, hi = d.c_lo[k], d.c_hi[k]
        for j in range(max(lo, k - 12), min(hi, k + 5)):
            w = low[j]
            nxt = low[j + 1] if j + 1 < d.n else ""
            nxt2 = low[j + 2] if j + 2 < d.n else ""
            if w in _EVIDENCE and not (w in {"my", "our"} and nxt in _MEDIA_NOUNS):
                if w == "just" and j > k:
                    continue
                if w in {"my", "our"} and nxt in _PERSONS and (nxt2 in _HEARSAY or nxt2 in _REPORTING_VERBS):
                    continue  # "my friend said some caught fire": the source, not the unit
                if w in {"me", "us"} and j > 0 and low[j - 1] in _HEARSAY | _REPORTING_VERBS:
                    continue  # "told me they catch fire"
                return True
            if (w, nxt) in _EVIDENCE_PAIRS:
                return True
            if w == "on" and nxt in _WEEKDAYS:
                return True
        return False

    # -- the decision ----------------------------------------------------------
    def is_report(self, k: int, strong_event: bool = False) -> bool:
        if self._is_report(k, strong_event):
            return True
        d = self.d
        low = d.low
        # "I didn't think it would catch fire, but it did", "... ? mine did"
        for q in range(k + 1, min(d.n, k + 12)):
            if low[q] in {"but", "and", "which", "then"}:
                start = q + 1
            elif d.sent[q] != d.sent[q - 1]:
                start = q
            else:
                continue
            rest = [w for w in low[start : start + 6] if w not in _ELLIPSIS_SKIP]
            if rest and rest[0] in _ELLIPSIS_SUBJECTS:
                for m in range(1, min(len(rest), 4)):
                    if rest[m] in {"did", "has", "had"}:
                        if m + 1 == len(rest) or rest[m + 1] in _ELLIPSIS_END:
                            return True
                        break
        if self.negated(k):
            return False
        # "I don't want it to catch fire again": it already did once
        return any(low[q] == "again" for q in self.window_after(k, 4))

    def _is_report(self, k: int, strong_event: bool) -> bool:
        d = self.d
        if self.negated(k):
            return False
        form, v = self.effective_form(k)
        why = d.is_why(k)
        for reason in (self.local_hypothetical(v), self.local_hypothetical(k) if v != k else ""):
            # "is it normal for it to smoke?" describes what it does
            if reason and not (reason == "to" and why):
                return False
        if self.cond(k):
            return False
        happened = form in {"past", "ing", "state", "event"} or strong_event
        if not happened and (self.fear(k) or self.temporal_future(k)):
            return False
        if not happened and form == "topic" and not self.evidence(k):
            return False  # "something about fire"
        if not happened and self.hearsay(k):
            return False  # "my friend told me they catch fire"
        if self.generic_talk(k) or self.generic_subject(k):
            if not self.evidence(k):
                return False
        if not happened and why and not (self.evidence(k) or self.specific_subject(k)):
            return False  # "why do they explode?" asks about the product in general
        if d.is_question(k) and not why:
            if not happened:
                return False
            if self.clause_has(k, {"they", "them", "theirs"}, 6) >= 0 and not self.evidence(k):
                return False  # "are they catching fire?"
        return True

    def hearsay(self, k: int) -> bool:
        d = self.d
        for j in self.window_before(k, 10):
            w = d.low[j]
            if w in _HEARSAY:
                return True
            if w in {"heard", "hear", "hears"} and j + 1 < d.n and d.low[j + 1] in {"that", "about", "of", "they", "these", "some", "people", "units", "those", "there"}:
                return True
        return False

    def specific_subject(self, k: int) -> bool:
        """'it' / 'he' / 'she' / 'my X' as the subject near the trigger."""
        d = self.d
        for j in range(k - 1, max(d.c_lo[k], k - 5) - 1, -1):
            if d.low[j] in {"it", "its", "he", "she", "my", "mine", "our", "powerbank", "bank", "charger", "battery", "unit"}:
                return True
        return False


_ADVERB_SKIP = frozenset(_ADVERBS - {"like", "started", "starting", "start", "begin", "began", "kept", "keep", "keeps", "went", "not", "never", "nt", "n't", "do", "does", "did"})
_EVENT_AFTER = {
    "came", "comes", "coming", "come", "cam", "poured", "pouring", "pours",
    "billowed", "billowing", "billows", "shot", "shooting", "flew", "flying",
    "started", "starting", "appeared", "rose", "rising", "spewed", "spewing",
    "everywhere", "was", "were", "is", "are", "'s", "filled", "filling",
    "went", "out", "from", "inside", "erupted", "leaking", "leaked", "spat",
    "spitting", "burst", "blew", "all", "broke", "puffed", "puffing",
    "now", "here", "there", "happened", "damage",
}
_SUBJECT_PRONOUNS = {"it", "i", "he", "she", "we", "they", "you", "u", "its", "mine", "yours"}
_SUBJECT_WORDS = {
    "it", "i", "he", "she", "we", "they", "you", "u", "its", "there", "mine",
    "yours", "these", "those", "this", "that", "the", "my", "our", "your", "a",
    "one", "units", "unit", "power", "bank", "powerbank", "battery", "charger",
    "thing", "ones", "batteries", "banks", "any", "of", "them",
}
_VERB_GROUP_SKIP = {
    "have", "'ve", "ve", "has", "had", "been", "be", "not", "nt", "n't", "never",
    "just", "actually", "really", "still", "also", "even", "probably",
    "definitely", "literally", "possibly", "eventually", "ever", "somehow",
    "suddenly", "spontaneously", "randomly", "completely", "totally", "then",
    "finally", "already", "all", "start", "begin", "get", "go", "end", "up",
    "partially", "partly", "slightly", "like", "kinda", "basically", "surely",
    "certainly", "likely", "easily", "simply", "potentially",
}
_ING_EVENT_BEFORE = {
    "been", "kept", "keeps", "keep", "started", "starts", "start", "began",
    "stop", "stopped", "stops", "found", "saw", "see", "noticed", "smelled",
    "smelt", "heard", "caught", "left", "woke", "came", "was", "were",
}
# Before a plural noun rather than a verb: "there were sparks", "saw sparks".
_NOMINAL_BEFORE = {
    "the", "a", "an", "some", "any", "no", "of", "there", "theres", "lots",
    "many", "more", "few", "with", "and", "or", "saw", "see", "seen", "noticed",
    "notice", "big", "huge", "small", "little", "tiny", "bright", "blue",
    "white", "orange", "red", "yellow", "black", "these", "those", "my", "its",
    "from", "into", "in", "out", "had", "have", "has", "got", "get", "making",
    "made", "giving", "gave", "what", "your", "their", "our", "his", "her",
    "such", "massive", "several", "electrical", "spitting", "shooting",
    "", "for", "about", "like", "two", "three", "serious", "bad", "nasty",
}
_NOUN_MODIFIERS = {
    "small", "little", "big", "huge", "massive", "tiny", "black", "white",
    "grey", "gray", "thick", "whole", "entire", "actual", "real", "same",
    "electrical", "battery", "power", "bank", "powerbank", "brown", "dark",
    "burning", "first", "second", "other",
}
_GOVERN_STOP = {
    "about", "of", "for", "with", "like", "than", "against", "regarding", "re",
    "around", "near", "by", ",", "avoid", "prevent", "risk", "what", "which",
    "because", "cause", "due",
}
_HEARSAY = {
    "said", "says", "say", "told", "tells", "tell", "think", "thinks",
    "reckons", "claims", "claimed", "believe", "believes", "warned",
}
_REPORTING_VERBS = {"saw", "read", "heard", "showed", "sent", "mentioned", "warned", "told"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
_TRIGGER_WORDS_LOW = {"smoke", "fire", "sparks", "flames", "spark", "flame", "smoking", "burning"}


def _excluded_sense(j: _Judge, k: int) -> bool:
    """Other senses of the trigger word at k ('Amazon Fire', 'spark plug', ...)."""
    d = j.d
    canon = d.can[k]
    low = d.low
    if canon in {"burn", "smoke", "fire", "melt", "blacken", "charred", "scorch"}:
        # the kitchen, not the power bank: "my toast burned", "a frying pan smoking"
        for q in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
            if low[q] in _FOOD_WORDS:
                return True
            if low[q] in _DEVICE_WORDS:
                break
        if d.frm[k] in {"past", "base", "pres", "ing"}:
            for q in range(k + 1, min(d.c_hi[k], k + 3)):
                if low[q] in _FOOD_WORDS:
                    return True  # "I burned my toast"
    pk, prev = j.prev(k)
    nk, nxt = j.next(k)
    nxt2 = low[nk + 1] if nk >= 0 and nk + 1 < d.c_hi[k] else ""
    if d.frm[k] in {"base", "noun", "adj", "pres"} or low[k] in {"burn", "fire", "smoke", "spark", "flame", "explosion", "burns"}:
        if nxt in _HAZARD_NEXT:
            return True
        # coordinated hazards: "fire and burn hazard", "fire and explosion risk"
        if nxt in {"and", "or", "/", "&", ","} and nk >= 0:
            q = nk + 1
            if q < d.c_hi[k] and d.can[q] in _TRIGGER_CANON_SET:
                after = low[q + 1] if q + 1 < d.c_hi[k] else ""
                if after in _HAZARD_NEXT or after in {"hazard", "hazards"}:
                    return True
        if prev in {"old", "olympic"} and canon == "flame":
            return True
    if canon == "flame" and nxt in {"hot", "grilled", "broiled"}:
        return True
    if canon == "fire":
        if nxt == "and" and nxt2 in {"ice", "fury", "brimstone", "blood"}:
            return True
        if low[k] in {"fires"} and nxt in {"me", "him", "her", "them", "you", "us", "people", "staff"}:
            return True
        if nxt in _FIRE_NEXT_EXCLUDE or nxt.isdigit():
            return True
        if nxt in _FIRE_VERB_NEXT and low[k] == "fire" and not (
            prev in _LIGHT_VERBS or prev in _FIRE_NOUN_BEFORE or d.can[pk] == "catch" if pk >= 0 else False
        ):
            return True  # "fire away", "yes fire away", "fire over the label", "fire me"
        if prev in _FIRE_PREV_EXCLUDE:
            return True
        # slang: "that's fire", "this is straight fire"
        q = pk
        while q >= 0 and low[q] in _SLANG_FIRE_INTENSIFIERS:
            q -= 1
        if q >= 0 and low[q] in {"'s", "s", "is", "was", "thats", "'re", "are"}:
            subj = low[q - 1] if q >= 1 else ""
            if subj in _SLANG_FIRE_SUBJECTS or low[q] == "thats":
                return True
        if q >= 0 and low[q] in {"thats", "that's", "dis", "dat"}:
            return True
        if q >= 1 and low[q] in {"is", "'s", "s", "are", "'re"}:
            # "this bot is fire", "your service is fire" -- but "power bank is
            # fire now", "there is fire", "it's fire"
            subject = [low[m] for m in range(max(d.c_lo[k], q - 3), q)]
            if subject and not any(w in _DEVICE_WORDS or w in {"there", "theres", "everything", "smoke"} for w in subject):
                return True
        if prev == "your" and pk >= 1 and low[pk - 1] in {"hold", "holding"}:
            return True
        if prev == "on" and pk >= 1:
            # "you're on fire", "you guys are on fire today" (doing great)
            q3 = pk - 1
            while q3 >= d.c_lo[k] and low[q3] in {"'re", "re", "are", "r", "were", "totally", "really", "so", "literally", "guys", "all", "absolutely", "just", "today"}:
                q3 -= 1
            if q3 >= d.c_lo[k] and low[q3] in {"you", "u", "ya", "yall", "y'all", "youre", "ur", "team", "support", "bot", "guys"}:
                return True
        if prev in {"forest", "bush", "brush", "grass", "wild", "bonfire", "camp", "cooking", "gas", "log", "wood", "candle", "kitchen's"}:
            return True
        for q2 in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
            if low[q2] in _EXPLODE_SUBJECT_EXCLUDE or low[q2] in {"team", "i'm", "stocks"}:
                if q2 + 1 < d.n and low[q2 + 1] in {"are", "is", "'s", "'re", "were", "was", "on"}:
                    return True
        return False
    if canon in {"smoke"}:
        if nxt in _SMOKE_NEXT_EXCLUDE or prev in _SMOKE_PREV_EXCLUDE:
            return True
        if d.frm[k] == "adj" and (nxt in _COLOURS or prev in _COLOURS):
            return True  # "smoky grey", "the smoky black model"
        if low[k] in {"smokes", "smoked"} and nxt in {"the", "my", "your", "all", "everyone"} and nxt2 in {"competition", "others", "rest", "everyone", "everybody"}:
            return True
        if (prev, low[k]) == ("no", "smoking"):
            return True
        if nxt in {"and"} and nxt2 == "mirrors":
            return True
        if d.frm[k] in {"base", "pres", "past", "ing"}:
            # person subject: "I smoke", "I was smoking", "do you smoke", "I used to smoke"
            q = k - 1
            while q >= d.c_lo[k] and low[q] in _SMOKER_AUX:
                q -= 1
            if q >= d.c_lo[k] and low[q] in _SMOKE_PERSON_SUBJECTS:
                return True
        if low[k] in {"smoking"} and nxt in {"hot", "deal", "deals"}:
            return True
        return False
    if canon in {"spark", "arcing"}:
        if nxt in _SPARK_NEXT_EXCLUDE or prev in _SPARK_PREV_EXCLUDE:
            if nxt == "of" and nxt2 in {"smoke", "fire", "flame", "flames"}:
                return False
            return True
        if d.frm[k] == "past" and (nxt in _SPARK_OBJECT_EXCLUDE or nxt2 in _SPARK_OBJECT_EXCLUDE):
            return True
        if d.frm[k] in {"base", "ing"} and (nxt in _SPARK_OBJECT_EXCLUDE or nxt2 in _SPARK_OBJECT_EXCLUDE):
            return True
        return False
    if canon == "melt":
        if nxt in _MELT_NEXT_EXCLUDE:
            return True
        if prev in _MELT_PREV_EXCLUDE or (nxt in {"my"} and nxt2 in {"heart"}):
            return True
        if any(low[q] in {"sun", "sunlight", "heatwave", "radiator", "oven", "stove", "hairdryer"} for q in j.window_after(k, 5)):
            return True  # "my phone case is melted from the sun"
        for q in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
            w = low[q]
            if w in _MELT_PREV_EXCLUDE or w in {"i", "we", "'m", "im", "you", "everyone"}:
                return not (w in {"i", "we", "you"} and low[k] in {"melted", "melt"})  # "I melted the case"? keep
            if w in _DEVICE_WORDS or w in {"plastic", "case", "casing", "port", "cover", "cable", "the", "my"}:
                break
        return False
    if canon == "explode":
        if nxt in _EXPLODE_NEXT_EXCLUDE:
            return True
        for q in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
            if low[q] in _EXPLODE_SUBJECT_EXCLUDE:
                return True
        return False
    if canon == "blow":
        # k is "blew"; the particle follows
        after = low[k + 2] if k + 2 < d.c_hi[k] else ""
        after2 = low[k + 3] if k + 3 < d.c_hi[k] else ""
        if after in {"at", "with"}:
            return True
        if after in {"my", "your", "his", "her", "the", "our"} and after2 in _BLOWUP_NEXT_EXCLUDE_OBJ:
            return True
        if after in {"on", "all"} and after2 in {"twitter", "social", "reddit", "tiktok", "the", "over", "facebook", "instagram", "youtube"}:
            return True
        if after in {"online", "overnight"} and any(low[q] in {"post", "story", "video", "tweet", "thread"} for q in range(d.c_lo[k], k)):
            return True
        if any(low[q] in {"messages", "texts", "calls", "notifications", "emails"} for q in j.window_after(k, 7)):
            return True
        for q in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
            if low[q] in _EXPLODE_SUBJECT_EXCLUDE:
                return True
        return False
    if canon == "burst":
        if nxt in _BURST_NEXT_EXCLUDE or nxt2 in _BURST_NEXT_EXCLUDE:
            return True
        if nxt == "out" or (nxt == "of" and nxt2 not in {"smoke", "flame", "flames", "fire", "sparks"}):
            return True
        if nxt == "with":
            return True
        return False
    if canon == "burn":
        if nxt in _BURN_NEXT_EXCLUDE and not (nxt == "up" and nxt2 in {"in", "and"}):
            if nxt == "in" and nxt2 not in {"-"} and low[k + 1] != "-":
                pass  # "burn in my hand" is a burn; "burn-in" is the screen defect
            else:
                return True
        if low[k + 1] == "-" if k + 1 < d.n else False:
            if k + 2 < d.n and low[k + 2] in {"in", "out", "rate"}:
                return True
        if nxt in {"a", "the", "some", "my", "this", "that", "these", "an"} and nxt2 in _BURN_OBJECT_EXCLUDE:
            return True
        if nxt in {"through", "thru"} and (nxt2 in _BURN_THROUGH or (nxt2 in {"my", "the", "your", "a"} and nk + 2 < d.n and low[nk + 2] in _BURN_THROUGH)):
            return True
        if any(low[q] in {"cd", "cds", "dvd", "dvds", "disc", "discs", "disk", "iso", "bluray"} for q in j.window_after(k, 6)):
            return True
        if nxt == "out":
            for q in range(k - 1, max(d.c_lo[k], k - 4) - 1, -1):
                if low[q] in _BURN_OUT_PERSON:
                    return True
        if low[k] == "brunt" and (prev in {"the", "bear", "bore", "borne"} or nxt == "of"):
            return True  # "bore the brunt of"
        if prev in {"heart", "sun", "razor", "rug", "freezer", "sick", "slow", "calorie", "feel", "feeling", "felt", "feels", "getting"} and low[k] in {"burned", "burnt", "burn"} and prev != "getting":
            return True
        if nxt == "out" and nxt2 in {"on", "from", "with", "by", "dealing"}:
            return True
        if nxt == "by" and (nxt2 in _COMPANY_WORDS or (nk + 2 < d.n and low[nk + 2] in _COMPANY_WORDS)):
            return True  # "I got burned by another company"
        if low[k] in {"burning"} and prev in {"i'm", "im", "'m"} and nxt in {"to", "with"}:
            return True
        return False
    if canon == "scorch":
        return nxt in _SCORCH_NEXT_EXCLUDE
    if canon in {"blaze", "blazing"}:
        return nxt in _BLAZE_NEXT_EXCLUDE or (canon == "blazing" and nxt in {"a"})
    if canon == "bang":
        if nxt in _BANG_NEXT_EXCLUDE or prev in {"big", "gang", "the"} and nxt in {"theory"}:
            return True
        return False
    if canon == "alight":
        return nxt in _ALIGHT_NEXT_EXCLUDE
    if canon == "combust":
        return nxt in {"engine", "engines"}
    if canon == "ignite":
        return nxt in {"passion", "interest", "debate", "curiosity", "conversation", "creativity", "imagination"}
    if canon in {"inferno"}:
        return prev in {"dante's", "dante", "'s"}
    if canon == "blacken":
        return nxt in {"chicken", "fish", "salmon", "steak"}
    return False


def _burn_kind(j: _Judge, k: int) -> tuple[str, bool, bool]:
    """(kind, injury, damage) of a 'burn' trigger from its surroundings."""
    d = j.d
    low = d.low
    lo, hi = d.c_lo[k], d.c_hi[k]
    after = [q for q in range(k + 1, min(hi, k + 6))]
    for q in after:
        w = low[q]
        if d.can[q] == "body" or w in _PERSONS - {"i"}:
            if w == "her" and q + 1 < hi and (d.can[q + 1] not in {"body"} and low[q + 1] in _PROPERTY):
                break
            return "burn_injury", True, False
        if w in _PROPERTY or w in _MARKS:
            break
    # "I got burned", "my son was burnt", "my hand is burned"
    passive = False
    for q in range(k - 1, max(lo, k - 5) - 1, -1):
        w = low[q]
        if w in {"got", "get", "was", "were", "been", "am", "'m", "is", "'s", "are", "getting", "gets", "has", "have", "had"}:
            passive = True
            continue
        if w in {"badly", "really", "just", "slightly", "seriously", "severely", "also", "both", "all", "literally"}:
            continue
        if d.can[q] == "body" or (passive and (w in _PERSONS or w in {"he", "she", "we", "they", "i"})):
            return "burn_injury", True, False
        break
    # the noun: "I got a burn from it", "in hospital with burns", "second-degree burns"
    nxt = low[k + 1] if k + 1 < hi else ""
    prev = low[k - 1] if k - 1 >= lo else ""
    if low[k] in {"burn", "burns"} and nxt not in _MARKS and prev in {
        "a", "got", "have", "has", "had", "some", "bad", "nasty", "severe", "minor",
        "small", "degree", "with", "serious", "major", "painful", "the", "my", "his", "her",
    }:
        if not any(low[q] in _PROPERTY for q in range(k + 1, min(hi, k + 5))):
            return "burn_injury", True, False
    if any(low[q] in _SMELL_WORDS for q in range(max(lo, k - 3), min(hi, k + 4))):
        return "smoke", False, False  # "smells of burnt plastic", "burning smell"
    for q in range(max(lo, k - 5), min(hi, k + 7)):
        if q == k:
            continue
        w = low[q]
        if w in _PROPERTY or w in _MARKS:
            return "property_damage", False, True
    for q in range(lo, hi):
        if low[q] in _SMELL_WORDS:
            return "smoke", False, False
    return "fire", False, False


def _damage_near(j: _Judge, k: int) -> bool:
    """Property damaged by the event at k: 'melted into my car seat',
    'set my couch on fire', 'my bag was scorched', 'burn marks', 'house fire'."""
    d = j.d
    low = d.low
    lo, hi = d.c_lo[k], d.c_hi[k]
    canon = d.can[k]
    # object / into / onto / through
    q = k + 1
    steps = 0
    while q < hi and steps < 5:
        w = low[q]
        if w in _PROPERTY or w in _MARKS or w == "damage":
            return not (w in {"spot", "spots", "patch"} and canon not in {"scorch", "charred", "burn"})
        if w in {"into", "onto", "through", "thru", "my", "the", "our", "a", "an", "his", "her", "their", "your", "car", "bed", "kitchen", "living", "whole", "entire", "black", "big", "small", "huge", "little", "bedside", "coffee", "wooden", "new"} or w == "-":
            q += 1
            steps += 1
            continue
        if canon == "smoke" and w in {"all", "over", "everywhere"}:
            q += 1
            steps += 1
            continue
        break
    # property as subject / compound before: "my couch caught fire", "house fire", "set my couch on fire"
    for q in range(k - 1, max(lo, k - 6) - 1, -1):
        w = low[q]
        if w in _PROPERTY:
            return True
        if w in {"power", "bank", "battery", "charger", "powerbank", "unit", "it", "phone", "cable"} and w not in _PROPERTY:
            if q < k - 1 or w == "it":
                break
    return False


class _Analysis:
    def __init__(self, d: _Doc, matches: list[tuple[str, int, int]]) -> None:
        self.d = d
        self.j = _Judge(d)
        self.matches = matches

    def run(self) -> list[_Hit]:
        hits: list[_Hit] = []
        j = self.j
        compound_heads: set[int] = set()
        for label, s, e in self.matches:
            if label in {"ALARM", "RESPONDERS", "EXTINGUISHER", "DAMAGED"}:
                compound_heads.update(range(s, e))
        for label, s, e in self.matches:
            hit = None
            if label == "TRIGGER":
                hit = self._trigger(s, compound_heads)
            elif label == "BLOW_UP":
                if (self.d.can[s] != "blow" or not _excluded_sense(j, s)) and j.is_report(s):
                    hit = _Hit("explosion", s, e)
            elif label == "BLEW":
                hit = self._blew(s, e)
            elif label == "ALARM":
                if j.is_report(e - 1, strong_event=True) and not j.negated(s):
                    hit = _Hit("smoke", s, e)
            elif label == "RESPONDERS":
                hit = self._responders(s, e)
            elif label == "EXTINGUISHER":
                hit = self._extinguisher(s, e)
            elif label == "DAMAGED":
                hit = self._damaged(s, e)
            elif label in {"PUT_OUT", "EXTINGUISHED"}:
                hit = self._put_out(label, s, e)
            if hit is not None:
                hits.append(hit)
        return hits

    def _trigger(self, k: int, compound_heads: set[int]) -> _Hit | None:
        d, j = self.d, self.j
        canon = d.can[k]
        if k in compound_heads and canon in {"fire", "smoke"}:
            return None
        if _excluded_sense(j, k):
            return None
        kind = _KIND_OF_CANON.get(canon)
        injury = damage = False
        if canon == "burn":
            kind, injury, damage = _burn_kind(j, k)
        if canon == "bang":
            pj, pw = j.prev(k)
            if pw not in {"a", "loud", "big", "huge", "massive", "went", "go", "goes", "gone", "with", "heard", "like", "and", "almighty", "sudden"}:
                return None
        if canon == "blister":
            injury = True
        if kind is None:
            return None
        if not j.is_report(k):
            return None
        span_lo = k
        if d.frm[k] in {"noun", "base", "pres", "adj", ""}:
            v = j.governing_verb(k)
            if v >= 0 and k - v <= 4 and d.low[v] not in _BE_PRESENT | _BE_PAST:
                span_lo = v
        if kind in {"property_damage"} or canon in {"scorch", "charred", "soot"}:
            damage = True
        if not damage and canon in {"fire", "flame", "burn", "melt", "scorch", "charred", "smoke", "soot", "blaze", "explode", "blacken"}:
            damage = _damage_near(j, k)
        if kind == "burn_injury":
            injury = True
        return _Hit(kind, span_lo, k + 1, injury, damage)

    def _responders(self, s: int, e: int) -> _Hit | None:
        d, j = self.d, self.j
        low = d.low
        lo, hi = d.c_lo[s], d.c_hi[s]
        event = False
        for q in range(e, min(hi, e + 5)):
            if low[q] in _RESPONDER_VERBS - {"called", "call", "calling", "there", "out"}:
                event = True
                break
        for q in range(max(lo, s - 4), s):
            if low[q] in {"called", "call", "calling", "phoned", "rang", "dialled", "dialed", "ring", "get", "got", "by"}:
                event = True
        if not event:
            return None
        if j.negated(s) or j.cond(s) or j.local_hypothetical(s):
            return None
        if (j.generic_talk(s) or j.generic_subject(s)) and not j.evidence(s):
            return None
        if d.is_question(s) and not d.is_why(s):
            form = "past" if any(low[q] in {"came", "arrived", "showed", "attended", "responded", "called", "had", "were", "was", "put"} for q in range(max(lo, s - 4), min(hi, e + 5))) else "base"
            if form != "past":
                return None
        return _Hit("fire", s, e, False, True)

    def _extinguisher(self, s: int, e: int) -> _Hit | None:
        d, j = self.d, self.j
        low = d.low
        lo = d.c_lo[s]
        used = any(low[q] in _EXTINGUISH_USE for q in range(max(lo, s - 5), s))
        if not used:
            return None
        if j.negated(s) or j.cond(s):
            return None
        for q in range(max(lo, s - 5), s):
            if low[q] in _EXTINGUISH_USE:
                if j.local_hypothetical(q) and not (q > 0 and low[q - 1] == "to" and q > 1 and low[q - 2] in {"had", "needed"}):
                    return None
        if d.is_question(s) and not any(low[q] in {"used", "grabbed", "sprayed", "emptied", "had", "needed", "threw", "put"} for q in range(max(lo, s - 5), s)):
            return None
        if (j.generic_talk(s) or j.generic_subject(s)) and not j.evidence(s):
            return None
        return _Hit("fire", s, e, False, False)

    def _blew(self, s: int, e: int) -> _Hit | None:
        """'the battery blew', 'it just blew!' (but not 'blew a fuse', 'blew me away')."""
        d, j = self.d, self.j
        low = d.low
        nxt = low[s + 1] if s + 1 < d.c_hi[s] else ""
        if nxt and nxt not in {"in", "on", "open", "!", ".", "!!", "last", "yesterday", "today", "while", "when", "and", "right", "overnight", "this"}:
            return None
        subject = False
        for q in range(s - 1, max(d.c_lo[s], s - 4) - 1, -1):
            if low[q] in _DEVICE_WORDS or low[q] in {"cell", "cells", "battery", "unit"}:
                subject = True
                break
        if not subject or not j.is_report(s):
            return None
        return _Hit("explosion", s, e)

    def _put_out(self, label: str, s: int, e: int) -> _Hit | None:
        """'had to put it out with water', 'we doused it': there was a fire."""
        d, j = self.d, self.j
        low = d.low
        lo, hi = d.c_lo[s], d.c_hi[s]
        means = any(low[q] in _EXTINGUISH_MEANS for q in range(e, min(hi, e + 5)))
        effort = any(low[q] in {"had", "managed", "tried", "needed", "quickly", "finally", "eventually", "barely", "luckily", "thankfully"} for q in range(max(lo, s - 3), s))
        if label == "PUT_OUT" and not (means or effort):
            return None  # "put it out of reach", "put it outside"
        if label == "EXTINGUISHED" and low[s] in {"extinguish", "douse"} and not effort:
            return None
        if j.negated(s) or j.cond(s):
            return None
        if j.local_hypothetical(s) and not effort:
            return None
        if (j.generic_talk(s) or j.generic_subject(s)) and not j.evidence(s):
            return None
        if d.is_question(s) and not d.is_why(s) and not effort and low[s] not in {"extinguished", "doused", "smothered"}:
            return None
        return _Hit("fire", s, e, False, False)

    def _damaged(self, s: int, e: int) -> _Hit | None:
        d, j = self.d, self.j
        low = d.low
        lo = d.c_lo[s]
        subject = False
        for q in range(s - 1, max(lo, s - 6) - 1, -1):
            if low[q] in {"it", "power", "bank", "battery", "charger", "powerbank", "unit", "thing", "he", "which", "that", "anker", "its"}:
                subject = True
                break
        if not subject:
            return None
        if not j.is_report(s):
            return None
        if d.frm[s] == "" and low[s].endswith("ing"):
            return None
        return _Hit("property_damage", s, e, False, True)


# message-wide injury cues
_INJURY_WORDS = {"hurt", "hurts", "hurting", "injured", "injury", "injuries", "injure", "blister", "blisters", "blistered", "hospital", "hospitalised", "hospitalized", "ambulance", "paramedic", "paramedics", "a&e"}


def _injury_anywhere(d: _Doc, j: _Judge) -> bool:
    low = d.low
    for k in range(d.n):
        w = low[k]
        hit = False
        if w in _INJURY_WORDS or d.can[k] in {"hurt", "injure", "blister", "hospital"}:
            hit = True
            if w in {"hurt", "hurts"} and k + 1 < d.n and low[k + 1] in {"my", "our"} and k + 2 < d.n and low[k + 2] in {"feelings", "business", "pocket", "wallet"}:
                hit = False
        elif w == "er" and d.st[k] < d.en[k] and k > 0 and low[k - 1] in {"the", "to", "an", "in"}:
            hit = True
        elif (w, low[k + 1] if k + 1 < d.n else "") in {("emergency", "room"), ("urgent", "care"), ("first", "aid"), ("burn", "cream"), ("burns", "unit")}:
            hit = True
        if not hit:
            continue
        if j.negated(k) or j.cond(k):
            continue
        if j.local_hypothetical(k) and w not in {"hospital", "a&e", "er", "ambulance"}:
            continue
        return True
    return False


def _analyse(d: _Doc, matches: list[tuple[str, int, int]]) -> tuple[_Hit | None, bool, bool]:
    analysis = _Analysis(d, matches)
    hits = analysis.run()
    if not hits:
        return None, False, False
    best = min(hits, key=lambda h: (_PRIORITY[h.kind], h.k))
    injury = any(h.injury for h in hits) or _injury_anywhere(d, analysis.j)
    damage = any(h.damage for h in hits) or any(
        label == "DAMAGED" and not analysis.j.negated(s) and not analysis.j.cond(s) for label, s, _ in matches
    )
    return best, injury, damage


def detect_fire_report(text: str) -> FireSignal | None:
    """Return a FireSignal if the message reports a fire (see module doc), else None."""
    if not isinstance(text, str) or not text.strip():
        return None
    nlp, matcher = _load()
    clean = text.translate(_CONTROL)  # same length: offsets stay valid
    found: tuple[int, int, int, str] | None = None  # (priority, start, end, kind)
    injury = damage = False
    for base, chunk in _chunks(clean):
        with _RUN_LOCK:  # spaCy's tokenizer and string store are not thread-safe
            doc = nlp(chunk)
            candidate = doc.user_data[_COMPONENT][6]
            raw = matcher(doc) if candidate else []
        if not raw:
            continue
        d = _Doc(doc, base)
        matches = []
        for match_id, s, e in raw:
            ks, ke = d.doc_to_k[s], d.doc_to_k[e]
            if ke > ks:
                matches.append((nlp.vocab.strings[match_id], ks, ke))
        best, inj, dmg = _analyse(d, matches)
        if best is None:
            continue
        injury = injury or inj
        damage = damage or dmg
        key = (_PRIORITY[best.kind], d.st[best.k], d.en[best.k_end - 1], best.kind)
        if found is None or key[:2] < found[:2]:
            found = key
    if len(nlp.vocab.strings) > _MAX_STRINGS:
        _reset()  # the tokenizer keeps every new word: start afresh now and then
    if found is None:
        return None
    _, start, end, kind = found
    if kind == "smoke" and not (injury or damage) and _SMELL_ONLY.search(text) and _NO_SMOKE.search(text):
        return None  # "smells like burning plastic but there's no smoke": heat advice, not a fire report
    return FireSignal(kind=kind, matched=text[start:end], start=start, end=end, injury=injury, damage=damage)


def denies_fire(text: str) -> bool:
    """Whether the customer says in so many words that nothing burnt, smoked or sparked.

    "It heats up a lot but it hasn't caught fire or smoked", "no smoke": the contract's
    heat without fire. The classifier alone is then not enough to call it a fire report
    (the rule-based net, which reads negation in its clause, still decides).
    """
    return bool(_NO_SMOKE.search(text) or _DID_NOT_BURN.search(text))


_DID_NOT_BURN = re.compile(
    r"\b(?:didn'?t|did\s+not|hasn'?t|has\s+not|haven'?t|have\s+not|never|wasn'?t|was\s+not|isn'?t|is\s+not|not)\s+"
    r"(?:(?:yet|ever|actually|really)\s+)?(?:catch(?:ing)?\s+fire|caught\s+fire|burn(?:t|ed|ing)?|smok(?:e|ed|ing)|spark(?:ed|ing)?"
    r"|melt(?:ed|ing)?|explod(?:e|ed)|exploding|on\s+fire)\b",
    re.I,
)


# A burning smell the customer says came without smoke or fire (the contract: heat
# without fire, smoke, sparks, melting... is not a fire report).
_SMELL_ONLY = re.compile(r"\b(?:smell\w*|stink\w*|odou?r\w*|reek\w*)\b", re.I)
_NO_SMOKE = re.compile(
    r"\b(?:no|not?\s+any|without(?:\s+any)?|never)\s+(?:visible\s+)?(?:smoke|fire|flames?|sparks?)\b"
    r"|\b(?:isn'?t|wasn'?t|not|never)\s+(?:smoking|burning|on\s+fire)\b|\bnothing\s+else\s+happened\b",
    re.I,
)


# ---------------------------------------------------------------------------
# Real English words within typo distance of the vocabulary: never mapped.
# Regenerate after changing _FUZZY_TABLE with
#   python -m bot.safety --guard /usr/share/dict/american-english /usr/share/dict/british-english
# (Debian packages wamerican, wbritish) and paste the output below.
# ---------------------------------------------------------------------------
# Real but rare words that, in this chat, are far more often typos of the
# vocabulary ("it brunt my hand", "it melded"): left out of the guard.
_TYPO_NOT_GUARDED = frozenset({"brunt", "melded"})
# Words missing from those lists (or common in chat) that must never be mapped.
_GUARD_EXTRA = """
sparkly sparklies smokers meltdowns fired firing fixed fires fireman firemen
firestick burnout bursty catchin cachin chargin charing chaging chared
"""
_GUARD_WORDS = """
aced ached aches aching acing alights alright arched arching arcked arcking aright armed
arming baaing backed backer backers baking balding baling balking balling baluster
balusters banister banisters banning barbing barfing barging baring barking barn barns
barring basing basting bating baying beading beaming beaning bearing beating belaying
berating bering bern bernini besting biasing binning birding bitter bitters blabbing
black blacked blacker blackest blacking blackness blacks blade blades blaine blake blame
blamed blames blaming blanked blanker blanket blanketed blankets blanking blare blared
blares blaring blasted blaster blasters blasting blazer blazers blazon blazoning blazons
bleating blinder blinders bling blinker blinkered blinkers blither blitzing bloating
blocked blotter blotters blueing bluing blunter blurring blurting blusher blushers
bluster blustered blusters blustery boaster boasters boasting boating bolster bolstered
bolsters boning booster boosters boosting boozing boring born bracing bracken bracket
bracketed brackets braking braving braying bring brisker brushing bucking budding
budging buffing bugging bugling bulging bulking bulling bumming bumping bunging bunin
bunking buns bunt bunting buoying burbling burdening burg burgling burgs buried burks
burl burner burnish burp burped burping burps burr burred burring burrs burs bursa burt
bury burying bushing busing bussing bust buster busters busting bustling busts busying
butting buying buzzing cache cached caches cachet cachets caching cashed cashes cashing
catcher catchers catchier catchiest catchings catchup catchy catered catering cather
catted catting cinched cinches cinching cloches clutched clutches clutching coached
coaches coaching combat combated combating combats combatted combatting combos combs
commuted commuting compost composted composting composts computed computing conches
couched couches couching crotches crutches emoting employe employed employes employing
exclude excluded excludes excluding exclusion expanded expanding expansion expansions
expended expending explain exploit exploited exploiting exploits explore explored
explorer explorers explores exploring explosive explosives expose exposed exposes
exposing expulsion expulsions facing fading faking falling fame famed famine fare fares
faring farming fating faxing fazing fearing fencers fenders fibbers fibers fibre fibres
fidgets fife fifes file files fillers filming filters finaglers finder finders fine
finer finery fines fingered firebase firewall firewalls firm firming firms firs fishers
fitters five fives fixers fixes flagging flailing flake flaked flakes flaking flambeing
flambes flamer flamers flamingo flamingos flamings flanking flapping flare flared flares
flaring flashing flatting flawed flawing flayed flaying fleeing fleming flexing fling
floating flowing flume flumes fluting fluxing flying foaling foamed foaming folgers fore
fores forgers forming frame framed frames framing fraying frey fries fringes fume fumed
fums fuses fuzes ignitions ignored ignores ignoring incited incites inciting infer
inferior infernal infernos infers intern interne interns invited invites inviting
ionised ionises ionising ionized ionizes ionizing malt malted malting malts mating
matting meaning meat meats meaty meet meeting meetings meets meld melding melds melton
melvin memling mending meowing merging meriting meshing messing meted meting mewing
mewling milking milling minting misting molding molt molted molting molts mooting
moulting mulling muting raced racing sacked sacking scared scarfed scarfing scaring
scarred scarring scolded sconces scoot scoping scorcher scorchers scored scores scoring
scorned scorning scot scotch scotched scotches scotching scotchs searched searches
searching seared searing seeking shaking shared sharing shark sharked sharking sharks
sharped sharping shirked shirking shocking shoeing shooing shoot shoring shot shoulder
shouldered shouldering shoulders shoving showing sicking sinking slacked slacking slaked
slaking sloping slot slouched slouches slouching slowing smacked smacking smaller
smarted smarting smelter smelters smiling smirched smirches smirching smirked smirking
smiting smocked smocking smokier smooched smooches smooching smote smother smothered
smothering smothers snacked snacking snaked snaking snared snarfed snarfing snaring
snark snarks snarky snarled snarling snoot snooty snoring snot snowing soaked soaking
soared soaring socking soft softy solder soldered soldering solders soldier soldiered
soldiering soldiers solider soling solver solvers soon sooth sort soto sounder sowing
spaced spacing spaded spading spain spake spammed spamming spank spanked spanking
spankings spanks spanned spanning spar spare spared sparer spares sparing sparkle
sparkled sparkler sparkles sparkling sparred sparring spars sparse sparser spartan
spatted spatting spawned spawning spayed spaying speaking speared spearing specked
specking spiked spiking spoke spokes spooked spooking spored sporing sported sporting
spot sprain sprayed spraying spreed spring spurned spurning spurred spurring spurted
spurting stacked stacking staked staking stalked stalking starched starches starching
stared staring stark starker starkey starling starred starring started starting starved
starving stocking stoke stoked stokes stoking stolider stoning storing stowing stroking
sucking sulking swanked swanking swarmed swarming thump thumps waist waists whist wist
wrest wrests wriest writ writs
"""


def _generate_guard(paths: list[str]) -> list[str]:
    """Dictionary words that a typo of the vocabulary could look like."""
    words: set[str] = set()
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                w = line.strip().lower()
                if w.isalpha() and w.isascii() and len(w) >= _TYPO_MIN_LEN:
                    words.add(w)
    words -= set(_ALL_FORMS) | _TYPO_NOT_GUARDED
    _build_indexes()
    return sorted(w for w in words if _nearest_form(w) is not None)


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    if len(sys.argv) > 2 and sys.argv[1] == "--guard":
        guard_words = _generate_guard(sys.argv[2:])
        line: list[str] = []
        for gw in guard_words:
            if sum(len(x) + 1 for x in line) + len(gw) > 88:
                print(" ".join(line))
                line = []
            line.append(gw)
        if line:
            print(" ".join(line))
    else:
        print(detect_fire_report(" ".join(sys.argv[1:])))
