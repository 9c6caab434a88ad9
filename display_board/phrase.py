"""What the board says for a call: the Russian phrase and its voice-clip list.

An announcement is assembled from short recorded fragments, the way hall
systems do it, so that any label is available offline and instantly:

    gong, «талон», letter name, number words, «окно»/«кабинет», window number

Numbers 1–999 are composed from 37 fragments (0, 1–19, tens 20–90, hundreds
100–900): 127 → «сто» + «двадцать» + «семь».  Nothing here depends on pygame,
so the web board can reuse the same plan through :func:`clip_plan`.
"""

from __future__ import annotations

import re
from typing import Optional

from num2words import num2words

GONG = "gong"
TALON = "talon"

# Place words: which word precedes the window number, for offices whose
# service points are cabinets rather than windows.
PLACES = {
    "window": ("okno", "окно"),
    "cabinet": ("kabinet", "кабинет"),
}

# Letter → (clip suffix, how the letter is named aloud).  Letters easily
# misheard in a noisy hall (Щ, Ы, Ъ, Ь, Й, Ё) are not used in labels; Е and Э
# both exist, so Э gets the distinct suffix "eh".
LETTERS: dict[str, tuple[str, str]] = {
    "А": ("a", "а"), "Б": ("b", "бэ"), "В": ("v", "вэ"), "Г": ("g", "гэ"),
    "Д": ("d", "дэ"), "Е": ("e", "е"), "Ж": ("zh", "жэ"), "З": ("z", "зэ"),
    "И": ("i", "и"), "К": ("k", "ка"), "Л": ("l", "эль"), "М": ("m", "эм"),
    "Н": ("n", "эн"), "О": ("o", "о"), "П": ("p", "пэ"), "Р": ("r", "эр"),
    "С": ("s", "эс"), "Т": ("t", "тэ"), "У": ("u", "у"), "Ф": ("f", "эф"),
    "Х": ("kh", "ха"), "Ц": ("ts", "цэ"), "Ч": ("ch", "чэ"), "Ш": ("sh", "ша"),
    "Э": ("eh", "э"), "Ю": ("yu", "ю"), "Я": ("ya", "я"),
}

# Latin look-alikes typed by mistake in a service letter (a configuration
# typo must not make the board spell "A" in English or fall silent).
_LATIN_LOOKALIKES = {
    "A": "А", "B": "В", "E": "Е", "K": "К", "M": "М", "H": "Н", "O": "О",
    "P": "Р", "C": "С", "T": "Т", "X": "Х", "Y": "У",
}

_LABEL_RE = re.compile(r"^\s*(\D*?)\s*-?\s*(\d+)\s*$")

MAX_COMPOSED_NUMBER = 999


def normalize_letter(letter: str) -> str:
    """Upper-case a service letter and map Latin look-alikes to Cyrillic."""
    upper = letter.strip().upper()
    return _LATIN_LOOKALIKES.get(upper, upper)


def parse_label(label: str) -> tuple[str, int]:
    """Split a ticket label into (letter, number): «Б027» → ("Б", 27).

    The letter part may be empty (a service without a letter); leading zeros
    of the number are dropped because nobody says «ноль двадцать семь».
    """
    match = _LABEL_RE.match(label or "")
    if not match:
        raise ValueError(f"не номер талона: {label!r}")
    return normalize_letter(match.group(1)), int(match.group(2))


def number_words(number: int) -> str:
    """Russian words of a non-negative integer: 27 → «двадцать семь»."""
    if number < 0:
        raise ValueError("номер не может быть отрицательным")
    return num2words(number, lang="ru")


def number_clip_name(value: int) -> str:
    """Clip name of one number fragment: 20 → "num_20"."""
    return f"num_{value}"


def number_fragment_values() -> list[int]:
    """Values that have their own fragment: 0, 1–19, 20–90 by ten, 100–900 by hundred."""
    return [0, *range(1, 20), *range(20, 100, 10), *range(100, 1000, 100)]


def number_clips(number: int) -> list[str]:
    """Fragments that speak ``number``: 127 → num_100, num_20, num_7.

    Above 999 (a very busy day) the digits are read one by one, which every
    visitor still understands, rather than growing the voice pack.
    """
    if number < 0:
        raise ValueError("номер не может быть отрицательным")
    if number == 0:
        return [number_clip_name(0)]
    if number > MAX_COMPOSED_NUMBER:
        return [number_clip_name(int(digit)) for digit in str(number)]
    clips = []
    hundreds, rest = divmod(number, 100)
    if hundreds:
        clips.append(number_clip_name(hundreds * 100))
    if 10 <= rest <= 19:
        clips.append(number_clip_name(rest))
    else:
        tens, units = divmod(rest, 10)
        if tens:
            clips.append(number_clip_name(tens * 10))
        if units:
            clips.append(number_clip_name(units))
    return clips


def letter_clip_name(letter: str) -> Optional[str]:
    """Clip name of a letter: «Б» → "letter_b"; None for a letter without a fragment."""
    entry = LETTERS.get(normalize_letter(letter))
    return f"letter_{entry[0]}" if entry else None


def letter_name(letter: str) -> str:
    """How a letter is named aloud: «Б» → «бэ»; an unknown letter as itself."""
    normalized = normalize_letter(letter)
    entry = LETTERS.get(normalized)
    return entry[1] if entry else normalized.lower()


def _place(place: str) -> tuple[str, str]:
    """(clip, word) of a place kind; raises on an unknown kind to catch typos early."""
    try:
        return PLACES[place]
    except KeyError:
        raise ValueError(f"неизвестное место обслуживания: {place!r} (window или cabinet)") from None


def announcement_phrase(label: str, window_number: Optional[int], place: str = "window") -> str:
    """The spoken sentence: («Б027», 3) → «Талон бэ двадцать семь, окно три»."""
    letter, number = parse_label(label)
    words = ["Талон"]
    if letter:
        words.append(letter_name(letter))
    words.append(number_words(number))
    sentence = " ".join(words)
    place_word = _place(place)[1]
    if window_number is None:
        return f"{sentence}, {place_word}"
    return f"{sentence}, {place_word} {number_words(int(window_number))}"


def announcement_clips(
    label: str, window_number: Optional[int], place: str = "window", gong: bool = True
) -> list[str]:
    """Voice-pack fragments of the announcement, in playing order.

    («Б027», 3) → ["gong", "talon", "letter_b", "num_20", "num_7", "okno", "num_3"].
    A letter without a fragment is skipped (the number still identifies the
    ticket on the screen) rather than failing the whole announcement.
    """
    letter, number = parse_label(label)
    clips = [GONG] if gong else []
    clips.append(TALON)
    letter_clip = letter_clip_name(letter) if letter else None
    if letter_clip:
        clips.append(letter_clip)
    clips.extend(number_clips(number))
    clips.append(_place(place)[0])
    if window_number is not None:
        clips.extend(number_clips(int(window_number)))
    return clips


def clip_plan(label: str, window_number: Optional[int], place: str = "window") -> dict:
    """JSON-ready plan of one announcement: ``{"text": …, "clips": [...]}``.

    Meant for the web board (and anything else) to play the same fragments
    as the pygame board without re-implementing the Russian rules.
    """
    return {
        "text": announcement_phrase(label, window_number, place),
        "clips": announcement_clips(label, window_number, place),
    }


def fragment_texts() -> dict[str, str]:
    """Every spoken fragment a complete voice pack holds: clip name → text to say.

    The gong is not spoken, so it is not listed here (see ``tools/make_gong``).
    """
    fragments = {TALON: "талон"}
    for clip, word in PLACES.values():
        fragments[clip] = word
    for suffix, spoken in LETTERS.values():
        fragments[f"letter_{suffix}"] = spoken
    for value in number_fragment_values():
        fragments[number_clip_name(value)] = number_words(value)
    return fragments
