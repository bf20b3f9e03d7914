"""Maintenance helper.

    python -m bot.understanding.fire "it caught fire"       the FireSignal of a text, or None
    python -m bot.understanding.fire --guard DICTIONARY...  regenerate data/guard_words.txt

Regenerate the guard words after changing data/typo_tolerant_forms.txt, from
/usr/share/dict/american-english and /usr/share/dict/british-english (Debian
packages wamerican, wbritish).
"""

from __future__ import annotations

import sys

from bot.understanding.fire import detect_fire_report
from bot.understanding.fire.typos import GUARD_FILE, generate_guard, write_guard_words


def main(argv: list[str]) -> None:
    if len(argv) > 1 and argv[0] == "--guard":
        words = generate_guard(argv[1:])
        write_guard_words(words)
        print(f"{len(words)} guard words written to {GUARD_FILE}")
    else:
        print(detect_fire_report(" ".join(argv)))


if __name__ == "__main__":  # pragma: no cover - maintenance helper
    main(sys.argv[1:])
