"""Phrase lists for the fire-report safety net (bot/safety.py).

Written as customers actually write on chat and on phones: typos, no
punctuation, ALL CAPS, non-native English, reports buried in long messages.
The lists were written before the detector's patterns and are shared with the
NLU evaluation, so keep them plain data (no imports, no helpers).

FIRE_REPORTS      every message here is a fire report (the safety rule in
                  shared/CONTRACT.md) and must be detected.
NOT_FIRE_REPORTS  look-alikes: heat or swelling only, questions and fears about
                  the future, negations, recall/news talk, other senses of the
                  words. None may be detected.
EXPECTED_KINDS    for reports whose kind is obvious, the kind the detector
                  must return.
INJURY_CASES      reports whose `injury` flag must be set.
DAMAGE_CASES      reports whose `damage` flag must be set.
NO_FLAG_CASES     reports where neither flag may be set (nobody hurt, nothing
                  but the unit itself mentioned).
"""

# A refund question with the report buried in the middle (about 60 words).
LONG_REFUND_MESSAGE = (
    "Hi, I bought two of the PowerCore 10000 from Amazon back in 2018 and I have "
    "been trying to get a refund for weeks, your email form keeps timing out and "
    "nobody answers the phone, anyway one of them smoked last night on the kitchen "
    "counter so I unplugged it, and I would like to know how long the refund takes "
    "and whether you need the receipts or just the serial number"
)

LONG_GARAGE_MESSAGE = (
    "ok so I've got the model number here, A1257, it's printed on the back next to "
    "the date code which looks like 2023-11. my husband says we should just throw it "
    "out because it caught fire in the garage on sunday but I want to know if we get "
    "a replacement or a refund and where we send it, thanks"
)

LONG_SHIPPING_MESSAGE = (
    "my question is about the shipping label. I printed it like the email said but "
    "the courier refused to take the parcel because of the battery and told me to "
    "contact you. btw the other unit melted on my desk on tuesday so I'd rather not "
    "keep it in the house. do you offer a pickup instead? my order number is 113-"
    "4471920-55 and my postcode is SW4 7AA"
)

LONG_CHATTY_MESSAGE = (
    "Not sure if this matters for the form but when I was charging it yesterday "
    "there was a pop and a puff of smoke. Anyway can I get a replacement rather "
    "than a refund? I use it every day for work and I'd like the same capacity"
)

FIRE_REPORTS: list[str] = [
    # --- direct -----------------------------------------------------------
    "my power bank caught fire",
    "It's on fire",
    "it burst into flames",
    "smoke is coming out of it",
    "it sparked when I plugged it in",
    "the case melted",
    "it exploded",
    "it blew up",
    "it burned my hand",
    "I got burned",
    "it set my couch on fire",
    "My anker charger caught fire last night while charging my phone",
    "the power bank started smoking on my nightstand",
    "there were sparks coming from the usb port",
    "the battery exploded in my backpack",
    "my son's power bank burst into flames in his room",
    "It went on fire in the car",
    "the powercore A1263 is smoking right now what do I do",
    "its on fire",
    "it caught fire on the plane and the crew had to put it out",
    "the thing literally exploded in my hand",
    "flames shot out of the side of it",
    "it ignited in my pocket",
    "it burned a hole in my jeans",
    "it erupted into flames while i was asleep",
    "it exploded like a firework",
    "There was a fire in my car because of your power bank",
    "the cable melted",
    "my phone caught fire while it was plugged into the power bank",
    "the outlet sparked when I plugged the power bank in",
    "it burst into flame",
    "sparks flew out of the port",
    # --- indirect -----------------------------------------------------------
    "left a black scorch mark on my desk",
    "there's a burning smell and the plastic is charred",
    "it went up in flames",
    "the charger is blackened and smells like burning plastic",
    "flames",
    "it popped and hissed and smoke poured out",
    "my bag was scorched",
    "the desk is burnt",
    "the fire brigade came",
    "it melted into my car seat",
    "it's smouldering",
    "smoldering",
    "it started a fire",
    "there was a small fire",
    "it combusted",
    "it caught alight",
    "caught on fire",
    "the smoke alarm went off and it was the power bank",
    "it hissed and vented white smoke",
    "there's a hole melted in the side of the case",
    "the usb port is all melted and black",
    "it left burn marks on the carpet",
    "the firefighters had to come out",
    "we had to call 911 because it was on fire",
    "it got so hot it melted my phone case",
    "it swelled up and then burst into flames",
    "I smelled smoke and found it melting on the charger",
    "it was glowing red and smoking",
    "there was a loud bang and it blew apart",
    "my bed sheets have a burn hole from it",
    "it scorched the table",
    "burn marks on the nightstand where it was sitting",
    "the plastic bubbled and melted",
    "the power bank is charred",
    "the insurance adjuster is coming tomorrow about the fire damage",
    "house fire, the investigator said it was the power bank",
    "It spontaneously combusted",
    "thick black smoke everywhere",
    "smoke started billowing out",
    "it's fizzing and smoking",
    "it was smoking and popping",
    "we had to use the fire extinguisher on it",
    "there was a bright flash and a bang from the power bank",
    "it went boom last night",
    "fire!!",
    "the whole thing is black and it smells burnt",
    "there's soot all over the wall above where it was charging",
    "it melted the carpet",
    # --- misspelled ---------------------------------------------------------
    "caugth fire",
    "my powerbank cought fire",
    "it started smokeing",
    "its smokin",
    "it exploaded",
    "the cover meltted",
    "sparkes came out",
    "it burnd my finger",
    "it caught fier",
    "it was buring",
    "scortch marks on the desk",
    "it exploted",
    "the battery is smokin bad",
    "it blowed up",
    "it brust into flames",
    "it cuaght fire",
    "smoek coming out",
    "the plastic is meltin",
    "it exploted in my hand and burnt my fingres",
    "fire cam out of it",
    "it was flamming",
    "it's on fiire",
    "it burnded me",
    "the batery caugt on fire",
    "smokeing and sparkign",
    "it eploded",
    # --- slang / non-native English ----------------------------------------
    "it make fire",
    "power bank is fire now",
    "fire come out from battery",
    "he burn my hand",
    "there is smoke from it",
    "is burning!!",
    "the power bank have fire inside",
    "it giving smoke",
    "battery make explosion",
    "my charger is burn",
    "smoke smoke please help",
    "he is on fire the powerbank",
    "it do spark and fire when charging",
    "it explode yesterday",
    "the bank power burning my table",
    "power bank get fire",
    "it took fire",
    "it has catched fire",
    "have fire in my room from power bank",
    "why my powerbank make smoke",
    # --- ALL CAPS / no punctuation -----------------------------------------
    "MY POWER BANK JUST EXPLODED",
    "IT IS SMOKING WHAT DO I DO",
    "THERES SMOKE COMING OUT",
    "HELP IT'S ON FIRE",
    "power bank caught fire need help now",
    "it burnt my hand what do i do",
    "IT MELTED",
    # --- buried in a longer message ----------------------------------------
    LONG_REFUND_MESSAGE,
    LONG_GARAGE_MESSAGE,
    LONG_SHIPPING_MESSAGE,
    LONG_CHATTY_MESSAGE,
    # --- negates one thing, reports another --------------------------------
    "it didn't explode but it was smoking",
    "no flames but there was a lot of smoke",
    "it didn't catch fire but it melted the case",
    "not hot anymore but it scorched my desk",
    "I don't know if it's related but the charger started smoking",
    "not sure what happened but there are burn marks on the port",
    "I can't believe it exploded",
    "it won't stop smoking",
    # --- reports about people/things near it, or despite recall talk -------
    "my son's power bank caught fire at school",
    "my friend's one exploded in her bag",
    "I read about the recall because mine already caught fire",
    "yes this is the one from the recall, it caught fire yesterday",
    "I saw the recall notice, mine actually exploded last week",
    # --- reports phrased as questions --------------------------------------
    "why did my power bank catch fire??",
    "is it normal that smoke came out of it?",
    "should I be worried that it sparked?",
    "what do I do it's smoking",
    "is it safe to use after it caught fire once?",
    "why does it spark when I plug it in?",
]

NOT_FIRE_REPORTS: list[str] = [
    # --- heat / swelling only ----------------------------------------------
    "it gets really hot",
    "the battery is swollen",
    "it's bulging",
    "the case is puffy and the lid won't close",
    "it's warm when charging",
    "it gets hot and swells up",
    "The model is A1263, it's getting hot when I charge, is it recalled?",
    "it's burning hot when I charge it",
    "it gets hot enough to melt butter lol",
    # --- hypothetical / questions / fears ----------------------------------
    "could it catch fire?",
    "is this the model that catches fire?",
    "I'm worried it might explode",
    "before it catches fire I want a refund",
    "does it have a fire risk",
    "is it a fire hazard",
    "is it likely to overheat or catch fire?",
    "what happens if it catches fire?",
    "how do I know if it's going to explode",
    "I'm worried about a fire, should I store it outside?",
    "to avoid a fire should I stop using it?",
    "in case of fire what do I do",
    "do these batteries explode?",
    "It might start a fire, right?",
    "What's the risk of explosion?",
    "have there been any explosions?",
    "I want to return it before something bad happens like a fire",
    "should I keep a fire extinguisher near it?",
    "the fire risk scares me",
    "it got so hot I thought it would catch fire",
    # --- negated ------------------------------------------------------------
    "no smoke or fire, it's just warm",
    "it hasn't caught fire",
    "it didn't burn anything",
    "never sparked",
    "it hasn't exploded or anything, just swollen",
    "no sparks, no smoke, just warm",
    "it never caught fire, it just stopped charging",
    "it's not smoking or melting, it's just hot",
    "it's warm but no fire",
    "there was no smoke, no flames, nothing like that",
    # --- recall / news talk --------------------------------------------------
    "the recall says they can catch fire",
    "I read units have caught fire",
    "the news said some of these exploded",
    "Is the recall because of fires?",
    "the recall notice says risk of fire and burns",
    "the box says keep away from fire",
    "do not dispose in fire - so how do I get rid of it?",
    # --- other senses of the words ------------------------------------------
    "I use it with my Amazon Fire tablet",
    "is this a fire-safety recall?",
    "does it work with a fire stick",
    "you're fired",
    "fire away",
    "that's fire",
    "the firewall at work blocks your site",
    "my neighbour showed me the fire department recall notice",
    "do I need to burn a CD with the receipts or is email ok",
    "burning question: do you ship to Canada?",
    "smoke detector recall?",
    "is this like a smoke test for the form?",
    "I smoke outside, could that damage the power bank?",
    "I work with spark plugs all day so I know batteries",
    "this city is a melting pot lol",
    "my wife blew up my phone with messages about the recall",
    "I bet your sales exploded after this",
    "saw it on a hot deal site",
    "the fire stick won't charge from it",
    "my kindle fire charges slowly with it",
    "my boss will fire me if I lose another charger",
    "my kid's school asked about fire safety",
    "it's from a smoke-free home and barely used",
    "can I charge it in my Chevy Spark?",
    # --- common words one letter away from the vocabulary -------------------
    "mine is fine",
    "I have five of them",
    "the wire is frayed",
    "can I hire someone to pick it up",
    "free shipping?",
    "the spare one is still in the box",
    "thanks, the charging light is flashing red",
    "the meeting is at 3 so I'll call after",
    "it's charged to 100% and still works",
    "during the night it stops charging",
    "it made a clicking sound",
]

# Kind expected for reports where only one kind of event is described.
EXPECTED_KINDS: dict[str, str] = {
    "my power bank caught fire": "fire",
    "It's on fire": "fire",
    "it burst into flames": "fire",
    "it went up in flames": "fire",
    "it started a fire": "fire",
    "there was a small fire": "fire",
    "it combusted": "fire",
    "it caught alight": "fire",
    "caught on fire": "fire",
    "caugth fire": "fire",
    "my powerbank cought fire": "fire",
    "it caught fier": "fire",
    "it make fire": "fire",
    "power bank is fire now": "fire",
    "fire come out from battery": "fire",
    "it took fire": "fire",
    "it has catched fire": "fire",
    "HELP IT'S ON FIRE": "fire",
    "flames": "fire",
    "smoke is coming out of it": "smoke",
    "thick black smoke everywhere": "smoke",
    "it started smokeing": "smoke",
    "its smokin": "smoke",
    "smoek coming out": "smoke",
    "there is smoke from it": "smoke",
    "IT IS SMOKING WHAT DO I DO": "smoke",
    "THERES SMOKE COMING OUT": "smoke",
    "it won't stop smoking": "smoke",
    "the smoke alarm went off and it was the power bank": "smoke",
    LONG_REFUND_MESSAGE: "smoke",
    LONG_CHATTY_MESSAGE: "smoke",
    "it didn't explode but it was smoking": "smoke",
    "no flames but there was a lot of smoke": "smoke",
    "it sparked when I plugged it in": "sparks",
    "there were sparks coming from the usb port": "sparks",
    "sparkes came out": "sparks",
    "sparks flew out of the port": "sparks",
    "should I be worried that it sparked?": "sparks",
    "the case melted": "melting",
    "the cover meltted": "melting",
    "the plastic is meltin": "melting",
    "IT MELTED": "melting",
    "it didn't catch fire but it melted the case": "melting",
    "the cable melted": "melting",
    "it exploded": "explosion",
    "it blew up": "explosion",
    "it exploaded": "explosion",
    "it exploted": "explosion",
    "it eploded": "explosion",
    "it blowed up": "explosion",
    "MY POWER BANK JUST EXPLODED": "explosion",
    "battery make explosion": "explosion",
    "it explode yesterday": "explosion",
    "I can't believe it exploded": "explosion",
    "there was a loud bang and it blew apart": "explosion",
    "it burned my hand": "burn_injury",
    "I got burned": "burn_injury",
    "it burnd my finger": "burn_injury",
    "he burn my hand": "burn_injury",
    "it burnt my hand what do i do": "burn_injury",
    "it burnded me": "burn_injury",
    "left a black scorch mark on my desk": "property_damage",
    "my bag was scorched": "property_damage",
    "the desk is burnt": "property_damage",
    "it scorched the table": "property_damage",
    "scortch marks on the desk": "property_damage",
    "it left burn marks on the carpet": "property_damage",
    "not hot anymore but it scorched my desk": "property_damage",
}

INJURY_CASES: list[str] = [
    "it burned my hand",
    "I got burned",
    "it burnd my finger",
    "he burn my hand",
    "it exploted in my hand and burnt my fingres",
    "it caught fire and my daughter has a burn on her leg",
    "it exploded and I had to go to the ER",
    "it blew up, my husband is in hospital with burns",
    "the thing caught fire and I have blisters on my palm",
    "my son got hurt when it exploded",
    "it was smoking and when I grabbed it I burned my fingers",
]

DAMAGE_CASES: list[str] = [
    "left a black scorch mark on my desk",
    "there's a burning smell and the plastic is charred",
    "my bag was scorched",
    "the desk is burnt",
    "the fire brigade came",
    "it melted into my car seat",
    "it set my couch on fire",
    "it left burn marks on the carpet",
    "house fire, the investigator said it was the power bank",
    "the insurance adjuster is coming tomorrow about the fire damage",
    "it caught fire and burned the carpet",
    "there's smoke damage all over the bedroom",
    "it exploded and scorched the wall",
]

NO_FLAG_CASES: list[str] = [
    "it exploded",
    "my power bank caught fire",
    "smoke is coming out of it",
    "it exploded but nobody was hurt",
    "it caught fire but no one got hurt and nothing was damaged",
    "the case melted",
    "it sparked when I plugged it in",
]
