"""load_rates and parse_rates: the real file loads; broken files are refused with every problem, file and key.

Each broken file is the text of rates/2024.toml with one or more small, readable replacements.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass
from datetime import date
from pathlib import Path

import pytest
from conftest import RATES_FILE, RATES_TEXT, edited
from cyberquote import Rates, RatesError, load_rates, parse_rates

NAME = "rates/2024.toml"


def broken(*edits: tuple[str, str]) -> str:
    return edited(RATES_TEXT, *edits)


def problems_of(text: str) -> list[str]:
    with pytest.raises(RatesError) as caught:
        parse_rates(text, name=NAME)
    return caught.value.problems


def without_contact(ident: str) -> str:
    """The file without the [contacts.<ident>] table (the next table, if any, stays)."""
    head = f"[contacts.{ident}]"
    start = RATES_TEXT.index(head)
    end = RATES_TEXT.find("\n[", start + len(head))
    return RATES_TEXT[:start] + (RATES_TEXT[end + 1 :] if end != -1 else "")


# -- the real file -----------------------------------------------------------------------------


def test_real_file_is_the_final_2024_rates(rates: Rates) -> None:
    assert (rates.year, rates.status, rates.is_draft) == (2024, "final", False)


def test_text_and_path_give_the_same_rates() -> None:
    from_text = parse_rates(RATES_TEXT, name=NAME)
    from_path = load_rates(RATES_FILE)
    assert from_text.premiums == from_path.premiums
    assert from_text.path == NAME


def test_loaded_rates_cannot_be_changed() -> None:
    rates = parse_rates(RATES_TEXT, name=NAME)  # its own: a change must not reach other tests
    with pytest.raises(FrozenInstanceError):
        rates.revenue_cap_yen = 1  # type: ignore[misc]
    with pytest.raises(TypeError):
        rates.premiums[("I", 1, "A")] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        del rates.contacts["secretariat"]  # type: ignore[attr-defined]
    assert rates.premium("I", 1, "A") == 16_740


def test_real_file_holds_the_brochure_programme(rates: Rates) -> None:
    assert rates.period.start.isoformat() == "2024-01-01T16:00:00+09:00"
    assert rates.period.end.isoformat() == "2025-01-01T16:00:00+09:00"
    assert rates.period.application_deadline == date(2023, 12, 15)
    assert (rates.midterm.start_day, rates.midterm.deadline_day) == (1, 15)
    assert rates.midterm.deadline_months_before == 1
    assert rates.terms.deductible_yen == 0
    assert rates.revenue_cap_yen == 200 * 10**8
    assert [b.upper_yen // 10**8 for b in rates.bands] == [3, 5, 10, 20, 30, 40, 50, 100]
    assert [(p.code, p.liability_limit_yen, p.response_cost_limit_yen) for p in rates.plans] == [
        ("A", 30_000_000, 1_000_000),
        ("B", 50_000_000, 3_000_000),
        ("C", 100_000_000, 5_000_000),
    ]
    assert len(rates.limit_notes) == 2
    assert set(rates.contacts) == {
        "secretariat", "lead_agent", "insurer_branch", "accident_centre", "adr_centre"
    }  # fmt: skip


def test_real_file_uses_the_issue_industry_ids(rates: Rates) -> None:
    by_category = {c.id: [i.id for i in c.industries] for c in rates.categories}
    assert by_category == {
        "I": ["manufacturing", "wholesale", "retail", "construction"],
        "II": ["logistics", "education", "lodging", "welfare"],
        "III": ["publishing", "food_service", "real_estate", "travel", "other"],
        "IV": ["it"],
    }
    assert [c.letter for c in rates.categories] == ["A", "B", "C", "D"]
    assert [i.id for i in rates.excluded] == [
        "finance", "rail_air", "oil_chemical", "telecom_broadcast", "medical", "utilities",
        "public", "isp", "cloud_hosting", "ec_platform", "online_payment",
    ]  # fmt: skip


# -- broken files: one problem each ---------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    id: str
    text: str
    expected: str  # the whole message, "rates/2024.toml: <key path>: <what is wrong>"
    alone: bool = True  # False where one mistake rightly causes follow-on problems


BROKEN = [
    Broken(
        "negative premium",
        broken(("{ A = 1_147_520, B = 1_514_890,", "{ A = 1_147_520, B = -1,")),
        "rates/2024.toml: premiums.IV[3].B (DB4): expected a positive integer, got -1",
    ),
    Broken(
        "zero premium",
        broken(("{ A =    16_740,", "{ A =    0,")),
        "rates/2024.toml: premiums.I[0].A (AA1): expected a positive integer, got 0",
    ),
    Broken(
        "premium as text",
        broken(("C =   399_460 }", 'C = "399,460" }')),
        "rates/2024.toml: premiums.II[7].C (BC8): expected a positive integer, got '399,460'",
    ),
    Broken(
        "fractional premium",
        broken(("B =    69_830,", "B =    69_830.5,")),
        "rates/2024.toml: premiums.III[1].B (CB2): expected a positive integer, got 69830.5",
    ),
    Broken(
        "missing premium cell",
        broken((", C =    28_490 }", " }")),
        "rates/2024.toml: premiums.I[0].C (AC1): missing (a positive integer)",
    ),
    Broken(
        "missing premium row",
        broken(
            ("  { A =   183_690, B =   242_490, C =   312_530 },   # BA7 BB7 BC7  50億円まで\n", "")
        ),
        "rates/2024.toml: premiums.II: expected 8 rows (one per band), got 7",
    ),
    Broken(
        "premium for an unknown plan",
        broken(("C =    28_490 }", "C =    28_490, D = 35_000 }")),
        "rates/2024.toml: premiums.I[0].D: no such plan in [[plans]]",
    ),
    Broken(
        "premiums for an unknown category",
        broken(("\nIV = [", "\nV = [\n  { A = 1, B = 2, C = 3 },\n]\nIV = [")),
        "rates/2024.toml: premiums.V: no such category in [[categories]]",
    ),
    Broken(
        "bands not increasing",
        broken(("  1_000_000_000,      # 3", "  400_000_000,        # 3")),
        "rates/2024.toml: bands.upper_yen[2]: must be greater than the band before (500,000,000), got 400,000,000",
    ),
    Broken(
        "revenue cap below the top band",
        broken(("revenue_cap_yen = 20_000_000_000", "revenue_cap_yen = 5_000_000_000")),
        "rates/2024.toml: eligibility.revenue_cap_yen: must not be below the top band's bound (10,000,000,000)",
    ),
    Broken(
        "deadline after the start",
        broken(("application_deadline = 2023-12-15", "application_deadline = 2024-01-02")),
        "rates/2024.toml: period.application_deadline: must be before period.start (2024-01-01), got 2024-01-02",
    ),
    Broken(
        "end before the start",
        broken(("end = 2025-01-01T16:00:00+09:00", "end = 2023-12-31T16:00:00+09:00")),
        "rates/2024.toml: period.end: must be after period.start (2024-01-01T16:00:00+09:00), got 2023-12-31T16:00:00+09:00",
    ),
    Broken(
        "start without a UTC offset",
        broken(("start = 2024-01-01T16:00:00+09:00", "start = 2024-01-01T16:00:00")),
        "rates/2024.toml: period.start: needs a UTC offset, e.g. 2024-01-01T16:00:00+09:00",
    ),
    Broken(
        "deadline given as text",
        broken(("application_deadline = 2023-12-15", 'application_deadline = "15 Dec"')),
        "rates/2024.toml: period.application_deadline: expected a date like 2023-12-15, got '15 Dec'",
    ),
    Broken(
        "mid-term deadline day past the 28th",
        broken(("deadline_day = 15", "deadline_day = 31")),
        "rates/2024.toml: midterm.deadline_day: expected a day of the month (1-28), got 31",
    ),
    Broken(
        "duplicate plan code",
        broken(('code = "B"', 'code = "A"')),
        "rates/2024.toml: plans[1].code: duplicate plan code 'A'",
        alone=False,
    ),
    Broken(
        "response cost limit above the liability limit",
        broken(("response_cost_limit_yen = 1_000_000", "response_cost_limit_yen = 40_000_000")),
        "rates/2024.toml: plans[0].response_cost_limit_yen: must not exceed the liability limit (the overall cap)",
    ),
    Broken(
        "duplicate category id",
        broken(('id = "II"', 'id = "I"')),
        "rates/2024.toml: categories[1].id: duplicate category 'I'",
        alone=False,
    ),
    Broken(
        "duplicate code letter",
        broken(('letter = "B"', 'letter = "C"')),
        "rates/2024.toml: categories[2].letter: duplicate code letter 'C'",
        alone=False,
    ),
    Broken(
        "label without English",
        broken(
            ('label = { ja = "業種区分Ⅱ", en = "Category II" }', 'label = { ja = "業種区分Ⅱ" }')
        ),
        "rates/2024.toml: categories[1].label.en: missing (a text)",
    ),
    Broken(
        "label without Japanese",
        broken(
            ('payment = { ja = "請求書払", en = "By invoice" }', 'payment = { en = "By invoice" }')
        ),
        "rates/2024.toml: terms.payment.ja: missing (a text)",
    ),
    Broken(
        "empty label text",
        broken(
            (
                '{ id = "travel", ja = "旅行業", en = "Travel" }',
                '{ id = "travel", ja = "旅行業", en = " " }',
            )
        ),
        "rates/2024.toml: categories[2].industries[3].en: is empty",
    ),
    Broken(
        "industry in two categories",
        broken(
            (
                '  { id = "construction", ja = "建設業", en = "Construction" },\n',
                '  { id = "construction", ja = "建設業", en = "Construction" },\n'
                '  { id = "it", ja = "IT業", en = "IT services" },\n',
            )
        ),
        "rates/2024.toml: categories[3].industries[0].id: industry 'it' is already listed at categories[0].industries[4]",
    ),
    Broken(
        "industry both in a category and excluded",
        broken(
            (
                '  { id = "online_payment", ja = "オンライン決済サービス", en = "Online payment services" },\n',
                '  { id = "online_payment", ja = "オンライン決済サービス", en = "Online payment services" },\n'
                '  { id = "retail", ja = "小売業", en = "Retail" },\n',
            )
        ),
        "rates/2024.toml: eligibility.excluded[11].id: industry 'retail' is already listed at categories[0].industries[2]",
    ),
    Broken(
        "industry id not ASCII lowercase",
        broken(('id = "food_service"', 'id = "Food-Service"')),
        "rates/2024.toml: categories[2].industries[1].id: expected a lowercase ASCII id like food_service, got 'Food-Service'",
    ),
    Broken(
        "category extra that does not exist",
        broken(('extras = ["it_services_clause"]', 'extras = ["it_clause"]')),
        "rates/2024.toml: categories[3].extras: expected ids of extras with applies_to = \"category\", got ['it_clause']",
    ),
    Broken(
        "unknown section",
        RATES_TEXT + "\n[discounts]\nearly_bird = 0.05\n",
        "rates/2024.toml: discounts: unknown section",
    ),
    Broken(
        "missing contact",
        without_contact("adr_centre"),
        "rates/2024.toml: contacts.adr_centre: missing (a contact table)",
    ),
    Broken(
        "malformed phone number",
        broken(('tel = "03-3241-0230"', 'tel = "03 3241 0230"')),
        "rates/2024.toml: contacts.secretariat.tel: expected a phone number like 03-3241-0230, got '03 3241 0230'",
    ),
    Broken(
        "web address not https",
        broken(('web = "https://www.sonpo.or.jp/"', 'web = "http://www.sonpo.or.jp/"')),
        "rates/2024.toml: contacts.adr_centre.web: expected an https:// address, got 'http://www.sonpo.or.jp/'",
    ),
    Broken(
        "unknown status",
        broken(('status = "final"', 'status = "published"')),
        'rates/2024.toml: meta.status: expected "final" or "draft", got \'published\'',
    ),
    Broken(
        "year as text",
        broken(("year = 2024", 'year = "2024"')),
        "rates/2024.toml: meta.year: expected a year like 2024, got '2024'",
    ),
    Broken(
        "negative deductible",
        broken(("deductible_yen = 0", "deductible_yen = -1")),
        "rates/2024.toml: terms.deductible_yen: expected a whole number of yen, 0 or more, got -1",
    ),
]


def test_there_are_at_least_15_distinct_broken_files() -> None:
    assert len({case.text for case in BROKEN}) == len(BROKEN) >= 15
    assert len({case.expected for case in BROKEN}) == len(BROKEN)


@pytest.mark.parametrize("case", BROKEN, ids=[case.id for case in BROKEN])
def test_broken_file_is_refused_with_file_key_and_reason(case: Broken) -> None:
    problems = problems_of(case.text)
    if case.alone:
        assert problems == [case.expected]
    else:
        assert case.expected in problems


@pytest.mark.parametrize("case", BROKEN, ids=[case.id for case in BROKEN])
def test_every_problem_names_the_file_and_a_key(case: Broken) -> None:
    for problem in problems_of(case.text):
        file, key, what = problem.split(": ", 2)
        assert file == NAME
        assert key and " " not in key.split(" (")[0], problem
        assert what, problem


def test_one_mistake_can_bring_its_follow_on_problems() -> None:
    # Plan B renamed to A: the duplicate is reported, and so is every B column left without a plan.
    problems = problems_of(broken(('code = "B"', 'code = "A"')))
    assert sum(p.endswith(".B: no such plan in [[plans]]") for p in problems) == 32


def test_several_problems_in_one_file_are_all_reported() -> None:
    text = broken(
        ("{ A = 1_147_520, B = 1_514_890,", "{ A = 1_147_520, B = -1,"),
        ("application_deadline = 2023-12-15", "application_deadline = 2024-01-02"),
        ('label = { ja = "業種区分Ⅱ", en = "Category II" }', 'label = { ja = "業種区分Ⅱ" }'),
        ("  1_000_000_000,      # 3", "  400_000_000,        # 3"),
    )
    text += "\n[discounts]\nearly_bird = 0.05\n"
    assert sorted(problems_of(text)) == sorted(
        [
            "rates/2024.toml: premiums.IV[3].B (DB4): expected a positive integer, got -1",
            "rates/2024.toml: period.application_deadline: must be before period.start (2024-01-01), got 2024-01-02",
            "rates/2024.toml: categories[1].label.en: missing (a text)",
            "rates/2024.toml: bands.upper_yen[2]: must be greater than the band before (500,000,000), got 400,000,000",
            "rates/2024.toml: discounts: unknown section",
        ]
    )


def test_error_text_lists_one_problem_per_line() -> None:
    text = broken(("{ A =    16_740,", "{ A =    0,"), ("deadline_day = 15", "deadline_day = 31"))
    with pytest.raises(RatesError) as caught:
        parse_rates(text, name=NAME)
    assert str(caught.value).splitlines() == caught.value.problems
    assert len(caught.value.problems) == 2


def test_bad_toml_syntax_is_one_problem_with_the_file_name() -> None:
    problems = problems_of(broken(("[midterm]", "[midterm")))
    assert problems == [
        f"rates/2024.toml: line {RATES_TEXT.splitlines().index('[midterm]') + 1}: not valid TOML. A table header has no closing ]: write it "
        "like [midterm]. (the line: [midterm)"
    ]


def test_missing_file_is_reported_not_raised_as_oserror(tmp_path: Path) -> None:
    with pytest.raises(RatesError) as caught:
        load_rates(tmp_path / "2031.toml")
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].endswith("2031.toml: file not found")


def test_rates_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_rates(broken(("deadline_day = 15", "deadline_day = 31")), name=NAME)


def test_toml_errors_doctests_pass() -> None:
    import doctest

    from cyberquote import toml_errors

    result = doctest.testmod(toml_errors, verbose=False)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("deadline_months_before = 1", "deadline_months_before = 13"),
            "rates/2024.toml: midterm.deadline_months_before: expected a number of months (1-12), got 13",
        ),
        (
            ("end = 2025-01-01T16:00:00+09:00", "end = 9999-01-01T16:00:00+09:00"),
            "rates/2024.toml: period.end: must be a date in the years 2000 to 2100, got 9999-01-01T16:00:00+09:00",
        ),
        (
            ("C = 4_008_720", "C = 400_872_000"),
            "rates/2024.toml: premiums.IV[7].C (DC8): must be at most 100,000,000 yen, got 400,872,000",
        ),
        (
            ("deductible_yen = 0", "deductable_yen = 0"),
            "rates/2024.toml: terms.deductable_yen: unknown key (did you mean deductible_yen?)",
        ),
        (
            ("{ A =    16_740, B =    22_100,", "{ A =    22_100, B =    16_740,"),
            "rates/2024.toml: premiums.I[0].B (AB1): must be more than plan A (AA1 22,100 yen), got 16,740; are the plan columns swapped?",
        ),
    ],
    ids=["months", "year 9999", "premium bound", "misspelt key", "swapped plans"],
)
def test_bounds_spelling_and_order_are_checked(edit: tuple[str, str], expected: str) -> None:
    assert expected in problems_of(broken(edit))


def test_nesting_500_deep_is_one_problem_not_a_recursion_error() -> None:
    assert problems_of(RATES_TEXT + "\nx = " + "[" * 500 + "]" * 500 + "\n") == [
        "rates/2024.toml: tables or lists are nested too deeply to read; check for unclosed or "
        "repeated [ and {"
    ]


def test_a_file_at_every_bound_still_quotes() -> None:
    """What passes the reader must not crash the quote: the last year, the longest deadline rule,
    the largest amounts."""
    from cyberquote import quote

    text = broken(
        ("year = 2024", "year = 2100"),
        ("start = 2024-01-01T16:00:00+09:00", "start = 2100-01-01T16:00:00+09:00"),
        ("end = 2025-01-01T16:00:00+09:00", "end = 2100-12-31T16:00:00+09:00"),
        ("application_deadline = 2023-12-15", "application_deadline = 2099-12-15"),
        ("deadline_months_before = 1", "deadline_months_before = 12"),
        ("start_day = 1", "start_day = 28"),
        ("deadline_day = 15", "deadline_day = 28"),
        ("revenue_cap_yen = 20_000_000_000", "revenue_cap_yen = 1_000_000_000_000"),
        ("10_000_000_000,     # 8", "1_000_000_000_000,  # 8"),
        ("C = 4_008_720", "C = 100_000_000"),
    )
    rates = parse_rates(text, name=NAME)
    for revenue in (0, 10**12, 10**12 + 1, "999兆"):
        for today in (date(2099, 1, 1), date(2100, 6, 1), date(2100, 12, 31)):
            quote(rates, industry="it", revenue=revenue, plan="C", today=today).to_dict()
    top = quote(rates, industry="it", revenue=10**12, plan="C", today=date(2099, 1, 1))
    assert top.to_dict()["premium_yen"] == 100_000_000


@pytest.mark.parametrize("hidden", ["\\u0007", "\\u001b[31m", "\\u202e", "\\u200b", "\\t"])
def test_a_label_with_an_invisible_control_character_is_refused(hidden: str) -> None:
    text = broken(('en = "Category I"', f'en = "Category{hidden} I"'))
    [problem] = problems_of(text)
    assert "categories[0].label.en: holds an invisible control character" in problem
    assert "\x1b" not in problem and "\u202e" not in problem


def test_the_build_prints_each_problem_in_japanese_then_english_once() -> None:
    from cyberquote.errors import Problem

    err = RatesError(
        [Problem("r.toml", "period.end", "開始より後にしてください", "must be after"), "x"]
    )
    assert err.both_lines() == [
        "r.toml: period.end: 開始より後にしてください",
        "  r.toml: period.end: must be after",
        "x",  # the same in both languages: said once
    ]
