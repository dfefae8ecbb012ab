"""The quote's sentences in both languages, kept apart from the rules that choose them.

Placeholders are filled by ``say`` with values already written in the sentence's language.
"""

from __future__ import annotations

SENTENCES: dict[str, dict[str, str]] = {
    "excluded": {
        "ja": "{industry}の事業者さまは、この保険の加入対象外です。",
        "en": "Businesses in {industry} are not eligible for this insurance.",
    },
    "above_cap": {
        "ja": "売上高{revenue}は加入条件（売上高{cap}以下）を超えるため、この保険には加入できません。",
        "en": "An annual revenue of {revenue} is above the limit for joining ({cap} or less), so this insurance is not available.",
    },
    "ask_secretariat": {
        "ja": "ご不明な点は{secretariat}（TEL {secretariat_tel}）までお問い合わせください。",
        "en": "For questions, contact the {secretariat} (tel. {secretariat_tel}).",
    },
    "individual_quote": {
        "ja": "{category}。売上高{revenue}は保険料表（{top}まで）の範囲外のため、個別にお見積りします。"
        "幹事取扱代理店 {agent}（TEL {agent_tel}）にご相談ください。",
        "en": "{category}. An annual revenue of {revenue} is above the premium tables (up to {top}), so the premium is quoted individually. "
        "Please contact the lead agent, {agent} (tel. {agent_tel}).",
    },
    "band": {
        "ja": "{category}。売上高{revenue}は「{band}」の区分です。",
        "en": "{category}. An annual revenue of {revenue} falls in the band {band}.",
    },
    "chosen_plan": {
        "ja": "プラン{plan}（{code}）の年間保険料は{premium}です（賠償責任{liability}、事故対応費用{response}）。",
        "en": "Plan {plan} ({code}): annual premium {premium} (liability {liability}, incident response costs {response}).",
    },
    "wished_start_passed": {
        "ja": "{start}開始の申込締切（{deadline}）は過ぎています。",
        "en": "The deadline for a start on {start} ({deadline}) has passed.",
    },
    "period_closed": {
        "ja": "{year}年度の申込締切はすべて過ぎています。次年度のご加入は{secretariat}（TEL {secretariat_tel}）にお問い合わせください。",
        "en": "All application deadlines of the {year} policy year have passed. For the next year, contact the {secretariat} (tel. {secretariat_tel}).",
    },
    "cover": {
        "ja": "補償期間は{begin}から{end}まで。加入依頼書は{deadline}までに幹事取扱代理店 {agent}へ必着です。",
        "en": "Cover runs from {begin} to {end}. The application form must reach the lead agent, {agent}, by {deadline}.",
    },
    "midterm_premium": {
        "ja": "保険期間の途中からのご加入の保険料は、取扱代理店にご確認ください。",
        "en": "For a mid-term join, your agent confirms the premium for the remaining months.",
    },
    "next_step": {
        "ja": "お手続き: {how_to_apply}幹事取扱代理店 {agent}（TEL {agent_tel}、{agent_hours}）",
        "en": "Next step: {how_to_apply} Lead agent: {agent}, tel. {agent_tel} ({agent_hours}).",
    },
}


def say(key: str, lang: str, **values: object) -> str:
    """One sentence in ``lang`` (Japanese unless "en")."""
    return SENTENCES[key]["en" if lang == "en" else "ja"].format(**values)
