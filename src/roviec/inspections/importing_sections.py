"""Strengths, causes and members' responsibility, read from the body of a conclusion notice.

Sections are told apart by their headings ("Ưu điểm", "Hạn chế, khuyết điểm", "Nguyên
nhân khách quan / chủ quan", "Trách nhiệm"), the nearest heading deciding; a heading about
members ("Đối với đảng viên được kiểm tra") makes what follows about the member subjects,
where shortcomings are the members' responsibility. The organisations' shortcomings come
from the footnotes that pin them on units (``importing.py``), so they are not read twice.
Each bullet (or each paragraph of a section without bullets) becomes one grouped finding.
"""

import re
from dataclasses import dataclass

from roviec.core.text import fold
from roviec.engine.models import Extraction
from roviec.engine.models import Section as EngineSection
from roviec.inspections.models import Finding

_STOP = ("yeu cau", "kien nghi", "de nghi")
_BULLET_LEVEL = 9
# A member heading: "2. Đối với đảng viên được kiểm tra", "Đối với cá nhân".
_MEMBER_WORDS = ("dang vien", "ca nhan", "dong chi")
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[^\W\d_])")


@dataclass
class GeneralFindingRow:
    kind: str
    text: str
    about_members: bool = False
    role: str = ""  # responsibility only: head, deputy, or "" for every member subject
    include: bool = True

    @property
    def kind_label(self) -> str:
        return Finding.Kind(self.kind).label

    def get_role_display(self) -> str:
        return Finding.Role(self.role).label if self.role else ""


def _categories(heading: str) -> set[str]:
    folded = fold(heading)
    found = set()
    if "nguyen nhan" in folded or "khach quan" in folded or "chu quan" in folded:
        if "khach quan" in folded:
            found.add(Finding.Kind.CAUSE_OBJECTIVE)
        if "chu quan" in folded:
            found.add(Finding.Kind.CAUSE_SUBJECTIVE)
        return found or {"cause"}
    if "trach nhiem" in folded and len(folded) < 80:
        found.add(Finding.Kind.RESPONSIBILITY)
    if "han che" in folded or "khuyet diem" in folded or "ton tai" in folded:
        found.add(Finding.Kind.SHORTCOMING)
    if "uu diem" in folded or "ket qua dat duoc" in folded:
        found.add(Finding.Kind.STRENGTH)
    return found


def _is_stop(heading: str) -> bool:
    folded = fold(heading)
    return any(word in folded for word in _STOP)


def _is_member_heading(heading: str) -> bool:
    folded = fold(heading)
    return "doi voi" in folded and any(word in folded for word in _MEMBER_WORDS)


def _paragraphs(extraction: Extraction, start: int, end: int, clean) -> list[str]:
    texts = []
    for m in re.finditer(r"\S.*?(?=\n[ \t]*\n|\Z)", extraction.text[start:end], re.DOTALL):
        text = clean(extraction, start + m.start(), start + m.end())
        text = re.sub(r"^[-–+•]\s*", "", text).strip(" *")
        if len(text) > 20:
            texts.append(text)
    return texts


def _own_start(extraction: Extraction, section: EngineSection, limit: int) -> int:
    """Where a section's own text begins: after its heading line (or the glued "**")."""
    text = extraction.text
    ends = [
        p for p in (text.find("\n", section.offset, limit), text.find("**", section.offset, limit)) if p > 0
    ]
    return min(ends) if ends else limit


def _responsibility(text: str) -> list[tuple[str, str]]:
    """Sentences grouped by whom they name: (role, text); heads, deputies, or every member."""
    groups: list[tuple[str, list[str]]] = []
    for sentence in _SENTENCE.split(text):
        folded = fold(sentence)
        role = ""
        if "pho bi thu" in folded or "cap pho" in folded:
            role = Finding.Role.DEPUTY
        elif "bi thu" in folded or "nguoi dung dau" in folded:
            role = Finding.Role.HEAD
        if groups and groups[-1][0] == role:
            groups[-1][1].append(sentence)
        else:
            groups.append((role, [sentence]))
    return [(role, " ".join(sentences)) for role, sentences in groups]


def general_findings(extraction: Extraction, clean) -> tuple[list[GeneralFindingRow], list[str]]:
    """Grouped findings of the body and warnings; ``clean(extraction, start, end)`` strips footnotes."""
    rows: list[GeneralFindingRow] = []
    warnings: list[str] = []

    def emit(kind: str | None, members: bool, text: str) -> None:
        if kind is None:
            return
        if kind == "cause":
            kind = Finding.Kind.CAUSE_SUBJECTIVE
            message = "Mục “Nguyên nhân” không tách khách quan, chủ quan: đã ghi là nguyên nhân chủ quan."
            if message not in warnings:
                warnings.append(message)
        if members and kind in (Finding.Kind.SHORTCOMING, Finding.Kind.RESPONSIBILITY):
            for role, part in _responsibility(text):
                rows.append(GeneralFindingRow(Finding.Kind.RESPONSIBILITY, part, True, role))
        elif kind in (Finding.Kind.STRENGTH, Finding.Kind.CAUSE_OBJECTIVE, Finding.Kind.CAUSE_SUBJECTIVE):
            rows.append(GeneralFindingRow(kind, text, members))
        elif kind == Finding.Kind.RESPONSIBILITY:
            rows.append(GeneralFindingRow(kind, text, members))

    def walk(section: EngineSection, end: int, inherited: str | None, members: bool) -> None:
        if _is_stop(section.heading):
            return
        categories = _categories(section.heading)
        kind = inherited
        if len(categories) == 1:
            kind = next(iter(categories))
        elif len(categories) > 1:
            kind = None  # a heading naming several parts only groups them
        members = members or _is_member_heading(section.heading)
        children = list(section.children)
        first = children[0].offset if children else end
        for text in _paragraphs(extraction, _own_start(extraction, section, first), first, clean):
            emit(kind, members, text)
        for index, child in enumerate(children):
            child_end = children[index + 1].offset if index + 1 < len(children) else end
            if child.level == _BULLET_LEVEL:
                text = re.sub(r"^[-–+•]\s*", "", clean(extraction, child.offset, child_end)).strip(" *")
                if text:
                    emit(kind, members, text)
            else:
                walk(child, child_end, kind, members)

    tops = list(extraction.sections)
    for index, top in enumerate(tops):
        if _is_stop(top.heading):
            break
        end = tops[index + 1].offset if index + 1 < len(tops) else len(extraction.text)
        walk(top, end, None, False)
    return rows, warnings
