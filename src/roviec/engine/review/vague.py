"""Vague wording: a task whose action is only a general verb phrase ("tăng cường", "nâng cao",
"đẩy mạnh", "tiếp tục", …) with no number, date or product; a target with no number
("chưa lượng hóa"). Each flag explains itself in one Vietnamese sentence."""

from __future__ import annotations

import re
from functools import lru_cache

from roviec.engine.review._text import alternation, clip
from roviec.engine.review.clarity import Clarities


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    general = alternation("general_verbs")
    return {
        "general": re.compile(rf"^(?:[-–+•]\s*|\d+[.)]\s*|[a-zđ]\)\s*)?(?:{general})(?!\w)", re.IGNORECASE),
        "general_any": re.compile(rf"(?<!\w)(?:{general})(?!\w)", re.IGNORECASE),
        "target": re.compile(r"(?<!\w)(?:chỉ tiêu|tỷ lệ|tỉ lệ|mục tiêu|phấn đấu)(?!\w)", re.IGNORECASE),
        "quantity": re.compile(r"\d+(?:[.,]\d+)*\s?%|(?<![\w/])\d+(?![\w/])(?!\s?[-–]\s?\d)"),
        "year_only": re.compile(r"^(?:19|20)\d\d$"),
        "dated": re.compile(
            r"\d{1,2}/\d{1,2}|tháng\s\d{1,2}\s?[/-]|quý\s[IV1-4]+\s?[/-]|(?:thời hạn|vòng)\s\d+\sngày"
            r"|(?:trước|trong|đến|hết|cuối|vào)\s(?:ngày|tháng|quý|năm)\s\d",
            re.IGNORECASE,
        ),
    }


def _numbers(text: str) -> list[str]:
    p = _patterns()
    return [m.group() for m in p["quantity"].finditer(text) if not p["year_only"].match(m.group().strip())]


def vague_reasons(text: str, clarities: Clarities) -> list[str]:
    """Why the task's wording is vague (empty when it is not)."""
    p = _patterns()
    why: list[str] = []
    action = clarities.present.get("action") or ""
    rest = action or text
    general = p["general"].match(action.strip()) or p["general"].match(text.strip())
    measurable = _numbers(text) or p["dated"].search(text) or clarities.present.get("deliverable")
    if general and not measurable:
        phrase = clip(rest.strip() or text, 60)
        why.append(
            f"Nhiệm vụ chỉ nêu chung chung “{phrase}” mà không có chỉ tiêu, số lượng, thời hạn hay sản phẩm cụ thể."  # noqa: E501
        )
    target = p["target"].search(text)
    if target and not _numbers(text):
        why.append(
            f"Chỉ tiêu chưa được lượng hóa: nêu “{target.group().lower()}” nhưng không có con số cụ thể để đo lường."  # noqa: E501
        )
    return why
