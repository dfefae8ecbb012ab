"""parse_yen reads amounts as people type them; format_yen writes them as the brochure does."""

from __future__ import annotations

import re

import pytest
from cyberquote import InputError, format_yen, parse_yen
from hypothesis import given, settings
from hypothesis import strategies as st

KANA = re.compile(r"[ぁ-んァ-ヶ]")
MAX_YEN = 10**15 - 1  # the package accepts amounts below 1,000兆円


@pytest.mark.parametrize(
    ("typed", "yen"),
    [
        ("250000000", 250_000_000),
        ("250,000,000", 250_000_000),
        ("250,000,000円", 250_000_000),
        ("２５０，０００，０００円", 250_000_000),  # full-width digits and commas
        ("２５０,０００,０００", 250_000_000),
        ("2億5,000万円", 250_000_000),
        ("２億５千万", 250_000_000),
        ("2億5千万円", 250_000_000),
        ("2.5億", 250_000_000),
        ("３億円", 300_000_000),
        ("1,500万", 15_000_000),
        ("5千", 5_000),
        ("千円", 1_000),
        ("3億5百万", 305_000_000),
        ("1兆", 1_000_000_000_000),
        ("1兆2億3万4千5円", 1_000_200_034_005),
        ("100億", 10_000_000_000),
        ("  ３億円  ", 300_000_000),
        ("0", 0),
        ("０円", 0),
    ],
)
def test_parse_yen_reads_what_people_type(typed: str, yen: int) -> None:
    assert parse_yen(typed) == yen


def test_parse_yen_passes_a_whole_number_through() -> None:
    assert parse_yen(16_740) == 16_740


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "-1",
        "-3億",
        "−5万円",  # full-width minus
        "1.5",
        "0.5円",
        "2.123456789億",  # a fraction of a yen once the unit is applied
        "abc",
        "億",
        "1億億",
        "2,50",
        "12a",
        "3億円です",
        "1000兆",  # beyond the largest amount accepted
    ],
)
def test_parse_yen_rejects_with_a_message_in_both_languages(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yen(typed)
    error = caught.value
    assert isinstance(error, ValueError)
    assert set(error.messages) == {"ja", "en"}
    assert KANA.search(error.messages["ja"]), error.messages["ja"]
    english_words = re.sub(r"“.*?”", "", error.messages["en"])  # minus the input it echoes
    assert not KANA.search(english_words), error.messages["en"]
    assert re.search(r"[A-Za-z]{4,}", error.messages["en"])
    assert str(error) == error.messages["ja"]


@pytest.mark.parametrize("typed", ["-1", "-3億"])
def test_negative_amount_is_named_as_negative(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yen(typed)
    assert "マイナス" in caught.value.messages["ja"]
    assert "negative" in caught.value.messages["en"]


@pytest.mark.parametrize("typed", ["1.5", "0.5円", "2.123456789億"])
def test_fraction_of_a_yen_is_named_as_such(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yen(typed)
    assert "1円未満" in caught.value.messages["ja"]
    assert "whole yen" in caught.value.messages["en"]


def test_empty_input_asks_for_an_amount() -> None:
    with pytest.raises(InputError) as caught:
        parse_yen("")
    assert caught.value.messages == {
        "ja": "金額を入力してください。",
        "en": "Please enter an amount.",
    }


def test_unreadable_input_quotes_what_was_typed() -> None:
    with pytest.raises(InputError) as caught:
        parse_yen("abc")
    assert "「abc」" in caught.value.messages["ja"]
    assert "“abc”" in caught.value.messages["en"]


@pytest.mark.parametrize("value", [True, 2.5, None])
def test_parse_yen_rejects_values_that_are_not_text_or_int(value: object) -> None:
    with pytest.raises(InputError):
        parse_yen(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "lang", "units", "text"),
    [
        (16_740, "ja", False, "16,740円"),
        (16_740, "en", False, "¥16,740"),
        (30_000_000, "ja", True, "3,000万円"),
        (30_000_000, "en", True, "¥30 million"),
        (100_000_000, "ja", True, "1億円"),
        (100_000_000, "en", True, "¥100 million"),
        (250_000_000, "ja", True, "2億5,000万円"),
        (2_500_000_000, "en", True, "¥2.5 billion"),
        (1_000_000, "en", True, "¥1 million"),
        (4_008_720, "ja", False, "4,008,720円"),
        (0, "ja", True, "0円"),
    ],
)
def test_format_yen_writes_as_the_brochure_does(
    amount: int, lang: str, units: bool, text: str
) -> None:
    assert format_yen(amount, lang, units=units) == text


AMOUNTS = st.one_of(
    st.integers(min_value=0, max_value=MAX_YEN),
    # round amounts, which the units form writes with 億・万 or million/billion
    st.builds(
        lambda n, power: min(n * 10**power, MAX_YEN),
        st.integers(min_value=1, max_value=99_999),
        st.integers(min_value=3, max_value=10),
    ),
)


@settings(max_examples=300, deadline=None)
@given(amount=AMOUNTS, lang=st.sampled_from(["ja", "en"]), units=st.booleans())
def test_any_formatted_amount_parses_back_to_itself(amount: int, lang: str, units: bool) -> None:
    assert parse_yen(format_yen(amount, lang, units=units)) == amount


@settings(max_examples=200, deadline=None)
@given(amount=st.integers(min_value=0, max_value=MAX_YEN))
def test_full_width_digits_read_like_half_width(amount: int) -> None:
    full_width = str(amount).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert parse_yen(full_width + "円") == amount


@pytest.mark.parametrize("typed", ["١٢٣", "३००", "๓๐๐"])  # Arabic-Indic, Devanagari, Thai digits
def test_digits_of_other_scripts_are_junk(typed: str) -> None:
    # Only half- and full-width 0-9 (and kanji numerals) are amounts; other scripts' digits are not.
    with pytest.raises(InputError):
        parse_yen(typed)


@pytest.mark.parametrize(
    "typed",
    ["9" * 1_000_000, "9" * 1_000_000 + "億", "1." + "9" * 1_000_000, "1e999999999"],
    ids=["million-digits", "million-digits-oku", "million-decimals", "exponent"],
)
def test_absurdly_long_amounts_get_a_message_not_a_traceback(typed: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_yen(typed)
    assert len(caught.value.message("ja")) < 200 and len(caught.value.message("en")) < 200


def test_many_decimals_are_not_rounded_into_whole_yen() -> None:
    # 1.99…9 (40 nines) is not 2 yen: the fraction is refused, not rounded away at 28 digits.
    with pytest.raises(InputError, match="端数"):
        parse_yen("1." + "9" * 40)
