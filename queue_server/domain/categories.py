"""Out-of-turn categories of the company's service standard (codes are contract)."""

PREFERENTIAL_CATEGORIES = {
    "wwii_veteran": "Участник ВОВ",
    "disabled_1_2": "Инвалид I или II группы",
    "parent_under_3": "Родитель с ребёнком до 3 лет",
    "social_worker": "Социальный работник",
}


def category_title(code: str | None) -> str | None:
    return PREFERENTIAL_CATEGORIES.get(code) if code else None
