"""Accent folding and the Vietnamese sort keys (people; places and bodies)."""

import random
import unicodedata

from antq.core.text import SORT_KEY_MAX_LENGTH, fold, name_sort_key, place_sort_key


def test_fold_handles_case_accents_d_and_nfd():
    assert fold("HƯNG YÊN") == "hung yen"
    assert fold("Đông Hưng") == "dong hung"
    assert fold(unicodedata.normalize("NFD", "Hòa Bình")) == "hoa binh"
    assert fold("Hoà") == fold("Hòa") == "hoa"


def test_sort_by_given_name_then_full_name():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn An", "Phạm Đức Anh"]
    assert sorted(names, key=name_sort_key) == ["Lê Văn An", "Nguyễn Thị An", "Phạm Đức Anh", "Trần Văn Bình"]


def test_vietnamese_letter_order():
    # a < ă < â < b … d < đ … o < ô < ơ … u < ư
    given = ["Đào", "Dũng", "Ánh", "Ân", "Ăn", "Bảo", "Ơn", "Ôn", "On", "Ưng", "Uyên"]
    ordered = sorted((f"Nguyễn {g}" for g in given), key=name_sort_key)
    assert [n.split()[-1] for n in ordered] == [
        "Ánh",
        "Ăn",
        "Ân",
        "Bảo",
        "Dũng",
        "Đào",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_tones_break_ties_after_letters():
    # Same letters: ngang < huyền < hỏi < ngã < sắc < nặng.
    names = ["Nguyễn Thị Mạ", "Nguyễn Thị Má", "Nguyễn Thị Mã", "Nguyễn Thị Mả", "Nguyễn Thị Mà", "Nguyễn Thị Ma"]
    assert sorted(names, key=name_sort_key) == [
        "Nguyễn Thị Ma",
        "Nguyễn Thị Mà",
        "Nguyễn Thị Mả",
        "Nguyễn Thị Mã",
        "Nguyễn Thị Má",
        "Nguyễn Thị Mạ",
    ]


def test_sort_key_is_plain_ascii_and_nfd_safe():
    key = name_sort_key("Nguyễn Thị Hồng")
    assert key.isascii() and key.isalnum()
    assert name_sort_key(unicodedata.normalize("NFD", "Nguyễn Thị Hồng")) == key


def test_digits_and_letters_never_share_a_rank():
    # The first key gave the digit 9 and the letter a the same value (1 + 9 == 10 + 0): "Trần A9" and "Trần Aa"
    # had one key. Digits now sort before every letter.
    assert name_sort_key("Trần A9") != name_sort_key("Trần Aa")
    assert sorted(["Trần Aa", "Trần A9", "Trần A0"], key=name_sort_key) == ["Trần A0", "Trần A9", "Trần Aa"]
    assert place_sort_key("Khu 9") < place_sort_key("Khu A")


# --- place_sort_key -----------------------------------------------------------------------------------------


def test_numbers_sort_by_value():
    names = [f"Thôn {n}" for n in range(1, 19)]
    assert sorted(reversed(names), key=place_sort_key) == names  # "Thôn 2" before "Thôn 10"
    assert sorted(["Tổ dân phố 100", "Tổ dân phố 20", "Tổ dân phố 3"], key=place_sort_key) == [
        "Tổ dân phố 3",
        "Tổ dân phố 20",
        "Tổ dân phố 100",
    ]


def test_d_before_dd_and_vietnamese_letter_order():
    # Case F13: the communes of Hưng Yên.
    assert sorted(["Xã Đoàn Đào", "Xã Đại Đồng", "Xã Diên Hà"], key=place_sort_key) == [
        "Xã Diên Hà",
        "Xã Đại Đồng",
        "Xã Đoàn Đào",
    ]
    words = ["Ưng", "Uyên", "Ơn", "Ôn", "On", "Đào", "Dũng", "Bảo", "Ân", "Ăn", "Ánh"]
    assert sorted(words, key=place_sort_key) == [
        "Ánh",
        "Ăn",
        "Ân",
        "Bảo",
        "Dũng",
        "Đào",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
    ]


def test_tones_only_between_names_with_the_same_letters():
    names = ["Mai", "Mạ", "Má", "Mã", "Mả", "Mà", "Ma"]
    assert sorted(names, key=place_sort_key) == ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ", "Mai"]
    # Letters decide over the whole name before any tone does.
    assert sorted(["Thôn Hà Bắc", "Thôn Ha Bác"], key=place_sort_key) == ["Thôn Ha Bác", "Thôn Hà Bắc"]


def test_word_boundaries_sort_before_letters_and_numbers_before_letters():
    names = ["Thôn AB", "Thôn B", "Thôn A B", "Thôn A", "Thôn", "Thôn 2A", "Thôn 2 A", "Thôn 2", "Thôn 10"]
    assert sorted(names, key=place_sort_key) == [
        "Thôn",
        "Thôn 2",
        "Thôn 2 A",
        "Thôn 2A",
        "Thôn 10",
        "Thôn A",
        "Thôn A B",
        "Thôn AB",
        "Thôn B",
    ]
    # Any run of spaces or punctuation is one boundary.
    assert place_sort_key("Khu  Bắc - Nam") == place_sort_key("Khu Bắc, Nam") == place_sort_key(" Khu Bắc Nam ")


def test_leading_zeros_sort_with_the_number_right_after_it():
    names = ["Thôn 3", "Thôn 002", "Thôn 02", "Thôn 2", "Thôn 1"]
    assert sorted(names, key=place_sort_key) == ["Thôn 1", "Thôn 2", "Thôn 02", "Thôn 002", "Thôn 3"]


def test_case_and_normal_form_do_not_matter_and_the_key_is_plain():
    key = place_sort_key("Tổ dân phố Đồng Tâm 12")
    assert place_sort_key("TỔ DÂN PHỐ ĐỒNG TÂM 12") == key
    assert place_sort_key(unicodedata.normalize("NFD", "Tổ dân phố Đồng Tâm 12")) == key
    assert place_sort_key("Tổ dân phố Đồng Tâm １２") == key  # full-width digits are the same number
    assert key.isascii() and key.isalnum() and key == key.lower()
    long_name = "1a" * 500
    assert len(place_sort_key(long_name)) == len(name_sort_key(long_name)) == SORT_KEY_MAX_LENGTH


# A model of the intended order, written independently of the encoding: names are generated from (letter, tone)
# pairs, numbers and separators, and compared as Python tuples. The string keys must order every pair alike.
_LETTERS = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()  # noqa: SIM905
_VOWELS = set("aăâeêioôơuưy")
_TONE_MARKS = ["", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"]
_FULL_ALPHABET = "a ă â b c d đ e ê f g h i j k l m n o ô ơ p q r s t u ư v w x y z".split()  # noqa: SIM905


def _random_name(rng: random.Random) -> tuple[str, tuple]:
    text, primary, tones, zeros = [], [], [], []
    previous = None
    for _ in range(rng.randint(1, 4)):
        number = rng.random() < 0.3
        # Two words or two numbers need a separator between them; a word and a number may touch ("2A").
        if previous is not None and (previous == number or rng.random() < 0.7):
            text.append(rng.choice([" ", "  ", " - ", ", ", "."]))
            primary.append((1,))
        previous = number
        if number:
            digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 3)))
            significant = digits.lstrip("0")
            text.append(digits)
            primary.append((2, len(significant), significant))
            zeros.append(len(digits) - len(significant))
            continue
        for _ in range(rng.randint(1, 4)):
            letter = rng.choice(_LETTERS)
            tone = rng.randrange(6) if letter in _VOWELS else 0
            char = unicodedata.normalize("NFC", letter + _TONE_MARKS[tone])
            text.append(char.upper() if rng.random() < 0.2 else char)
            primary.append((16 + _FULL_ALPHABET.index(letter),))
            tones.append(tone)
    return "".join(text), (primary, tones, zeros if any(zeros) else [])


def test_keys_order_every_pair_as_the_model_does():
    rng = random.Random(13)
    names = [_random_name(rng) for _ in range(400)]
    keys = [(place_sort_key(text), model) for text, model in names]
    for key_a, model_a in keys:
        for key_b, model_b in keys:
            assert (key_a < key_b) == (model_a < model_b), (key_a, key_b)
