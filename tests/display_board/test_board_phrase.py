"""The Russian phrase and the voice-clip list of a call."""

import json
import wave

import pytest

from display_board import VOICE_DIR
from display_board.phrase import (
    LETTERS, announcement_clips, announcement_phrase, clip_plan, fragment_texts, letter_clip_name,
    number_clips, number_fragment_values, number_words, parse_label,
)
from display_board.voice_pack import clip_paths, missing_fragments

# Written out by hand, not computed: the reference the code must agree with.
RUSSIAN_NUMBERS = {
    0: "ноль", 1: "один", 2: "два", 3: "три", 7: "семь", 10: "десять", 11: "одиннадцать",
    12: "двенадцать", 19: "девятнадцать", 20: "двадцать", 21: "двадцать один",
    27: "двадцать семь", 40: "сорок", 90: "девяносто", 99: "девяносто девять", 100: "сто",
    101: "сто один", 110: "сто десять", 115: "сто пятнадцать", 200: "двести",
    300: "триста", 400: "четыреста", 500: "пятьсот", 640: "шестьсот сорок",
    999: "девятьсот девяносто девять",
}

SPOKEN_LETTERS = {
    "А": "а", "Б": "бэ", "В": "вэ", "Г": "гэ", "Д": "дэ", "Е": "е", "Ж": "жэ", "З": "зэ",
    "И": "и", "К": "ка", "Л": "эль", "М": "эм", "Н": "эн", "О": "о", "П": "пэ", "Р": "эр",
    "С": "эс", "Т": "тэ", "У": "у", "Ф": "эф", "Х": "ха", "Ц": "цэ", "Ч": "чэ", "Ш": "ша",
    "Э": "э", "Ю": "ю", "Я": "я",
}


@pytest.mark.parametrize("number, words", sorted(RUSSIAN_NUMBERS.items()))
def test_number_words_in_russian(number, words):
    assert number_words(number) == words


def test_every_number_1_to_999_is_composed_from_fragments_that_say_it():
    texts = fragment_texts()
    for number in range(1, 1000):
        clips = number_clips(number)
        assert " ".join(texts[clip] for clip in clips) == number_words(number), number
        assert 1 <= len(clips) <= 3


def test_number_fragment_set_is_small():
    values = number_fragment_values()
    assert len(values) == len(set(values)) == 37  # 0, 1–19, 8 tens, 9 hundreds


@pytest.mark.parametrize("letter, spoken", sorted(SPOKEN_LETTERS.items()))
def test_every_letter_is_named_and_has_its_own_clip(letter, spoken):
    assert announcement_phrase(f"{letter}001", 1) == f"Талон {spoken} один, окно один"
    assert announcement_clips(f"{letter}001", 1)[2] == letter_clip_name(letter)


def test_letter_clip_names_are_distinct_latin():
    names = [letter_clip_name(letter) for letter in LETTERS]
    assert len(set(names)) == len(LETTERS) == 27
    assert all(name.isascii() for name in names)
    assert letter_clip_name("Е") != letter_clip_name("Э")


@pytest.mark.parametrize("window, words", [(1, "один"), (2, "два"), (10, "десять"), (12, "двенадцать"),
                                           (21, "двадцать один"), (99, "девяносто девять")])
def test_window_numbers(window, words):
    assert announcement_phrase("А001", window).endswith(f", окно {words}")


def test_example_phrase_from_the_brief():
    assert announcement_phrase("Б027", 3) == "Талон бэ двадцать семь, окно три"


def test_leading_zeros_are_dropped_and_zero_is_said():
    assert announcement_phrase("А007", 2) == "Талон а семь, окно два"
    assert announcement_phrase("В000", 1) == "Талон вэ ноль, окно один"


def test_cabinet_instead_of_window():
    assert announcement_phrase("Л010", 12, place="cabinet") == "Талон эль десять, кабинет двенадцать"
    assert announcement_clips("Л010", 12, place="cabinet")[-2:] == ["kabinet", "num_12"]


@pytest.mark.parametrize("label, window, place, clips", [
    ("Б027", 3, "window", ["gong", "talon", "letter_b", "num_20", "num_7", "okno", "num_3"]),
    ("А001", 1, "window", ["gong", "talon", "letter_a", "num_1", "okno", "num_1"]),
    ("К100", 12, "window", ["gong", "talon", "letter_k", "num_100", "okno", "num_12"]),
    ("Ж999", 99, "window", ["gong", "talon", "letter_zh", "num_900", "num_90", "num_9", "okno", "num_90", "num_9"]),
    ("Э115", 40, "window", ["gong", "talon", "letter_eh", "num_100", "num_15", "okno", "num_40"]),
    ("Л010", 12, "cabinet", ["gong", "talon", "letter_l", "num_10", "kabinet", "num_12"]),
    ("Я000", 5, "window", ["gong", "talon", "letter_ya", "num_0", "okno", "num_5"]),
])
def test_clip_lists(label, window, place, clips):
    assert announcement_clips(label, window, place) == clips


def test_clip_plan_is_plain_json_for_the_web_board():
    plan = clip_plan("Б027", 3)
    assert json.loads(json.dumps(plan, ensure_ascii=False)) == {
        "text": "Талон бэ двадцать семь, окно три",
        "clips": ["gong", "talon", "letter_b", "num_20", "num_7", "okno", "num_3"],
    }


def test_latin_lookalike_letter_is_read_as_cyrillic():
    assert parse_label("A012") == ("А", 12)  # Latin A typed in a service setting
    assert announcement_clips("B012", 1)[2] == "letter_v"  # Latin B looks like Cyrillic В


def test_unknown_letter_is_said_but_has_no_clip():
    assert announcement_phrase("Щ005", 2) == "Талон щ пять, окно два"
    assert announcement_clips("Щ005", 2) == ["gong", "talon", "num_5", "okno", "num_2"]


def test_numbers_above_999_are_read_digit_by_digit():
    assert number_clips(1205) == ["num_1", "num_2", "num_0", "num_5"]


@pytest.mark.parametrize("bad", ["", "Б", "талон"])
def test_malformed_label_is_rejected(bad):
    with pytest.raises(ValueError):
        parse_label(bad)


def test_unknown_place_is_rejected():
    with pytest.raises(ValueError):
        announcement_phrase("А001", 1, place="kassa")


def test_committed_voice_pack_covers_every_fragment_in_the_right_format():
    assert missing_fragments(VOICE_DIR) == []
    paths = clip_paths(VOICE_DIR)
    for name in ["gong", *fragment_texts()]:
        with wave.open(str(paths[name]), "rb") as clip:
            assert (clip.getnchannels(), clip.getframerate(), clip.getsampwidth()) == (1, 22050, 2), name
            assert 0.12 < clip.getnframes() / 22050 < 2.0, name  # audible in a hall, yet brisk


def test_every_possible_announcement_is_playable_from_the_committed_pack():
    available = set(clip_paths(VOICE_DIR))
    for letter in LETTERS:
        for number in (0, 7, 13, 40, 101, 999):
            for window in range(1, 100):
                assert set(announcement_clips(f"{letter}{number:03d}", window)) <= available


def test_committed_voice_pack_is_small():
    total = sum(path.stat().st_size for path in VOICE_DIR.iterdir())
    assert total < 4 * 1024 * 1024
