"""quote(): eligibility, band edges, premiums and limits, extras, join dates, and to_dict().

Expected premiums are the brochure's printed figures, typed here from the brochure.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from conftest import RATES_FILE, RATES_TEXT
from cyberquote import InputError, load_rates, quote
from hypothesis import given, settings
from hypothesis import strategies as st

RATES = load_rates(RATES_FILE)
OKU = 100_000_000  # 1億円
TODAY = date(2024, 3, 1)  # a day inside the period, for tests not about dates


def answer(**kwargs) -> dict:
    kwargs.setdefault("today", TODAY)
    return quote(RATES, **kwargs).to_dict()


# -- band edges and eligibility -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("revenue", "eligible", "reason", "band"),
    [
        (0, True, None, 1),
        (3 * OKU, True, None, 1),
        (3 * OKU + 1, True, None, 2),
        (5 * OKU, True, None, 2),
        (50 * OKU + 1, True, None, 8),
        (100 * OKU, True, None, 8),
        (100 * OKU + 1, True, "individual_quote", None),
        (200 * OKU, True, "individual_quote", None),
        (200 * OKU + 1, False, "revenue_above_cap", None),
        (1_000 * OKU, False, "revenue_above_cap", None),
    ],
    ids=[
        "0 yen",
        "3億",
        "3億+1円",
        "5億",
        "50億+1円",
        "100億",
        "100億+1円",
        "200億",
        "200億+1円",
        "1000億",
    ],
)
def test_band_edges_and_eligibility(
    revenue: int, eligible: bool, reason: str | None, band: int | None
) -> None:
    got = answer(industry="retail", revenue=revenue)
    assert (got["eligible"], got["reason"]) == (eligible, reason)
    assert (got["band"]["index"] if got["band"] else None) == band


@pytest.mark.parametrize("revenue", [100 * OKU + 1, 200 * OKU])
def test_individual_quote_has_no_table_price_and_names_the_agent(revenue: int) -> None:
    got = answer(industry="it", revenue=revenue, plan="A")
    assert got["plans"] == []
    assert got["code"] is got["premium_yen"] is None
    assert got["coverage_start"] is not None  # eligible: the agent can still arrange a start
    assert any("範囲外" in line for line in got["messages"]["ja"])
    assert any("エクセル" in line and "03-3517-2305" in line for line in got["messages"]["ja"])
    assert any("above the premium tables" in line for line in got["messages"]["en"])
    assert got["contact"] == "lead_agent"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_between_the_top_band_and_the_cap_reads_eligible_never_a_refusal(lang: str) -> None:
    """150億 (tables up to 100億, cap 200億): the heading and the page's note say eligible, the
    premium set individually, and whom to ask (the lead agent, from the rates' contacts)."""
    got = answer(industry="it", revenue="150億", plan="A", today="2024-03-10")
    page = got["answer"][lang]
    assert page["heading"] == {"ja": "加入の対象です（保険料は個別にご案内します）",
                               "en": "Eligible: the premium is set individually"}[lang]  # fmt: skip
    eligible = {"ja": "200億円以下の企業は加入の対象です", "en": "¥20 billion or less are eligible"}
    individually = {"ja": "個別にご案内します", "en": "set individually"}
    assert eligible[lang] in page["premium_note"] and individually[lang] in page["premium_note"]
    assert "03-3517-2305" in page["next_step"]
    refusal = {"ja": ("加入できません", "対象外"), "en": ("not eligible", "not available")}
    for text in (page["heading"], page["premium_note"], page["next_step"], *got["messages"][lang]):
        assert not any(word in text for word in refusal[lang]), text


def test_revenue_above_cap_is_not_eligible_and_says_why() -> None:
    got = answer(industry="it", revenue="200億1円")
    assert got["revenue_yen"] == 200 * OKU + 1
    assert got["plans"] == [] and got["band"] is None and got["extras"] == []
    assert got["coverage_start"] is None and got["application_deadline"] is None
    assert "200億円以下" in got["messages"]["ja"][0]
    assert "not available" in got["messages"]["en"][0]


EXCLUDED = [
    "finance", "rail_air", "oil_chemical", "telecom_broadcast", "medical", "utilities",
    "public", "isp", "cloud_hosting", "ec_platform", "online_payment",
]  # fmt: skip


@pytest.mark.parametrize("industry", EXCLUDED)
def test_excluded_industry_is_not_eligible(industry: str) -> None:
    got = answer(industry=industry, revenue=1 * OKU, plan="A")
    assert (got["eligible"], got["reason"]) == (False, "excluded_industry")
    assert got["category"] is None and got["band"] is None and got["plans"] == []
    assert got["premium_yen"] is None and got["coverage_start"] is None
    assert got["industry"] == industry
    assert "加入対象外" in got["messages"]["ja"][0]
    assert "not eligible" in got["messages"]["en"][0]


@pytest.mark.parametrize(
    ("industry", "category"),
    [
        ("manufacturing", "I"), ("wholesale", "I"), ("retail", "I"), ("construction", "I"),
        ("logistics", "II"), ("education", "II"), ("lodging", "II"), ("welfare", "II"),
        ("publishing", "III"), ("food_service", "III"), ("real_estate", "III"),
        ("travel", "III"), ("other", "III"),
        ("it", "IV"),
    ],
)  # fmt: skip
def test_industry_falls_in_its_brochure_category(industry: str, category: str) -> None:
    got = answer(industry=industry, revenue=1 * OKU)
    assert got["category"] == category
    assert got["eligible"] is True


# -- premiums, codes and limits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("industry", "revenue", "plan", "code", "premium"),
    [
        ("retail", "10億", "C", "AC3", 69_320),
        ("welfare", "3億", "A", "BA1", 36_490),
        ("travel", "30億1円", "B", "CB6", 170_830),
        ("it", "2億5,000万円", "B", "DB1", 483_470),
        ("it", 100 * OKU, "C", "DC8", 4_008_720),
    ],
)
def test_chosen_plan_gets_the_brochure_premium(
    industry: str, revenue: str | int, plan: str, code: str, premium: int
) -> None:
    got = answer(industry=industry, revenue=revenue, plan=plan)
    assert (got["plan"], got["code"], got["premium_yen"]) == (plan, code, premium)


def test_every_plan_is_priced_with_its_limits() -> None:
    got = answer(category="IV", revenue="2億5千万", plan="B")
    assert [(p["plan"], p["code"], p["premium_yen"]) for p in got["plans"]] == [
        ("A", "DA1", 366_230),
        ("B", "DB1", 483_470),
        ("C", "DC1", 623_120),
    ]
    assert [(p["liability_limit"]["ja"], p["response_cost_limit"]["ja"]) for p in got["plans"]] == [
        ("3,000万円", "100万円"),
        ("5,000万円", "300万円"),
        ("1億円", "500万円"),
    ]
    assert [p["premium"]["en"] for p in got["plans"]] == ["¥366,230", "¥483,470", "¥623,120"]
    assert [p["chosen"] for p in got["plans"]] == [False, True, False]
    assert (got["liability_limit_yen"], got["response_cost_limit_yen"]) == (50_000_000, 3_000_000)


def test_without_a_plan_all_plans_are_shown_and_none_chosen() -> None:
    got = answer(industry="logistics", revenue=4 * OKU)
    assert len(got["plans"]) == 3 and not any(p["chosen"] for p in got["plans"])
    assert got["plan"] is got["code"] is got["premium_yen"] is None
    assert got["liability_limit_yen"] is got["response_cost_limit_yen"] is None


def test_revenue_as_typed_gives_the_same_answer_as_whole_yen() -> None:
    assert answer(industry="it", revenue="２億５千万円", plan="A") == answer(
        industry="it", revenue=250_000_000, plan="A"
    )


def test_plan_and_category_may_be_typed_loosely() -> None:
    got = answer(category=" iv ", revenue=OKU, plan="ｂ")  # lower case, spaces, full-width
    assert (got["category"], got["code"]) == ("IV", "DB1")


def test_category_alone_gives_a_quote_without_an_industry() -> None:
    got = answer(category="II", revenue=OKU, plan="A")
    assert (got["industry"], got["industry_label"], got["code"]) == (None, None, "BA1")
    assert got["category_label"]["ja"].startswith("業種区分Ⅱ")


def test_industry_with_its_own_category_is_accepted() -> None:
    assert answer(industry="it", category="IV", revenue=OKU)["category"] == "IV"


# -- extras --------------------------------------------------------------------------------------


def test_it_services_clause_is_set_only_for_category_iv() -> None:
    it = {e["id"] for e in answer(industry="it", revenue=OKU)["extras"]}
    retail = {e["id"] for e in answer(industry="retail", revenue=OKU)["extras"]}
    assert it == {"employee_dishonesty", "emergency_support", "it_services_clause"}
    assert retail == {"employee_dishonesty", "emergency_support"}


# -- join dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "start", "deadline"),
    [
        (date(2023, 12, 1), "2024-01-01", "2023-12-15"),
        (date(2023, 12, 15), "2024-01-01", "2023-12-15"),
        (date(2023, 12, 16), "2024-02-01", "2024-01-15"),
        (date(2024, 5, 15), "2024-06-01", "2024-05-15"),
        (date(2024, 5, 16), "2024-07-01", "2024-06-15"),
        (date(2024, 11, 15), "2024-12-01", "2024-11-15"),
    ],
)
def test_join_on_today_gives_the_earliest_start_whose_deadline_has_not_passed(
    today: date, start: str, deadline: str
) -> None:
    got = answer(industry="it", revenue=OKU, today=today)
    assert (got["coverage_start"], got["application_deadline"]) == (start, deadline)
    assert got["coverage_end"] == "2025-01-01"


def test_today_may_be_given_as_iso_text() -> None:
    got = answer(industry="it", revenue=OKU, today="2024-05-16")
    assert got["coverage_start"] == "2024-07-01"


@pytest.mark.parametrize("today", [date(2024, 11, 16), date(2024, 12, 31)])
def test_after_the_last_deadline_there_is_no_start_and_a_message(today: date) -> None:
    got = answer(industry="it", revenue=OKU, plan="A", today=today)
    assert got["eligible"] is True and got["premium_yen"] == 366_230
    assert got["coverage_start"] is None and got["application_deadline"] is None
    assert got["coverage_end"] == "2025-01-01"
    assert any(
        "申込締切（最後は2024年11月15日）はすべて過ぎました" in m for m in got["messages"]["ja"]
    )
    assert any("deadlines of the 2024 policy year have passed" in m for m in got["messages"]["en"])
    # the answer says so in its heading, calls the premiums a reference, names the secretariat
    assert got["intake"] == "closed" and got["contact"] == "secretariat"
    assert got["answer"]["ja"]["heading"] == "2024年度の申込受付は終了しました"
    assert "参考" in got["answer"]["ja"]["premium_label"]
    assert "for reference" in got["answer"]["en"]["premium_label"]
    assert not any("次年度" in m for m in got["messages"]["ja"])


def test_chosen_start_whose_deadline_passed_falls_back_to_the_next() -> None:
    got = answer(industry="it", revenue=OKU, start="2024-06-01", today=date(2024, 5, 20))
    assert (got["coverage_start"], got["application_deadline"]) == ("2024-07-01", "2024-06-15")
    assert got["wished_start"] == "2024-06-01" and got["wished_start_passed"] is True
    notice = got["answer"]["ja"]["notice"]
    assert "2024年6月1日加入" in notice and "2024年7月1日" in notice  # never swapped silently
    assert "has passed" in got["answer"]["en"]["notice"]
    assert got["messages"]["ja"][0] == notice


@pytest.mark.parametrize("start", ["2024-09-01", "2024-09", date(2024, 9, 1)])
def test_chosen_start_is_kept_while_its_deadline_is_open(start: str | date) -> None:
    got = answer(industry="it", revenue=OKU, start=start, today=date(2024, 5, 20))
    assert (got["coverage_start"], got["application_deadline"]) == ("2024-09-01", "2024-08-15")


def test_mid_term_join_keeps_the_annual_premium_and_says_the_agent_confirms_it() -> None:
    mid_term = answer(industry="retail", revenue=OKU, plan="A", today=date(2024, 5, 1))
    january = answer(industry="retail", revenue=OKU, plan="A", today=date(2023, 12, 1))
    assert mid_term["premium_yen"] == january["premium_yen"] == 16_740
    assert any("取扱代理店にご確認" in line for line in mid_term["messages"]["ja"])
    assert not any("取扱代理店にご確認" in line for line in january["messages"]["ja"])
    assert any("agent confirms the premium" in line for line in mid_term["messages"]["en"])
    english = " ".join(mid_term["messages"]["en"]).lower()
    assert "remaining" not in english and "pro rata" not in english and "pro-rata" not in english
    assert mid_term["answer"]["en"]["premium_note"] == (
        "The amount above is the premium for a full year. "
        "For a mid-term join, your agent confirms the premium."
    )
    assert "1年分の保険料" in mid_term["answer"]["ja"]["premium_note"]
    assert january["answer"]["ja"]["premium_note"] is None


@pytest.mark.parametrize(
    "kwargs",
    [
        {"industry": "it", "revenue": OKU, "plan": "B", "today": date(2024, 3, 10)},
        {
            "industry": "it",
            "revenue": OKU,
            "plan": "B",
            "start": "2024-02-01",
            "today": date(2024, 3, 10),
        },
        {"industry": "it", "revenue": OKU, "plan": "B", "today": date(2026, 12, 1)},
        {"industry": "it", "revenue": 150 * OKU, "today": date(2024, 3, 10)},
        {"industry": "finance", "revenue": OKU, "today": date(2024, 3, 10)},
    ],
    ids=["open", "passed start", "closed", "individual", "excluded"],
)
def test_the_answer_says_each_thing_once_and_calls_it_an_estimate(kwargs: dict) -> None:
    got = answer(**kwargs)
    for lang in ("ja", "en"):
        shown = [t for t in got["answer"][lang].values() if t]
        assert len(shown) == len(set(shown)), shown
        assert len(got["messages"][lang]) == len(set(got["messages"][lang]))
    words = json.dumps(got["answer"], ensure_ascii=False) + json.dumps(
        got["messages"], ensure_ascii=False
    )
    assert "見積" not in words
    assert "quote" not in json.dumps(got["answer"]).lower()


def test_the_answer_carries_the_contacts_for_the_next_step() -> None:
    got = answer(industry="it", revenue=OKU, plan="A", today=date(2024, 3, 10))
    agent = got["contacts"]["lead_agent"]
    assert (agent["tel"], agent["tel_href"], agent["fax"]) == (
        "03-3517-2305",
        "tel:0335172305",
        "03-3517-2309",
    )
    assert agent["postal_address"]["ja"].startswith("〒103-0023")
    assert got["contacts"]["secretariat"]["tel_href"] == "tel:0332410230"
    assert got["agents_list_url"] == "https://www.itcoop.or.jp/"
    assert got["today"] == "2024-03-10" and got["intake"] == "open"
    assert got["answer"]["ja"]["premium"] == "366,230円"


def test_messages_state_the_start_deadline_and_premium_in_both_languages() -> None:
    got = answer(industry="it", revenue="2億5千万", plan="B", today=date(2024, 5, 15))
    ja, en = "\n".join(got["messages"]["ja"]), "\n".join(got["messages"]["en"])
    for text in ("2024年6月1日午後4時", "2024年5月15日", "483,470円", "DB1", "03-3517-2305"):
        assert text in ja
    for text in ("4:00 p.m. on 1 June 2024", "15 May 2024", "¥483,470", "DB1", "03-3517-2305"):
        assert text in en


# -- to_dict -------------------------------------------------------------------------------------

REQUIRED_KEYS = {
    "policy_year", "industry", "industry_label", "category", "category_label", "revenue_yen",
    "eligible", "reason", "band", "plan", "code", "premium_yen", "liability_limit_yen",
    "response_cost_limit_yen", "plans", "extras", "coverage_start", "coverage_end",
    "application_deadline", "messages",
}  # fmt: skip


def test_to_dict_has_the_contract_keys_and_values() -> None:
    got = answer(industry="it", revenue="2億5千万", plan="B", today=date(2024, 5, 15))
    assert REQUIRED_KEYS <= set(got)
    assert got["policy_year"] == 2024
    assert got["industry_label"] == {"ja": "IT業", "en": "IT services"}
    assert got["band"] == {
        "index": 1,
        "lower_yen": 0,
        "upper_yen": 3 * OKU,
        "label": {"ja": "3億円以下", "en": "up to ¥300 million"},
    }
    assert set(got["messages"]) == {"ja", "en"}
    assert all(got["messages"][lang] for lang in ("ja", "en"))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"industry": "it", "revenue": OKU, "plan": "C"},
        {"industry": "finance", "revenue": OKU},
        {"industry": "retail", "revenue": 150 * OKU},
        {"category": "III", "revenue": 300 * OKU},
        {"industry": "it", "revenue": OKU, "today": date(2024, 12, 1)},
    ],
    ids=["eligible", "excluded", "individual", "above cap", "after deadlines"],
)
def test_to_dict_is_json_ready(kwargs: dict) -> None:
    got = answer(**kwargs)
    assert json.loads(json.dumps(got, ensure_ascii=False)) == got


# -- bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"industry": "banking", "revenue": OKU},
        {"category": "V", "revenue": OKU},
        {"industry": "it", "revenue": OKU, "plan": "D"},
        {"industry": "it", "category": "I", "revenue": OKU},
        {"revenue": OKU},
        {"industry": "it", "revenue": "abc"},
        {"industry": "it", "revenue": "-5万"},
        {"industry": "it", "revenue": OKU, "today": "2024-13-01"},
        {"industry": "it", "revenue": OKU, "start": "2025-03-01"},
    ],
    ids=[
        "unknown industry",
        "unknown category",
        "unknown plan",
        "industry in another category",
        "no industry nor category",
        "junk revenue",
        "negative revenue",
        "impossible today",
        "start outside the period",
    ],
)
def test_bad_input_raises_input_error_in_both_languages(kwargs: dict) -> None:
    kwargs.setdefault("today", TODAY)
    with pytest.raises(InputError) as caught:
        quote(RATES, **kwargs)
    assert isinstance(caught.value, ValueError)
    assert set(caught.value.messages) == {"ja", "en"}
    assert caught.value.messages["ja"] != caught.value.messages["en"]


def test_mismatched_industry_and_category_names_both() -> None:
    with pytest.raises(InputError) as caught:
        quote(RATES, industry="it", category="I", revenue=OKU, today=TODAY)
    assert "業種区分Ⅳ" in caught.value.messages["ja"] and "業種区分Ⅰ" in caught.value.messages["ja"]
    assert "Category IV" in caught.value.messages["en"]


# -- properties ----------------------------------------------------------------------------------

TOP = RATES.bands[-1].upper_yen
TABLE_REVENUES = st.integers(min_value=0, max_value=TOP)


@settings(max_examples=300, deadline=None)
@given(revenue=TABLE_REVENUES)
def test_every_revenue_up_to_the_top_band_falls_in_exactly_one_band(revenue: int) -> None:
    holding = [band.index for band in RATES.bands if band.contains(revenue)]
    assert len(holding) == 1
    assert RATES.band_for(revenue).index == holding[0]
    assert answer(industry="other", revenue=revenue)["band"]["index"] == holding[0]


@settings(max_examples=100, deadline=None)
@given(revenue=st.integers(min_value=TOP + 1, max_value=RATES.revenue_cap_yen))
def test_revenue_between_top_band_and_cap_falls_in_no_band(revenue: int) -> None:
    assert not any(band.contains(revenue) for band in RATES.bands)
    assert answer(industry="other", revenue=revenue)["reason"] == "individual_quote"


def test_the_widgets_error_names_the_field_it_belongs_under() -> None:
    """The page puts a message under the revenue field (and marks it) only when the revenue is
    what cannot be read; other errors have no field."""
    from cyberquote.browser import Widget

    widget = Widget(RATES_TEXT)
    bad_revenue = widget.answer({"industry": "it", "revenue": "12o億", "today": "2024-03-10"})
    assert bad_revenue["ok"] is False and bad_revenue["field"] == "revenue"
    assert bad_revenue["messages"]["en"] and bad_revenue["messages"]["ja"]
    bad_industry = widget.answer({"industry": "nope", "revenue": "1億", "today": "2024-03-10"})
    assert bad_industry["ok"] is False and bad_industry["field"] is None
    assert widget.answer({"industry": "it", "revenue": "1億"})["ok"] is True
