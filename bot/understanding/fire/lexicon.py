"""The vocabulary of the safety net: the words that matter and the words around them.

The trigger vocabulary and its forms (caught -> catch, burnt -> burn, smokin ->
smoke, ...) are data: ``data/typo_tolerant_forms.txt`` (read typo-tolerantly,
see typos.py) and ``data/exact_forms.txt`` (short or collision-prone words,
matched exactly), read once, on first use. Each form maps to its canonical lemma
and a form tag (base pres past ing noun adj).

The word classes below are what the rules look for around a candidate: light
verbs, modals, negations, fears, hearsay (judge.py), property and persons
(signal.py), and the words that show another sense of a trigger (senses.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def parse_table(table: str) -> dict[str, tuple[str, str]]:
    """form -> (canon, tag) from lines `canon tag:form,form tag:form ...` ('#' starts a comment line)."""
    out: dict[str, tuple[str, str]] = {}
    for line in table.strip().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        canon, *groups = line.split()
        for group in groups:
            tag, forms = group.split(":")
            for form in forms.split(","):
                out[form] = (canon, tag)
    return out


@cache
def fuzzy_forms() -> dict[str, tuple[str, str]]:
    """The typo-tolerant forms: form -> (canon, tag)."""
    return parse_table((DATA / "typo_tolerant_forms.txt").read_text(encoding="utf-8"))


@cache
def exact_forms() -> dict[str, tuple[str, str]]:
    """The forms matched exactly: form -> (canon, tag)."""
    return parse_table((DATA / "exact_forms.txt").read_text(encoding="utf-8"))


@cache
def all_forms() -> dict[str, tuple[str, str]]:
    """Every form: form -> (canon, tag); an exact form wins over a typo-tolerant one."""
    return {**fuzzy_forms(), **exact_forms()}


# Light verbs that govern a trigger noun ("caught fire", "went up in flames", "left burn marks").
def _light_verbs() -> dict[str, str]:
    out: dict[str, str] = {}
    for tag, words in {
        "base": "take get go set start begin make have come cause erupt light give let emit produce see smell leave",
        "pres": "takes gets goes sets starts begins makes has comes causes erupts gives lets emits produces sees leaves",
        "past": "took got went started began made had came caused erupted lit gave emitted produced saw noticed found left",
        "part": "taken gotten gone begun been come",
        "ing": "taking getting going setting starting beginning making having coming causing erupting giving emitting producing leaving",
        "be": "is are am 's 're 'm was were be being isnt arent wasnt werent",
    }.items():
        for w in words.split():
            out.setdefault(w, tag)
    return out


LIGHT_VERBS = _light_verbs()
BE_PRESENT = {"is", "are", "am", "'s", "'re", "'m", "s", "isnt", "arent"}
BE_PAST = {"was", "were", "been", "wasnt", "werent"}

KIND_OF_CANON = {
    **dict.fromkeys(
        "fire flame ablaze blaze blazing alight inferno fireball ignite combust smoulder".split(),
        "fire",
    ),
    **dict.fromkeys("smoke fumes soot".split(), "smoke"),
    **dict.fromkeys("spark arcing".split(), "sparks"),
    "melt": "melting",
    **dict.fromkeys("explode burst bang blow".split(), "explosion"),
    **dict.fromkeys("scorch charred blacken".split(), "property_damage"),
    # evidence that something burnt, read with their neighbours (marks.py):
    # "a black mark", "a brown stain"; "went black", "turned the desk black"
    **dict.fromkeys("mark black".split(), "property_damage"),
    "blister": "burn_injury",
}
TRIGGER_CANONS = sorted(set(KIND_OF_CANON) - {"blow"} | {"burn"})
TRIGGER_CANON_SET = frozenset(TRIGGER_CANONS)

# ---- what the judge reads around a candidate (judge.py) ----------------------
MODALS = {
    "can", "ca", "could", "might", "may", "will", "wo", "would", "shall", "should",
    "'ll", "'d", "gonna", "gon", "wanna", "must", "cant", "couldnt", "wont", "wouldnt",
    "shouldnt", "cannot",
}
COUNTERFACTUAL_MODALS = {"could", "would", "should", "'d", "couldnt", "wouldnt", "shouldnt", "coulda", "woulda"}
TO_OK_BEFORE = {
    "start", "started", "starts", "starting", "begin", "began", "begun", "begins",
    "seem", "seemed", "seems", "appear", "appeared", "appears", "continued",
    "continues", "used", "had", "has", "have", "needed", "got", "tried", "tries",
    # "to" as a preposition: "woke up to smoke", "it led to a fire", "came home to"
    "up", "home", "back", "due", "next", "thanks", "owing", "down", "led",
    "lead", "leads", "leading", "came", "returned", "close", "closer", "turned",
}
NEGATIONS = {
    "not", "n't", "nt", "no", "never", "nothing", "none", "nobody", "neither", "nor",
    "without", "nope", "zero", "hasnt", "havent", "hadnt", "didnt", "doesnt", "dont",
    "isnt", "wasnt", "werent", "arent", "wont", "cant", "couldnt", "wouldnt", "aint",
    "nowhere", "noone", "nothin",
}
# A negation followed by one of these does not negate the event after it:
# "I don't know why it exploded", "it won't stop smoking", "I didn't notice it
# was smoking". ("I don't think it caught fire" does negate it.)
NEG_BLOCKERS = {
    "know", "knw", "sure", "understand", "idea", "expect", "expected", "realize",
    "realise", "realised", "realized", "notice", "noticed", "see", "care", "mean",
    "remember", "stop", "stopped", "stopping", "stops", "quit", "only", "just",
    "tell", "why", "kidding", "joking", "lie", "lying", "exaggerating", "wait",
    "want", "wanna", "wish",
}
PRONOUNS = {
    "it", "its", "i", "you", "he", "she", "we", "they", "this", "that", "there",
    "my", "mine", "me", "one", "u", "ur", "the",
}
FEAR = {
    "worried", "worry", "worries", "worrying", "afraid", "scared", "scary", "fear",
    "fears", "feared", "terrified", "nervous", "concerned", "concern", "concerns",
    "paranoid", "anxious", "risk", "risks", "risky", "hazard", "hazards", "danger",
    "dangers", "dangerous", "chance", "chances", "possibility", "possible",
    "potential", "potentially", "likely", "unlikely", "prone", "susceptible",
    "liable", "threat", "threats", "panic", "panicking", "freaked", "freaking",
    "safe", "safety", "warn", "warning",
}
COND = {
    "if", "whether", "unless", "incase", "suppose", "supposing", "imagine",
    "hypothetically", "prevent", "prevents", "preventing", "prevention", "avoid",
    "avoiding", "lest", "iff",
}
# Instructions about fire ("do not dispose of in fire", "keep away from flame").
FIRE_INSTRUCTIONS = {"dispose", "disposal", "disposing", "incinerate", "expose", "exposing", "exposed", "throw", "heat", "near"}
UNSURE = {"sure", "know", "knw", "tell", "idea", "wondering", "wonder", "unsure", "dunno", "clear", "certain", "sure,"}
TEMPORAL_FUTURE = {"before", "until", "till", "til", "once"}
SIMILE = {("feel", "like"), ("feels", "like"), ("felt", "like"), ("feeling", "like"), ("as", "if"), ("as", "though")}
GENERIC_TALK = {
    "recall", "recalls", "news", "article", "articles", "read", "reading",
    "reports", "reported", "reportedly", "website", "online", "internet",
    "reddit", "twitter", "facebook", "tiktok", "youtube", "video", "videos",
    "apparently", "supposedly", "allegedly", "rumor", "rumour", "rumors",
    "rumours", "manual", "label", "instructions", "cpsc", "headline",
    "headlines", "warnings", "warns", "hazard", "hazards", "risk", "risks",
    "tv", "television", "radio", "newspaper", "paper", "bbc", "cnn",
}
GENERIC_SUBJECTS = {
    "units", "models", "people", "others", "anyone", "anybody", "customers",
    "owners", "users", "any", "many", "several", "these", "those", "batteries",
    "banks", "powerbanks", "chargers", "devices", "products", "ones", "cases",
    "everyone", "folks", "someone's",
}
EVIDENCE = {
    "my", "mine", "our", "ours", "me", "myself", "us", "yesterday", "today",
    "tonight", "earlier", "ago", "already", "actually", "literally", "just",
}
EVIDENCE_PAIRS = {
    ("last", "night"), ("last", "week"), ("this", "morning"), ("this", "afternoon"),
    ("this", "evening"), ("right", "now"), ("just", "now"), ("last", "month"),
    ("the", "other"),
}
MEDIA_NOUNS = {"email", "emails", "inbox", "feed", "news", "newsfeed", "timeline", "notifications"}
PREPOSITIONS = {
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
# ---- what is hurt or damaged, and by what (signal.py, detect.py) -------------
PROPERTY = {
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
PERSONS = {
    "me", "myself", "him", "her", "us", "himself", "herself", "yourself",
    "ourselves", "themselves", "son", "daughter", "kid", "kids", "child",
    "children", "baby", "wife", "husband", "boyfriend", "girlfriend", "partner",
    "friend", "mom", "mum", "mother", "dad", "father", "brother", "sister",
    "someone", "somebody", "dog", "cat", "toddler", "grandma", "grandpa", "nephew",
    "niece", "roommate", "flatmate", "colleague", "coworker", "i",
}
DEVICE_WORDS = {
    "it", "its", "bank", "powerbank", "battery", "charger", "unit", "thing",
    "he", "she", "mine", "cable", "port", "phone", "case", "device", "brick",
    "power", "anker", "a1263", "powercore", "one",
    "zolo", "maggo", "ganprime",  # the catalogue's product names (CONTRACT.md)
}
# "I didn't think it would catch fire, but it did" (Judge.is_report)
ELLIPSIS_SUBJECTS = {"it", "mine", "he", "she", "they", "one", "hers", "his", "theirs", "my", "our", "the", "her", "yes", "yeah", "well"}
ELLIPSIS_SKIP = {"actually", "really", "just", "then", "literally", "totally", "definitely", "already", "yes", "yeah", "well", ","}
ELLIPSIS_END = {".", "!", "?", "!!", "...", "lol", "though", "too", "anyway", "yesterday", "today", "last", ",", "omg", "and", "so", "now", "twice", "once"}
# ---- the verb group and the event form (Judge.effective_form) -----------------
ADVERB_SKIP = frozenset(_ADVERBS - {"like", "started", "starting", "start", "begin", "began", "kept", "keep", "keeps", "went", "not", "never", "nt", "n't", "do", "does", "did"})
EVENT_AFTER = {
    "came", "comes", "coming", "come", "cam", "poured", "pouring", "pours",
    "billowed", "billowing", "billows", "shot", "shooting", "flew", "flying",
    "started", "starting", "appeared", "rose", "rising", "spewed", "spewing",
    "everywhere", "was", "were", "is", "are", "'s", "filled", "filling",
    "went", "out", "from", "inside", "erupted", "leaking", "leaked", "spat",
    "spitting", "burst", "blew", "all", "broke", "puffed", "puffing",
    "now", "here", "there", "happened", "damage",
}
SUBJECT_PRONOUNS = {"it", "i", "he", "she", "we", "they", "you", "u", "its", "mine", "yours"}
SUBJECT_WORDS = {
    "it", "i", "he", "she", "we", "they", "you", "u", "its", "there", "mine",
    "yours", "these", "those", "this", "that", "the", "my", "our", "your", "a",
    "one", "units", "unit", "power", "bank", "powerbank", "battery", "charger",
    "thing", "ones", "batteries", "banks", "any", "of", "them",
}
VERB_GROUP_SKIP = {
    "have", "'ve", "ve", "has", "had", "been", "be", "not", "nt", "n't", "never",
    "just", "actually", "really", "still", "also", "even", "probably",
    "definitely", "literally", "possibly", "eventually", "ever", "somehow",
    "suddenly", "spontaneously", "randomly", "completely", "totally", "then",
    "finally", "already", "all", "start", "begin", "get", "go", "end", "up",
    "partially", "partly", "slightly", "like", "kinda", "basically", "surely",
    "certainly", "likely", "easily", "simply", "potentially",
}
ING_EVENT_BEFORE = {
    "been", "kept", "keeps", "keep", "started", "starts", "start", "began",
    "stop", "stopped", "stops", "found", "saw", "see", "noticed", "smelled",
    "smelt", "heard", "caught", "left", "woke", "came", "was", "were",
}
# Before a plural noun rather than a verb: "there were sparks", "saw sparks".
NOMINAL_BEFORE = {
    "the", "a", "an", "some", "any", "no", "of", "there", "theres", "lots",
    "many", "more", "few", "with", "and", "or", "saw", "see", "seen", "noticed",
    "notice", "big", "huge", "small", "little", "tiny", "bright", "blue",
    "white", "orange", "red", "yellow", "black", "these", "those", "my", "its",
    "from", "into", "in", "out", "had", "have", "has", "got", "get", "making",
    "made", "giving", "gave", "what", "your", "their", "our", "his", "her",
    "such", "massive", "several", "electrical", "spitting", "shooting",
    "", "for", "about", "like", "two", "three", "serious", "bad", "nasty",
}
NOUN_MODIFIERS = {
    "small", "little", "big", "huge", "massive", "tiny", "black", "white",
    "grey", "gray", "thick", "whole", "entire", "actual", "real", "same",
    "electrical", "battery", "power", "bank", "powerbank", "brown", "dark",
    "burning", "first", "second", "other",
}
GOVERN_STOP = {
    "about", "of", "for", "with", "like", "than", "against", "regarding", "re",
    "around", "near", "by", ",", "avoid", "prevent", "risk", "what", "which",
    "because", "cause", "due",
}
HEARSAY = {
    "said", "says", "say", "told", "tells", "tell", "think", "thinks",
    "reckons", "claims", "claimed", "believe", "believes", "warned",
}
REPORTING_VERBS = {"saw", "read", "heard", "showed", "sent", "mentioned", "warned", "told"}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"}
TRIGGER_WORDS_LOW = {"smoke", "fire", "sparks", "flames", "spark", "flame", "smoking", "burning"}

# ---- other senses of the words (senses.py) ------------------------------------
FIRE_NEXT_EXCLUDE = {
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
FIRE_VERB_NEXT = {
    "away", "at", "up", "off", "over", "across", "me", "him", "her", "them", "you",
    "us", "someone", "somebody", "people", "staff", "employees", "everyone",
    "whoever", "ur", "u", "the", "your", "questions", "question",
}
FIRE_NOUN_BEFORE = {
    "on", "in", "a", "the", "of", "no", "small", "big", "little", "huge", "massive",
    "real", "actual", "electrical", "battery", "bank", "house", "car", "kitchen",
    "into", "from", "with",
}
FIRE_PREV_EXCLUDE = {
    "amazon", "kindle", "cease", "open", "friendly", "rapid", "quick", "under",
    "camp", "bon", "hell", "wild", "fire", "sure", "quickfire", "crossfire",
    "to", "gonna", "wanna",
} | MODALS
SLANG_FIRE_INTENSIFIERS = {
    "straight", "pure", "absolute", "absolutely", "literally", "lowkey",
    "highkey", "so", "actually", "kinda", "lit", "fkn", "fucking", "fricking",
    "freaking", "really", "just", "honestly", "deadass", "certified", "🔥",
}
SLANG_FIRE_SUBJECTS = {"that", "this", "dis", "dat", "thats", "thas", "these", "those"}
FOOD_WORDS = {
    "toast", "food", "dinner", "lunch", "breakfast", "pizza", "cake", "bread",
    "bacon", "steak", "rice", "popcorn", "pan", "frying", "cooking", "meal",
    "cookies", "sausages", "sausage", "chicken", "oil", "grill", "bbq", "barbecue",
    "candle", "candles", "incense", "cigarette", "cigar", "joint", "weed",
    "marshmallow", "marshmallows", "fries", "pancakes", "eggs", "soup", "coffee",
}
# Other sources of fire, smoke and burns than the unit (sources.py): the kitchen,
# the barbecue, the fireplace, a cigarette, fireworks.
OTHER_SOURCES = FOOD_WORDS | {
    "barbeque", "bbqs", "barbecues", "grilling", "grilled", "griller", "bbqing",
    "barbecuing", "fireplace", "fireplaces", "chimney", "chimneys", "woodburner",
    "woodstove", "stove", "oven", "hob", "toaster", "campfire", "bonfire", "firepit",
    "cigarettes", "cigs", "cig", "cigars", "joints", "vape", "vaping", "hookah",
    "shisha", "fireworks", "firework", "sparkler", "sparklers", "firecracker",
    "firecrackers", "exhaust", "welding", "welder", "lighter", "matches",
} | {
    # other appliances and objects: "my microwave sparked", "the air fryer smokes",
    # "the tumble dryer caught fire", "my tupperware melted", "the e-scooter went up in flames"
    "microwave", "microwaves", "microwaved", "fryer", "fryers", "airfryer", "airfryers",
    "dryer", "dryers", "hairdryer", "toasters", "scooter", "scooters", "escooter",
    "escooters", "ebike", "ebikes", "hoverboard", "hoverboards", "tupperware", "tupper",
    "gratin", "lasagna", "lasagne", "casserole", "pie", "roast", "brownies", "muffins",
    "crepes", "flambe", "flambeing", "flambéing",
}
# A cloth is another source with a kitchen word before it: "the tea towel caught fire".
KITCHEN_CLOTHS = {"towel", "towels", "cloth", "cloths", "rag", "rags"}
KITCHEN_CLOTH_KINDS = {"tea", "dish", "kitchen", "oven"}
# What burns skin, not what burns things: "burnt by the sun", "burned my hand on the iron".
BURN_ONLY_SOURCES = {"sun", "sunlight", "iron", "kettle", "tea", "straightener", "straighteners", "tongs", "radiator"}
# What stains, besides fire: "a brown stain from coffee", "a black mark from the pen".
MARK_CAUSES = {
    "tea", "wine", "ink", "pen", "pens", "marker", "sharpie", "mud", "dirt", "dust",
    "shoe", "shoes", "paint", "grease", "rust", "mould", "mold", "water", "juice",
    "sauce", "makeup", "tape", "glue", "shipping", "delivery", "courier", "transit",
    "dog", "cat", "rubber", "tyre", "tire", "tires", "tyres", "wheels",
}
# The unit itself, wherever it is named in a clause: "the power bank was next to the bbq and caught fire".
UNIT_WORDS = {
    "bank", "powerbank", "powerbanks", "battery", "batteries", "charger", "unit",
    "anker", "powercore", "cell", "cells", "brick", "zolo", "maggo", "ganprime",
}
SMOKE_PERSON_SUBJECTS = {
    "i", "we", "you", "u", "me", "smoker", "smokers", "husband", "wife", "dad", "mom",
    "mum", "father", "mother", "roommate", "flatmate", "brother", "sister", "son",
    "daughter", "boyfriend", "girlfriend", "partner", "friend", "friends", "neighbour",
    "neighbours", "neighbor", "neighbors", "grandma", "grandpa", "grandad", "granddad",
    "nan", "uncle", "aunt", "colleague", "colleagues", "boss", "everyone", "people",
}
# "he smokes", "she smokes": a habit (but "she's smoking" may be the unit).
SMOKES_HABIT_SUBJECTS = {"he", "she"}
COLOURS = {
    "grey", "gray", "black", "white", "blue", "quartz", "glass", "finish",
    "color", "colour", "edition", "tint", "tinted", "silver", "pink", "green",
    "brown", "purple", "eye", "eyes", "topaz", "amber", "colorway",
}
HAZARD_NEXT = {
    "hazard", "hazards", "risk", "risks", "danger", "dangers", "proof",
    "resistant", "retardant", "retardent", "safety", "safe", "warning",
    "warnings", "threat", "threats", "concern", "concerns", "prevention",
    "protection", "rated", "rating", "test", "testing", "tests", "war", "wars",
    "emoji", "icon", "issue", "issues", "potential", "incidents", "reports",
}
SMOKER_AUX = {
    "was", "were", "am", "'m", "m", "do", "does", "did", "nt", "n't", "not", "used",
    "to", "also", "sometimes", "still", "never", "occasionally", "just", "usually",
    "only", "'d", "'ve", "have", "had", "both", "all", "often", "dont", "don't",
    "like", "love", "quit", "stopped", "gave", "up", "will", "'ll", "can",
    "ca", "might", "may", "would", "could", "should", "went", "outside", "out",
}
SMOKE_NEXT_EXCLUDE = {
    "detector", "detectors", "alarm", "alarms", "test", "tests", "testing",
    "break", "breaks", "free", "shop", "shops", "signal", "signals", "screen",
    "area", "areas", "section", "room", "gun", "cigarettes", "cigarette", "cigs",
    "cig", "weed", "pot", "cigar", "cigars", "joint", "joints", "pipe", "vape",
    "hot", "ban", "bans", "mirrors",
}
SMOKE_PREV_EXCLUDE = {
    "holy", "non", "no-smoking", "smoking", "where", "wildfire", "wildfires",
    "bushfire", "bushfires", "forest", "fire", "fires", "cigarette",
    "cigarettes", "cigar", "weed", "bbq", "barbecue", "barbeque", "campfire",
    "chimney", "traffic", "second", "secondhand", "second-hand", "exhaust",
}
SPARK_NEXT_EXCLUDE = {"plug", "plugs", "joy", "notes", "app", "mail", "email", "drone", "sdk", "ar", "of", "ev", "studio", "energy", "card"}
SPARK_PREV_EXCLUDE = {"chevy", "chevrolet", "dji", "adobe", "apache", "amazon", "spark", "the spark"}
SPARK_OBJECT_EXCLUDE = {
    "interest", "curiosity", "debate", "debates", "conversation", "conversations",
    "discussion", "discussions", "outrage", "controversy", "concern", "concerns",
    "idea", "ideas", "joy", "question", "questions", "memories", "memory",
    "thought", "thoughts", "hope", "protests", "change",
}
MELT_NEXT_EXCLUDE = {"pot", "pots", "point", "points", "lava", "chocolate", "cake", "cheese", "butter", "temperature", "snow", "ice", "wax", "glacier", "glaciers"}
MELT_PREV_EXCLUDE = {"heart", "hearts", "ice", "snow", "butter", "cheese", "chocolate", "icecream", "cream", "popsicle", "lolly", "crayons", "crayon", "candy", "gummies", "wax", "glacier", "glaciers"}
EXPLODE_SUBJECT_EXCLUDE = {
    "sales", "demand", "prices", "price", "orders", "inbox", "notifications",
    "twitter", "internet", "reddit", "thread", "post", "video", "comments",
    "popularity", "mind", "head", "brain", "market", "stock", "numbers",
    "population", "traffic", "business", "dms", "texts", "messages", "chat",
    "emails", "mentions", "views", "followers", "heart", "story", "tweet",
    "account", "channel", "page", "lol",
}
EXPLODE_NEXT_EXCLUDE = {"view", "views", "diagram", "diagrams", "drawing", "drawings", "with", "in popularity"}
BLOWUP_NEXT_EXCLUDE_OBJ = {
    "phone", "inbox", "dms", "dm", "notifications", "email", "emails", "mentions",
    "feed", "twitter", "chat", "line", "texts", "cell", "mobile", "photo",
    "picture", "image", "balloon", "balloons",
}
BURN_NEXT_EXCLUDE = {
    "cd", "cds", "dvd", "dvds", "disc", "discs", "disk", "disks", "iso", "copy",
    "copies", "bridges", "calories", "fat", "money", "cash", "rate", "question",
    "questions", "desire", "need", "issue", "ambition",
    "hot", "up", "rubber", "notice", "in", "book", "books", "candle", "candles",
    "bridge", "playlist", "mix", "bluray", "blu", "fuel", "gas", "time",
}
BURN_OBJECT_EXCLUDE = {
    "cd", "cds", "dvd", "dvds", "disc", "discs", "disk", "disks", "iso", "copy",
    "copies", "bridges", "calories", "fat", "money", "cash", "playlist", "mix",
    "candle", "candles", "fuel", "time", "image",
}
COMPANY_WORDS = {
    "company", "companies", "brand", "brands", "seller", "sellers", "store",
    "stores", "amazon", "ebay", "anker", "you", "them", "retailer", "shop",
    "support", "customer", "service", "scam", "scammers", "deal", "warranty",
}
BURN_THROUGH = {
    "battery", "batteries", "charge", "charges", "data", "money", "cash", "power",
    "cells", "savings", "budget", "it", "them", "juice", "phone", "phones",
}
BURN_OUT_PERSON = {"i", "im", "i'm", "'m", "we", "you", "he", "she", "they", "am", "feel", "feeling", "totally", "so"}
BURST_NEXT_EXCLUDE = {"tears", "laughing", "laughter", "laugh", "song", "applause", "mode", "pipe", "pipes", "crying", "bubble", "balloon"}
SCORCH_NEXT_EXCLUDE = {"hot", "heat", "weather", "day", "days", "summer", "temperatures", "sun", "earth"}
BLAZE_NEXT_EXCLUDE = {"fast", "quick", "speed", "speeds", "hot", "trail", "trails", "of", "glory"}
BANG_NEXT_EXCLUDE = {"for", "on", "up", "theory", "average", "tidy", "out", "bang"}
ALIGHT_NEXT_EXCLUDE = {"from", "at"}

# ---- evidence that something burnt (marks.py) ----------------------------------
# A mark word ("mark", "stain", "spot", "patch", "ring": canon "mark") is evidence with
# a colour right before it, burn words allowed between ("a black sooty ring"); these
# colours are the ones not of the canon "black".
MARK_COLOURS = {"dark", "darker", "darkish", "darkened"}
BURNT_CANONS = {"burn", "scorch", "charred", "soot", "blacken", "smoke"}
# A mark here is not a burn: "a black mark on the box", "a dark spot on the screen",
# "a black mark against them", "a black mark on my record".
MARK_NOT_SURFACES = {
    "box", "boxes", "label", "labels", "sticker", "stickers", "packaging", "package",
    "packet", "parcel", "receipt", "invoice", "paper", "papers", "manual", "envelope",
    "screen", "screens", "display", "photo", "photos", "picture", "pictures", "pic",
    "pics", "image", "images", "calendar", "form", "map", "xray", "x-ray", "scan",
    "lung", "lungs", "ray", "record", "records", "name", "reputation", "history", "credit",
    "file", "review", "reviews", "against", "list", "copy", "print", "barcode",
}
# A mark that is printing, not a burn: "is the black mark on the back the date code?"
PRINTED = {"code", "serial", "logo", "stamp", "stamped", "printed", "print", "barcode", "qr", "letters", "writing", "ink", "pen", "marker"}
# A stretch starting with one of these asks: "does it leave black marks?" (marks.stated).
ASKING_FIRST = {
    "does", "do", "did", "is", "are", "was", "were", "has", "have", "had", "can", "could",
    "will", "would", "should", "may", "might", "what", "how", "which", "where", "who",
    "whats", "doesnt", "dont", "isnt", "cant", "if", "whether",
}
# Before a mark, in front of its colour: "left a big black mark", "has some black marks".
MARK_LEAD = {"a", "an", "the", "some", "any", "big", "small", "little", "huge", "tiny", "few", "two", "three", "several", "lots", "of", "many", "these", "those", "this", "that"}
# The subject of the verb before a mark: "my power bank has", "it left", "there are".
MARK_SUBJECTS = {
    "it", "its", "he", "she", "they", "this", "that", "there", "my", "our", "the", "power",
    "bank", "powerbank", "battery", "charger", "unit", "desk", "table", "i", "we", "you", "u",
}
# Words of change before a colour: "went black", "turned the desk black", "left it black".
CHANGE_WORDS = {
    "went", "go", "goes", "going", "gone", "turned", "turn", "turns", "turning",
    "become", "became", "becomes", "becoming", "left", "leave", "leaves", "leaving",
    "made", "make", "makes", "making", "marked", "stained", "got", "get", "gets",
    "getting", "gotten",
}
# A person before the word of change chooses a colour: "I got black", "I'd go black".
CHOOSERS = {"i", "we", "you", "u", "he", "she", "they", "id", "i'd", "ill", "im", "wife", "husband"}
# "is all black", "was completely black", "black all over".
ALL_OVER = {"all", "completely", "totally", "entirely", "fully", "totaly", "completly", "compleatly"}
# Between a word of change and its colour: "went kinda black", "turned my desk black".
CHANGE_ADVERBS = {
    "all", "completely", "totally", "entirely", "fully", "really", "so", "very",
    "pretty", "kinda", "kind", "sort", "of", "a", "bit", "little", "slightly",
    "partly", "partially", "just", "now", "already", "quite", "deep", "jet", "pitch",
    "totaly", "completly", "almost", "nearly", "mostly",
}
CHANGE_OBJECTS = {"my", "the", "our", "his", "her", "your", "their", "this", "that", "it", "them", "whole", "entire"}
# After a colour that is the colour of a state, not of a thing ("went black and
# bubbly", "is black where it sat"); any other word after it is taken for a noun it
# describes ("the black one", "black friday", "my black anker").
AFTER_PREDICATIVE_BLACK = {
    "", ".", "!", "?", ",", "!!", "...", "..", ";", ":", "-", "and", "&", "n", "now", "where",
    "around", "round", "underneath", "under", "inside", "from", "after", "when", "while",
    "on", "in", "at", "near", "all", "too", "already", "again", "overnight", "yesterday",
    "today", "lol", "though", "with", "like", "because", "cause", "so", "but", "then",
    "there", "here", "or", "as", "since", "omg", "help", "pls", "please",
}
# After "is black": what ties the colour to an event ("is black where it was", "is black now").
BE_BLACK_CUES = {"where", "now", "underneath", "under", "around", "round", "inside", "from", "all"}
# "there's black on the wall", "there was black all over the port".
BLACK_SOMEWHERE = {"on", "in", "all", "around", "everywhere", "under", "inside", "over"}
# "black and bubbly": the look of burnt plastic.
BURNT_LOOK = {
    "bubbly", "bubbled", "bubbling", "bubbles", "crispy", "crusty", "crisp", "warped",
    "deformed", "smells", "smelly", "stinks", "stinky", "smelling", "bubbley",
}
BE_WORDS = {"is", "was", "are", "were", "'s", "s", "'re", "been", "be", "its", "isnt", "wasnt"}
# Things that go black by switching off, not by burning: "the screen went black".
SWITCHED_OFF = {
    "screen", "screens", "display", "displays", "monitor", "led", "leds", "light",
    "lights", "indicator", "indicators", "tv", "phone", "iphone", "laptop", "tablet",
    "kindle", "computer", "pc", "lcd", "oled", "everything", "room", "house", "sky",
    "vision", "eyes", "world", "percentage", "numbers", "digits", "app", "page",
}
# Parts and surfaces that do blacken: the nearest one to the colour wins over a screen
# ("the phone's port went black").
BLACKENED_PARTS = {
    "port", "ports", "plug", "plugs", "connector", "connectors", "cable", "cord",
    "wire", "wires", "plastic", "end", "tip", "case", "casing", "socket", "outlet",
    "pins", "contacts", "usb", "side", "sides", "bottom", "corner", "corners", "edge",
    "edges", "shell", "cover", "surface", "battery", "bank", "powerbank", "charger",
    "unit", "cells", "cell", "inside", "insides", "metal", "rubber",
}

# ---- thanks and praise with 🔥 or a fire idiom (praise.py) -----------------------------
# The fire words that praise: "🔥🔥 thanks", "you're on fire", "c'est le feu", "son fuego", "ihr seid Feuer".
PRAISE_FIRE_WORDS = {"🔥", "fire", "feu", "feux", "fuego", "fuegos", "feuer"}
# The English "fire" praises people only: "vous êtes on fire", "están on fire", "you guys are
# on fire" (but "thanks, the top is on fire" is a report).
PRAISED_PEOPLE = {
    "you", "u", "ya", "yall", "y'all", "you're", "youre", "'re", "guys", "team", "vous",
    "etes", "estan", "estais", "son", "sois", "ustedes", "ihr", "seid",
}
PRAISE_WORDS = {
    "thanks", "thank", "thx", "thanx", "thnx", "tx", "ty", "tysm", "tyvm", "cheers",
    "appreciate", "appreciated", "great", "awesome", "amazing", "brilliant", "legend",
    "legends", "perfect", "helpful", "excellent", "superb", "fantastic", "goat", "king",
    "kings", "queen", "love", "lovely", "nice", "cool", "wow", "bravo", "kudos", "props",
    "best", "solid", "fab", "fabulous", "mint", "grateful", "killing", "slay", "slaying", "goated",
}
# A cry for help is never praise: "🔥🔥 help it's burning".
HELP_WORDS = {"help", "sos", "urgent", "emergency", "911", "999", "112", "hurry", "asap"}
# "there is fire", "thanks, there was a fire in my bedroom".
THERE_WORDS = {"there", "theres", "there's"}
# Words that tie a thing to the customer: "thanks but my battery is 🔥".
MINE_WORDS = {"my", "mine", "our", "ours"}
# Fire verbs around a praise word make it an event: "caught fire", "set on fire", "Feuer gefangen".
FIRE_VERBS = {"set", "sets", "setting", "started", "start", "starting", "starts", "caught", "light", "lighting"}
