"""Turn a run's result into what the page and the DOCX report show: findings with Vietnamese
labels, each linked to its paragraph of the draft, and the draft as marked-up paragraphs."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

CLARITY_NAMES = {
    "owner": _("Rõ người"),
    "action": _("Rõ việc"),
    "deadline": _("Rõ thời gian"),
    "accountability": _("Rõ trách nhiệm"),
    "deliverable": _("Rõ sản phẩm"),
    "authority": _("Rõ thẩm quyền"),
}
VERDICTS = {"covered": _("Đã cụ thể hóa"), "partly": _("Mới nhắc đến"), "not_covered": _("Chưa có")}


@dataclass
class DraftParagraph:
    start: int
    html: str
    classes: list[str] = field(default_factory=list)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans of the draft text: lines, blank lines dropped."""
    out, pos = [], 0
    while pos <= len(text):
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        if text[pos:nl].strip():
            out.append((pos, nl))
        pos = nl + 1
    return out


class Anchors:
    """Map any offset of the draft to the id of the paragraph holding it."""

    def __init__(self, text: str):
        self.spans = paragraphs(text)
        self.starts = [a for a, _ in self.spans]

    def of(self, offset: int | None) -> str:
        if offset is None or not self.starts:
            return ""
        i = max(0, bisect_right(self.starts, offset) - 1)
        return f"p-{self.starts[i]}"


def draft_html(text: str, result: dict) -> list[DraftParagraph]:
    """The draft as paragraphs, copied passages and faulty figures highlighted."""
    marks = [
        (c["draft_offset"], c["draft_end"], "copy", _("Sao chép văn bản cấp trên"))
        for c in result.get("copied_spans", [])
    ]
    marks += [
        (f["offset"], f["end"], "figure", f["why"]) for f in result.get("figures", []) if not f["consistent"]
    ]
    marks.sort()
    flags: dict[int, set[str]] = {}
    anchors = Anchors(text)
    for t in result.get("tasks", []):
        cls = "task-vague" if t["vague"] else ("task-missing" if t["missing"] else "task-ok")
        flags.setdefault(int(anchors.of(t["offset"])[2:] or 0), set()).add(cls)
    out = []
    k = 0
    for a, b in anchors.spans:
        pieces, pos = [], a
        while k < len(marks) and marks[k][0] < b:
            s, e, kind, title = marks[k]
            s, e = max(s, pos), min(e, b)
            if s >= pos and e > s:
                pieces.append(escape(text[pos:s]))
                pieces.append(f'<mark class="{kind}" title="{escape(title)}">{escape(text[s:e])}</mark>')
                pos = e
            if marks[k][1] <= b:
                k += 1
            else:
                break
        pieces.append(escape(text[pos:b]))
        out.append(DraftParagraph(a, mark_safe("".join(pieces)), sorted(flags.get(a, ()))))
    return out


def task_rows(result: dict, anchors: Anchors) -> list[dict]:
    rows = []
    for t in result.get("tasks", []):
        rows.append(
            {
                "anchor": anchors.of(t["offset"]),
                "text": t["text"],
                "vague": t["vague"],
                "why": t["why"],
                "clarities": [
                    {"code": c, "name": CLARITY_NAMES[c], "words": t["present"].get(c)} for c in CLARITY_NAMES
                ],
                "missing": t["missing"],
            }
        )
    return rows


# What a confirmed task must have for the reviewer's verdict to be "covered" (the engine's rule).
CONFIRMED_COMPLETE = ("owner", "deadline", "deliverable")
_RANK = {"not_covered": 0, "partly": 1, "covered": 2}


def person_name(user) -> str:
    """The name shown for a reviewer: the person's full name, else the account name."""
    if user is None:
        return str(_("hệ thống"))
    person = getattr(user, "person", None)
    return person.full_name if person is not None and person.full_name else user.get_username()


def reviewer_coverage(result: dict, confirmations) -> list[dict]:
    """The reviewer's verdict on each requirement of `result["coverage"]`, in the same order.

    A requirement with active confirmations is "covered" when one confirmed task lacks none of
    owner, deadline and deliverable, else "partly"; a confirmation adds a task, it never takes
    back what the engine found, so the better of the two verdicts stands. Without confirmation
    the engine's verdict stands. `confirmations` are objects with superior_index,
    superior_offset, draft_offset and withdrawn_at (withdrawn ones are ignored here).
    """
    missing = {t["offset"]: set(t.get("missing", [])) for t in result.get("tasks", [])}
    active: dict[tuple[int, int], list] = {}
    for c in confirmations:
        if c.withdrawn_at is None:
            active.setdefault((c.superior_index, c.superior_offset), []).append(c)
    out = []
    for req in result.get("coverage", []):
        key = (req.get("superior_index", 0), req["superior_offset"])
        confirmed = active.get(key, [])
        engine = req["verdict"]
        verdict = engine
        if confirmed:
            complete = any(
                c.draft_offset in missing and not missing[c.draft_offset] & set(CONFIRMED_COMPLETE)
                for c in confirmed
            )
            by_reviewer = "covered" if complete else "partly"
            verdict = max(engine, by_reviewer, key=_RANK.__getitem__)
        out.append(
            {
                "superior_index": key[0],
                "superior_offset": key[1],
                "engine_verdict": engine,
                "verdict": verdict,
                "confirmed": bool(confirmed),
                "draft_offsets": [c.draft_offset for c in confirmed],
            }
        )
    return out


def reviewer_summary(reviewer: list[dict]) -> dict:
    """Counts after the reviewer's confirmations: requirements not covered, and confirmed ones."""
    return {
        "not_covered": sum(1 for r in reviewer if r["verdict"] == "not_covered"),
        "engine_not_covered": sum(1 for r in reviewer if r["engine_verdict"] == "not_covered"),
        "confirmed": sum(1 for r in reviewer if r["confirmed"]),
    }
