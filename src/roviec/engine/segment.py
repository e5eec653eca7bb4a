"""Stage 2: the parts of a document — type name and title, issuer, signature, recipients, sections.

Works on the analysis text's paragraphs (one per line). Layout follows Hướng dẫn 36-HD/VPTW:
national and issuer headers, type name in capitals with the trích yếu under it, body,
"Nơi nhận" list and the signature block (T/M, K/T, T/L, TUQ + title + name).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from roviec.engine.layout import MARKER
from roviec.engine.models import Section, Signature
from roviec.engine.normalise import Normalised
from roviec.engine.orgnames import restore_case, scan_org
from roviec.engine.reference import ReferenceData, load_reference

_AUTHORITY = re.compile(
    r"^(?P<a>T/M|TM\.?|K/T|KT\.?|T/L|TL\.?|T\.L\.?|TUQ\.?|T/UQ|T\.UQ\.?)\s+(?P<body>\S.*)$"
)
# Party documents write "T/M", "K/T" (Hướng dẫn 36-HD/VPTW); State documents "TM.", "KT."
# (Nghị định 30/2020/NĐ-CP): each keeps its own form.
_CANONICAL_AUTHORITY = {"T/M": "T/M", "TM": "TM.", "K/T": "K/T", "KT": "KT.", "T/L": "T/L", "TL": "TL."}
_ON_BEHALF = ("T/M", "TM.")
_RECIPIENTS = re.compile(r"^(?:Nơi nhận|NƠI NHẬN)\s*:?\s*(?P<rest>.*)$")
_ITEM = re.compile(r"^[-–+•·▪]\s*")
_NATIONAL = re.compile(
    r"^(?:ĐẢNG CỘNG SẢN VIỆT NAM|CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    r"|Độc lập\s*-\s*Tự do\s*-\s*Hạnh phúc)",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*\S", re.IGNORECASE)
_PLACE_DATE = re.compile(r",\s*ngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}")
_TITLE_WORDS = frozenset(
    {
        "BÍ",
        "PHÓ",
        "CHỦ",
        "TRƯỞNG",
        "CHÁNH",
        "GIÁM",
        "ỦY",
        "UỶ",
        "THƯỜNG",
        "TỔNG",
        "THỦ",
        "BỘ",
        "CỤC",
        "VỤ",
        "Q.",
    }
)
_NAME = re.compile(r"^(?:[A-ZÀ-ỸĐ][\wÀ-ỹ]*\.?\s){1,5}[A-ZÀ-ỸĐ][\wÀ-ỹ]*$")


@dataclass(frozen=True)
class Parts:
    doc_type: str | None
    title: str | None
    issuer: str | None
    signature: Signature | None
    recipients: tuple[str, ...]
    sections: tuple[Section, ...]
    document_date: tuple[int, int, int] | None


def _is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _sentence_case(text: str) -> str:
    text = " ".join(text.split())
    return text[:1].upper() + text[1:].lower() if text else text


def _fold(text: str) -> str:
    return " ".join(text.split())


def _heading(
    paras: list[str], reference: ReferenceData
) -> tuple[str | None, str | None, str | None, int, tuple | None]:
    """Type name, issuer (from "… CỦA X"), title, the paragraph index after the title, the date."""
    words = sorted((w.written for w in reference.type_words), key=len, reverse=True)
    found_date = None
    for i, para in enumerate(paras[:25]):
        m = _PLACE_DATE.search(para)
        if m and found_date is None:
            d = re.findall(r"\d+", m.group())
            found_date = (int(d[2]), int(d[1]), int(d[0]))
        if not _is_caps(para) or _NATIONAL.match(para):
            continue
        upper = para.upper()
        type_word = next(
            (
                w
                for w in words
                if upper.startswith(w.upper()) and (len(upper) == len(w) or not upper[len(w)].isalpha())
            ),
            None,
        )
        if type_word is None:
            continue
        heading = para
        j = i + 1
        while (
            j < len(paras)
            and _is_caps(paras[j])
            and not _AUTHORITY.match(paras[j])
            and not MARKER.match(paras[j])
        ):
            heading += " " + paras[j]
            j += 1
        heading = _fold(heading)
        type_part, issuer = heading, None
        of = re.search(r"\bCỦA\b", heading)
        if of:
            type_part, issuer = heading[: of.start()].strip(), restore_case(heading[of.end() :].strip())
        rest = type_part[len(type_word) :].strip()
        title = None
        doc_type = _sentence_case(type_part) if rest and rest.upper() in {w.upper() for w in words} else None
        if doc_type is None and re.match(r"KẾT LUẬN (?:GIÁM SÁT|KIỂM TRA)$", rest.upper()):
            # "THÔNG BÁO / KẾT LUẬN GIÁM SÁT CỦA …": a conclusion notice; the trích yếu follows
            doc_type = _sentence_case(f"{type_word} kết luận")
        if doc_type is None:
            doc_type = _sentence_case(type_word)
            if rest:
                title = _sentence_case(rest)
        if title is None and j < len(paras):
            candidate = paras[j]
            if (
                not MARKER.match(candidate)
                and not _is_caps(candidate)
                and (candidate[:1].islower() or candidate.lower().startswith("v/v") or len(candidate) < 400)
                and not re.match(r"^(?:Căn cứ|Thực hiện|Ngày|Trong|Kính gửi)\b", candidate)
            ):
                title = _fold(candidate)
                j += 1
        return doc_type, issuer, title, j, found_date
    return None, None, None, 0, found_date


def _authority_line(m: re.Match[str]) -> str:
    written = m.group("a")
    authority = _CANONICAL_AUTHORITY.get(written.rstrip("."), written.rstrip(".").replace(".", "/"))
    body = m.group("body")
    return f"{authority} {restore_case(body) if _is_caps(body) else body}"


def _signature(paras: list[str]) -> Signature | None:
    for i in range(len(paras) - 1, max(-1, len(paras) - 40), -1):
        m = _AUTHORITY.match(paras[i])
        if not m:
            continue
        on_behalf = _authority_line(m)
        signing_for = None
        above = _AUTHORITY.match(paras[i - 1]) if i > 0 else None
        if above is not None and _authority_line(above).startswith(_ON_BEHALF):
            # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": the body signs, its deputy
            # signs for the chair
            on_behalf, signing_for = _authority_line(above), on_behalf
        title = name = None
        for para in paras[i + 1 : i + 8]:
            if para.startswith("(") or _RECIPIENTS.match(para) or _ITEM.match(para):
                continue
            first = para.split()[0].upper()
            if title is None and name is None and _is_caps(para) and len(para) < 80 and first in _TITLE_WORDS:
                title = restore_case(para)
                continue
            if _NAME.match(para) or (_is_caps(para) and _NAME.match(para.title())):
                name = para if not _is_caps(para) else para.title()
                break
        return Signature(on_behalf, title, name, signing_for=signing_for)
    return None


def _recipients(paras: list[str]) -> tuple[str, ...]:
    for i in range(len(paras) - 1, -1, -1):
        m = _RECIPIENTS.match(paras[i])
        if not m:
            continue
        items = []
        rest = m.group("rest").strip()
        lines = ([rest] if rest else []) + paras[i + 1 :]
        for para in lines:
            if not _ITEM.match(para):
                if items:
                    break
                continue
            item = _fold(_ITEM.sub("", para, count=1)).rstrip(",.;").strip()
            if item:
                items.append(item)
        return tuple(items)
    return ()


_STAR = re.compile(r"^\s*\*+\s*$")
_PLACE_LINE = re.compile(r"^(?:TỈNH|XÃ|PHƯỜNG|HUYỆN|THÀNH PHỐ|THỊ XÃ|THỊ TRẤN|ĐẶC KHU)\s")
_PLACE_NAME = re.compile(
    r"(?<![\wÀ-ỹ])(?P<level>xã|phường|tỉnh|huyện|thị xã|thành phố|thị trấn|đặc khu|Tỉnh ủy|Thành ủy|Huyện ủy)"
    r"\s+(?P<name>(?!ủy(?![\wÀ-ỹ]))[^\W\d_][\wÀ-ỹ\s]*)$"
)


def _with_place(name: str) -> str:
    """restore_case leaves place names in lower case: "xã tiên du" → "xã Tiên Du"."""
    m = _PLACE_NAME.search(name)
    if not m:
        return name
    return name[: m.start("name")] + " ".join(w[:1].upper() + w[1:] for w in m.group("name").split())


def _header_issuer(paras: list[str]) -> str | None:
    """The issuing body named in the header block: the line above "*" in the Party layout
    ("ĐẢNG ỦY XÃ TIÊN DU" / "*" / "Số 15-NQ/ĐU"), the lines above "Số:" in the State layout
    ("ỦY BAN NHÂN DÂN" / "TỈNH HƯNG YÊN" / "Số: 215/KH-UBND")."""
    head = paras[:12]
    for i, para in enumerate(head):
        if _STAR.match(para):
            if i > 0 and _is_caps(head[i - 1]) and not _NATIONAL.match(head[i - 1]):
                return _with_place(restore_case(_fold(head[i - 1])))
            return None
    for i, para in enumerate(head):
        if _NUMBER_LINE.match(para):
            lines = []
            k = i - 1
            while k >= 0 and _is_caps(head[k]) and not _NATIONAL.match(head[k]) and len(lines) < 2:
                lines.insert(0, head[k])
                k -= 1
            if not lines:
                return None
            if len(lines) == 2 and not _PLACE_LINE.match(lines[1]):
                lines = lines[1:]  # "UBND TỈNH HƯNG YÊN" / "SỞ TÀI CHÍNH": the body is the lower line
            return _with_place(restore_case(_fold(" ".join(lines))))
        if MARKER.match(para) or len(para) > 160:
            return None
    return None


def _expand_issuer(text: str, body: str) -> str:
    """The fullest name the text gives for a body named short in the signature ("Đảng ủy")."""
    variants = {body, body.replace("ủy", "uỷ")}
    counts: Counter[str] = Counter()
    for variant in variants:
        pos = text.find(variant)
        while pos >= 0:
            after = pos + len(variant)
            bounded = (pos == 0 or not text[pos - 1].isalnum()) and (
                after >= len(text) or not text[after].isalnum()
            )
            if bounded:
                end = scan_org(text, pos, min(len(text), pos + 300))
                if end is not None and end > after:
                    counts[text[pos:end].replace("uỷ", "ủy")] += 1
            pos = text.find(variant, after)
    if not counts:
        return body
    return counts.most_common(1)[0][0]


def heading_level(marker: str) -> int:
    """Depth of a heading marker: Phần/Chương 0, I. 1, 1. 2, 1.1. 3 …, a) 7, (1) 8, bullets 9."""
    if re.match(r"(?:Phần|PHẦN|Chương|CHƯƠNG)", marker):
        return 0
    if re.match(r"[IVXLC]+\s*[.\-–)]", marker):
        return 1
    m = re.match(r"\d{1,2}((?:\.\d{1,2})*)", marker)
    if m:
        return 2 + m.group(1).count(".")
    if re.match(r"[a-zđ]\s*\)", marker):
        return 7
    if marker.startswith("("):
        return 8
    return 9


def _sections(norm: Normalised) -> tuple[Section, ...]:
    roots: list[dict] = []
    stack: list[dict] = []
    for start, end in norm.paragraphs():
        if start >= norm.body_area:
            break
        para = norm.text[start:end]
        m = MARKER.match(para)
        if not m:
            continue
        marker = m.group().strip()
        if marker[-1:].isalnum() and not re.match(r"(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC|Điều|ĐIỀU)", marker):
            marker = marker[:1]  # a bullet: the marker is its first character
        level = heading_level(marker)
        heading = para if len(para) <= 160 else para[:160].rsplit(" ", 1)[0] + " …"
        node = {
            "offset": norm.span(start, end)[0],
            "marker": marker,
            "level": level,
            "heading": heading,
            "children": [],
        }
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(node)
        stack.append(node)

    def freeze(node: dict) -> Section:
        return Section(
            node["offset"],
            node["marker"],
            node["level"],
            node["heading"],
            tuple(freeze(c) for c in node["children"]),
        )

    return tuple(freeze(n) for n in roots)


def segment(norm: Normalised, *, reference: ReferenceData | None = None) -> Parts:
    reference = reference or load_reference()
    main = norm.text[: norm.body_area]
    paras = [p for p in main.split("\n") if p.strip()]
    doc_type, issuer, title, _after, found_date = _heading(paras, reference)
    signature = _signature(paras)
    if issuer is None:
        issuer = _header_issuer(paras)
    if issuer is None and signature and signature.on_behalf and signature.on_behalf.startswith(_ON_BEHALF):
        issuer = _expand_issuer(main, signature.on_behalf.split(" ", 1)[1])
    return Parts(
        doc_type=doc_type,
        title=title,
        issuer=issuer,
        signature=signature,
        recipients=_recipients(paras),
        sections=_sections(norm),
        document_date=found_date,
    )
