"""Writes data/nlu/facts.yml: every intent paired with the facts customers put beside it.

Customers put the request and the facts in one message ("I'd like my money back for
my A1263, made March 2019"). Training data where only `inform` carries a model number
or a date teaches the classifier that a model number means `inform`. This script pairs
each intent's own ways of asking with model numbers, product names, manufacture and
purchase dates in the shapes customers write them, deterministically (a fixed seed),
so the file can be regenerated and reviewed:

    .venv/bin/python scripts/nlu_facts.py

It never reads tests/blind/ (the blind set is never trained on).
"""

from __future__ import annotations

import random
import re
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "data" / "nlu" / "facts.yml"
PER_INTENT = 60

MODELS = [
    "A1263", "a1263", "A-1263", "A 1263", "model 1263", "a-1257", "A1257", "A1647", "a1647", "A-1652", "A1652",
    "A1681", "a 1681", "A1689", "A-1689", "A1642", "a1642", "A1229", "A1268", "A1287", "A1289", "A1336",
    "A1388", "A1384", "AI263", "A12 63", "A-16 47", "622 MagGo", "621", "633", "Anker 737",
    "PowerCore 26K", "zolo 30W", "Zolo 20000 22.5W", "PowerCore 10000", "magnetic 622", "A9999",
]
MADE = [
    "March 2019", "03/2019", "2019-03", "12.03.2019", "2019 march", "march of 19", "mar 2019", "summer 2023",
    "2024", "jan 2024", "10/2023", "2023-11", "05.06.2024", "april 2024", "2018", "late 2023", "sept 2024",
    "2024/02", "02-2024", "november 2023", "the 3rd of may 2023", "early 2024",
]
MADE_CUES = ["made", "made in", "manufactured", "mfg", "production date", "date code", "from", "built in", "produced", "dated"]
BOUGHT = [("", "last june"), ("in", "dec 2023"), ("on amazon in", "2023"), ("on", "12.03.2024"), ("in", "march"),
          ("", "two years ago"), ("", "last christmas"), ("in", "2022"), ("at a store in", "may 2023")]
BOUGHT_CUES = ["bought it", "got it", "purchased it", "ordered it", "i buy it"]
TICKETS = ["RT-000123", "RT-004512", "RT-000987", "RT-010203"]

TEMPLATES = {
    "request_return": [
        "i want a refund for my {m}",
        "can i get a replacement for my {m} {made}",
        "refund please, {m}, {made}",
        "i'd like my money back for the {m}, {bought}",
        "please send me a new one, my {m} is {made}",
        "how do i return my {m}? it was {made}",
        "start a return for {m} {made}",
        "{m} {made} - refund please",
        "my {m} {made} is recalled so i want a replacement",
        "it didn't catch fire or smoke, i just want my money back for the {m}",
        "requesting a replacement of my {m}, {made}",
        "i want to return it, it's a {m} {made}",
        "refund for the {m}, i {bought}",
        "i would like to return my power bank {m} {made} and get my money back",
        "send a replacement for {m} please, {made}",
        "the {m} never overheated but i want to return it anyway, {made}",
        "get me a refund for {m}",
        "how can i get my money back, i have an {m} {made}",
    ],
    "check_recall": [
        "is my {m} {made} recalled",
        "{m} {made}, is it affected?",
        "does the recall cover the {m} {made}",
        "check my {m} please, {made}",
        "is the {m} i {bought} one of the bad ones",
        "my {m} ({made}) safe or not?",
        "{m} {made} affected?",
        "hi, got a {m}, {made}, am i affected",
        "is a {m} {made} in the recall",
        "can you check if my {m} is on the list",
        "is my {m} safe to keep using? {made}",
        "does this recall include {m}",
        "i have an {m} that i {bought}, is it part of the recall",
        "wondering whether the {m} {made} is one of the recalled units",
        "is it only some {m} units? mine is {made}",
    ],
    "request_human": [
        "can a real person check my {m} {made}",
        "i want to talk to an agent about my {m}",
        "human please, my {m} {made}",
        "let me speak to someone about the {m}, i {bought}",
        "transfer me to a representative, it's about my {m}",
        "i'd like a person to look at my {m} {made}, not a bot",
        "get me a human, my {m} question is complicated",
        "connect me with support staff about my {m} {made}",
        "can i speak with customer service about the {m}",
        "operator please. {m}, {made}",
    ],
    "ticket_status": [
        "ticket {t}: nothing has happened for weeks",
        "any update on {t}? it's for my {m}",
        "where is my refund for the {m}, ticket {t}",
        "what's the status of my replacement for the {m}",
        "my return {t}, when will the new power bank arrive",
        "still waiting on {t}",
        "has my refund for {t} been processed",
        "status of {t} please",
        "the replacement for my {m} hasn't shipped, ticket {t}",
    ],
    "report_overheating": [
        "my {m} {made} gets really hot",
        "the {m} is swelling, {made}",
        "my {m} puffed up, {made}",
        "smells like hot plastic but no smoke, it's a {m}",
        "my {m} is warm even when unplugged",
        "{m} {made} overheats when charging my phone",
        "there's a strange smell from the {m}, no smoke though",
        "the {m} is too hot to touch after charging",
        "the battery in my {m} is puffy",
    ],
    "report_fire": [
        "my {m} caught fire last night, it was {made}",
        "the {m} i {bought} started smoking",
        "sparks came out of my {m}",
        "my {m} melted on the desk, {made}",
        "the {m} exploded while charging",
        "flames came out of the {m} {made}",
        "the {m} went up in smoke in my bag",
        "my {m} {made} blew up in my hand",
        "smoke is pouring out of my {m}",
    ],
}


def _made(rng: random.Random) -> tuple[str, str]:
    cue, date = rng.choice(MADE_CUES), rng.choice(MADE)
    return f"{cue} [{date}](date)", date


def _bought(rng: random.Random) -> str:
    cue, (lead, date) = rng.choice(BOUGHT_CUES), rng.choice(BOUGHT)
    return f'{cue} {lead} [{date}]{{"entity": "date", "role": "purchase"}}'.replace("  ", " ")


def _remedies(text: str) -> str:
    for word in ("refund", "replacement"):
        if f" {word}" in f" {text}" and f"[{word}]" not in text:
            text = text.replace(word, f"[{word}](remedy)", 1)
    return text


def build(seed: int = 13) -> dict[str, list[str]]:
    rng = random.Random(seed)
    examples: dict[str, list[str]] = {}
    for intent, templates in TEMPLATES.items():
        seen: dict[str, str] = {}  # plain lower-case text -> the example
        for _ in range(PER_INTENT * 20):
            if len(seen) >= PER_INTENT:
                break
            template = rng.choice(templates)
            model = rng.choice(MODELS)
            made, _ = _made(rng)
            text = template.format(m=f"[{model}](model_number)", made=made, bought=_bought(rng), t=f"[{rng.choice(TICKETS)}](ticket_id)")
            if intent in ("request_return", "request_human", "ticket_status"):
                text = _remedies(text)
            if rng.random() < 0.3:
                text = text[0].upper() + text[1:]
            seen.setdefault(re.sub(r"\]\([a-z_]+\)|\]\{[^}]*\}|\[", "", text).lower(), text)
        examples[intent] = sorted(seen.values())
    return examples


def main() -> None:
    lines = [
        'version: "3.1"',
        "",
        "# Generated by scripts/nlu_facts.py (do not edit by hand): every intent with the facts",
        "# customers put beside it. See the script for why.",
        "",
        "nlu:",
    ]
    for intent, texts in build().items():
        lines += [f"- intent: {intent}", "  examples: |"]
        lines += [f"    - {t}" for t in texts]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({sum(len(v) for v in build().values())} examples)")


if __name__ == "__main__":
    main()
