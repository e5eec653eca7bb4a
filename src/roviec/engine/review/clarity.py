"""The six clarities of one task: which of owner, action, deadline, accountability,
deliverable and authority its wording carries, and the words that carry each.

Rules (the same ones tests/fixtures/review_eval/README.md labels by):
- owner: a named body or person leads — "Giao X", "X chủ trì", or a clause that opens with a
  body ("Văn phòng Tỉnh ủy xây dựng…"); "các cấp ủy, tổ chức đảng", "các cơ quan, đơn vị" do not.
- action: a verb phrase; an item that only names a topic ("Công tác…", "Việc…", "Về…") has none.
- deadline: a date, month, quarter, year, "trong thời hạn N ngày" or a recurrence ("hằng quý").
- accountability: someone answers for it ("… chịu trách nhiệm", "trực tiếp chỉ đạo", "phụ trách").
- deliverable: a product right after a verb that makes it ("xây dựng Kế hoạch", "ban hành Quy
  chế"), "sản phẩm là …", or a counted output ("05 lớp", "100% đảng viên").
- authority: who decides or receives ("trình Ban Thường vụ", "báo cáo Thường trực", "phê duyệt").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from roviec.engine.review._text import alternation, phrases

CLARITIES = ("owner", "action", "deadline", "accountability", "deliverable", "authority")

CLARITY_LABELS = {
    "owner": "rõ người (đơn vị chủ trì)",
    "action": "rõ việc",
    "deadline": "rõ thời gian",
    "accountability": "rõ trách nhiệm",
    "deliverable": "rõ sản phẩm",
    "authority": "rõ thẩm quyền",
}

MISSING_WHY = {
    "owner": "Chưa xác định cơ quan, đơn vị chủ trì thực hiện.",
    "action": "Chưa nêu rõ việc phải làm (chỉ nêu chủ đề, lĩnh vực).",
    "deadline": "Chưa có thời hạn hoàn thành hoặc định kỳ thực hiện.",
    "accountability": "Chưa xác định người chịu trách nhiệm (người đứng đầu, lãnh đạo phụ trách).",
    "deliverable": "Chưa xác định sản phẩm đầu ra cụ thể.",
    "authority": "Chưa xác định cấp có thẩm quyền cho ý kiến, phê duyệt hoặc nhận kết quả.",
}


@dataclass(frozen=True)
class Clarities:
    present: dict[str, str | None]  # clarity -> the words that carry it, or None

    @property
    def missing(self) -> list[str]:
        return [c for c in CLARITIES if not self.present.get(c)]


_W = r"(?<!\w)"
_E = r"(?!\w)"
_BODY_WORD = r"(?:[A-ZĐÀ-Ỹ0-9][\wÀ-ỹ.]*|và|các|xã|phường|tỉnh|thôn|chi bộ|tổ dân phố|cơ sở|trực thuộc|huyện)"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    heads = alternation("org_heads")
    verbs = alternation("action_verbs") + "|" + alternation("general_verbs")
    products = alternation("deliverables")
    named_products = "|".join(re.escape(p[0].upper() + p[1:]) for p in phrases("deliverables"))
    makers = alternation("production_verbs")
    # A name runs lazily from its head word up to the verb; lowercase words are part of names
    # ("Ban Tổ chức", "Ủy ban nhân dân xã") and verbs are matched in lowercase only, so the
    # capitalised "Tổ chức" of "Ban Tổ chức" is not taken for the verb "tổ chức".
    heads = (
        rf"(?:{heads})(?!\s(?:hành(?!\schính)|chức|nghị|cáo|chống|kết|hợp|thảo|luận|viên|cứu|tế|tiếp|"
        r"dưỡng|chỉ)(?!\w))"
    )
    # a name's words; a dash joins two capitalised parts of one name ("Phòng Văn hóa - Xã hội")
    name_word = (
        r"(?:\s[\wÀ-ỹ]+|\s[-–]\s(?=[A-ZĐÀ-Ỹ])[\wÀ-ỹ]+"
        r"|,\s(?=[A-ZĐÀ-Ỹ]|xã|phường|thị trấn|ban|ngành|đoàn thể)[\wÀ-ỹ]+)"
    )
    # a recurrence between the owner and the verb: "Phòng Văn hóa - Xã hội hằng quý gửi …"
    every = r"(?:(?:hằng|hàng|định kỳ)\s(?:ngày|tuần|tháng|quý|năm)\s+)?"
    body = rf"{heads}{name_word}{{0,12}}"
    authority_body = (
        r"(?:(?i:Ban Thường vụ|Thường trực|Ban Chấp hành)|Ban Thường vụ|Thường trực|Ban Chấp hành|Tỉnh ủy|Đảng ủy|Ủy ban|Uỷ ban|UBND|Ban\s[A-ZĐÀ-Ỹ]|"  # noqa: E501
        r"Chi ủy|Bí thư|Chủ tịch|Giám đốc|Cục|Bộ|Hội đồng|cấp ủy|cấp có thẩm quyền|Thường vụ|Hiệu trưởng|"
        # a department or office of the level above: "báo cáo Sở Tư pháp", "gửi Phòng Nội vụ"
        r"(?:Sở|Phòng|Chi cục)\s(?=[A-ZĐÀ-Ỹ])"
        # an agency of the province or district named by its field: "gửi Thống kê tỉnh"
        r"|[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s[\wÀ-ỹ]+){0,2}?\s(?:tỉnh|huyện)(?!\w))"
    )
    return {
        "verb": re.compile(
            rf"{_W}(?:{verbs}){_E}(?!\s(?:đảng|cơ sở đảng|chính trị|bộ máy|xã hội|ủy|uỷ|xã|tỉnh|huyện|trên|dưới|có thẩm quyền)(?!\w))"  # noqa: E501
        ),
        "verb_start": re.compile(rf"^\W*(?:\d+[.)]\s*|[a-zđ]\)\s*)?(?:{verbs}){_E}", re.IGNORECASE),
        # "Giao Ban …", or an identifiable class of units: "Giao các chi bộ thôn …"
        "assign": re.compile(
            rf"{_W}[Gg]iao\s+(?P<o>(?:{heads}|các\s(?:chi bộ|đảng ủy|tổ|thôn|trường)(?!\w))"
            rf"{name_word}{{0,12}}?)"
            rf"(?=\s+(?:chủ trì|{verbs}){_E})"
        ),
        # "Giao Ủy ban nhân dân xã dự trữ …": a body named down to its level, then any verb
        "assign_level": re.compile(
            rf"{_W}[Gg]iao\s+(?P<o>{heads}{name_word}{{0,8}}?"
            rf"\s(?:xã|phường|thị trấn|huyện|tỉnh|thôn|trường)(?:\s[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){{0,3}})"
            rf"\s(?={every}[a-zđà-ỹ])"
        ),
        "lead": re.compile(rf"(?P<o>{body}?)\s+(?:chủ trì|làm đầu mối){_E}"),
        "lead_label": re.compile(r"(?:[Cc]ơ quan|[Đđ]ơn vị)\s+chủ trì\s*:\s*(?P<o>[^;.\n]{3,80})"),
        "subject": re.compile(
            rf"(?:^|(?<=[,;:]\s))(?:[-–+•]\s*|\d+[.)]\s*|[a-zđ]\)\s*)?"
            rf"(?P<o>(?:Các\s+|các\s+)?(?:{heads}|đảng ủy|chi bộ|sở|thủ trưởng|người đứng đầu)"
            rf"{name_word}{{0,12}}?)\s+"
            rf"(?={every}(?:chủ trì\s+|tiếp tục\s+|chịu trách nhiệm\s+)?(?:{verbs}){_E})"
        ),
        # a body whose name ends in its level, then a verb not in the lists:
        # "Ủy ban nhân dân xã khoanh vùng …", "Đoàn Thanh niên phường Lam Sơn ra quân …"
        "subject_level": re.compile(
            rf"^\W*(?:\d+[.)]\s*|[a-zđ]\)\s*)?(?P<o>{heads}{name_word}{{0,8}}?"
            rf"\s(?:xã|phường|thị trấn|huyện|tỉnh|thôn|trường)(?:\s[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){{0,3}})"
            rf"\s(?={every}[a-zđà-ỹ])"
        ),
        "generic": re.compile(rf"^(?:{alternation('generic_owners')})", re.IGNORECASE),
        "topic": re.compile(r"^\W*(?:Công tác|Việc|Về|Nhiệm vụ|Vấn đề|Lĩnh vực)\s", re.IGNORECASE),
        "deadline": re.compile(
            r"(?<!\w)(?:"
            r"(?:trước|chậm nhất|đến|trong|vào|hết)?\s?ngày\s\d{1,2}(?:/\d{1,2}(?:/\d{4})?|\stháng\s\d{1,2}(?:\snăm\s\d{4})?)"  # noqa: E501
            r"|trước ngày \d{1,2}(?:\s(?:hằng|hàng)\s(?:tháng|quý|năm))?"
            r"|(?:\d{1,2}/\d{1,2}/\d{4})"
            r"|tháng\s\d{1,2}\s?[/-]\s?\d{4}|tháng\s\d{1,2}\snăm\s\d{4}"
            r"|quý\s(?:IV|I{1,3}|[1-4])\s?(?:[/-]|năm)\s?\d{4}"
            r"|(?:6|sáu)\stháng\s(?:đầu|cuối)\snăm(?:\s\d{4})?"
            r"|(?:thời hạn|vòng)\s\d{1,3}\sngày(?:\slàm việc)?"
            r"|\d{1,3}\sngày(?:\slàm việc)?,?\s(?:kể từ|tính từ)"
            r"|(?:hằng|hàng)\s(?:tuần|tháng|quý|năm)|định kỳ(?:\s(?:6|sáu)\stháng|\s(?:hằng|hàng)\s\w+)?|mỗi\s(?:tháng|quý|năm)"  # noqa: E501
            r")(?!\w)",
            re.IGNORECASE,
        ),
        "year": re.compile(r"(?<!\w)năm\s(?P<y>20\d\d|19\d\d)(?!\s?[-–]\s?\d{4})(?![\w/-])", re.IGNORECASE),
        "year_not": re.compile(
            r"(?:giai đoạn|nhiệm kỳ|so với|tầm nhìn|định hướng|năm học|khóa|khoá|thành lập|kỷ niệm)[^,;.]{0,12}$",  # noqa: E501
            re.IGNORECASE,
        ),
        "accountability": re.compile(
            r"(?:(?:[Đđ]ồng chí|[Nn]gười đứng đầu|[Tt]hủ trưởng|[Ll]ãnh đạo)[^.;]{0,90}?)?"
            r"(?:chịu trách nhiệm(?: chính| trực tiếp)?|trực tiếp chỉ đạo|trực tiếp phụ trách|"
            r"trách nhiệm chính)"
            r"|(?:[Đđ]ồng chí|[Ll]ãnh đạo)\s[^.;,]{0,60}?\sphụ trách(?:\s\w+)?"
        ),
        "product": re.compile(
            rf"{_W}(?:{makers})(?:,?\s(?:và\s)?(?:{makers}))*\s(?:dự thảo\s|các\s|01\s|một\s|mới\s|thành\s)?(?:{products}){_E}",  # noqa: E501
            re.IGNORECASE,
        ),
        # the result goes into a named document: "kết quả tổng hợp trong Báo cáo năm",
        # "Trong Báo cáo tổng kết, Phòng Tham mưu đề xuất …" (capitalised: a document's title)
        "product_in": re.compile(
            rf"{_W}(?:[Tt]rong|[Vv]ào|[Tt]ại)\s(?:{named_products})(?:\s[\wÀ-ỹ/-]+){{1,5}}"
        ),
        # a document sent or submitted, its title capitalised: "gửi Chủ tịch … Báo cáo tiến độ"
        # (a lowercase word after it: "gửi Trạm Y tế" names a body, not a product)
        "product_sent": re.compile(
            rf"{_W}(?:gửi|trình|nộp)\s[^.;]{{0,60}}?(?<=\s)(?:{named_products})\s(?P<next>\w)"
        ),
        # the result goes into a record or an estimate: "ghi vào sổ …", "đưa vào dự toán …"
        "product_into": re.compile(
            rf"{_W}(?:ghi|đưa)(?:\s[\wÀ-ỹ]+){{0,3}}\svào\s(?:{products}){_E}", re.IGNORECASE
        ),
        "product_label": re.compile(r"(?:sản phẩm(?: đầu ra)?(?: là|:)\s?)[^;.\n]{3,80}", re.IGNORECASE),
        # a written report is the product: "báo cáo kết quả bằng văn bản"
        "product_written": re.compile(
            r"(?<!\w)(?:báo cáo|thông báo)(?:\s[\wÀ-ỹ]+){0,6}\sbằng văn bản(?!\w)", re.IGNORECASE
        ),
        "count": re.compile(
            r"(?<![\w/.,-])(?<!số )(?<!thứ )(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?\s?%?"
            # "05 lớp", or a counted title: '300 "Gia đình học tập"'
            r"\s(?!ngày|tháng|năm|quý|tuần|giờ|phút|lần thứ)"
            r"(?:(?=[a-zđà-ỹ])|[\"“](?=[A-ZĐÀ-Ỹ]))[\wÀ-ỹ]+(?:\s[\wÀ-ỹ]+)?",
        ),
        "authority": re.compile(
            rf"{_W}(?i:trình|báo cáo|gửi|xin ý kiến|tham mưu(?: cho)?|cho ý kiến|nộp)\s(?:kết quả\s)?(?:về\s|lên\s)?"  # noqa: E501
            rf"{authority_body}(?:\s(?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
            rf"[\wÀ-ỹ]*|(?:ủy|uỷ|xã|phường|tỉnh|nhân dân|chi bộ|cơ sở)(?!\w)))*"
            rf"|\(qua\s[^)]{{3,60}}\)|{_W}(?i:phê duyệt|xin ý kiến|cấp có thẩm quyền|thông qua){_E}",
        ),
    }


def _first(pattern: re.Pattern[str], text: str, group: str | int = 0) -> str | None:
    m = pattern.search(text)
    return m.group(group).strip(" ,;") if m else None


def find_owner(text: str) -> str | None:
    p = _patterns()
    for key in ("lead_label", "assign", "assign_level", "lead"):
        m = p[key].search(text)
        if m and m.group("o").strip() and not p["generic"].match(m.group("o").strip()):
            return m.group("o").strip(" ,;")
    for m in p["subject"].finditer(text):
        owner = m.group("o").strip(" ,;")
        before = text[max(0, m.start() - 20) : m.start()].lower()
        if p["generic"].match(owner) or re.search(r"(?:phối hợp|với|qua|của|trình|báo cáo|gửi)\s*$", before):
            continue
        return owner
    m = p["subject_level"].match(text)
    if m and not p["generic"].match(m.group("o")):
        return m.group("o").strip(" ,;")
    return None


def action_span(text: str, owner: str | None = None) -> tuple[int, int] | None:
    """Where the task's verb phrase starts and ends (after the owner when there is one)."""
    p = _patterns()
    if p["topic"].match(text) and not re.search(r"(?:chủ trì|phải|cần)\s", text):
        return None
    m = p["verb_start"].match(text)
    start = None
    if m:
        start = m.end() - len(m.group().lstrip(" -–+•0123456789.)abcdđ"))
        start = len(text) - len(text[start:].lstrip())
    else:
        skip = text.find(owner) + len(owner) if owner and owner in text else 0
        v = p["verb"].search(text, skip)
        if v:
            start = v.start()
    if start is None:
        return None
    end = re.search(r"[,;.:(]", text[start:])
    stop = start + (end.start() if end else len(text) - start)
    return start, min(stop, start + 80)


def find_action(text: str, owner: str | None = None) -> str | None:
    span = action_span(text, owner)
    return text[span[0] : span[1]].strip() if span else None


def find_deadline(text: str) -> str | None:
    p = _patterns()
    m = p["deadline"].search(text)
    if m:
        return m.group().strip()
    for y in p["year"].finditer(text):
        if not p["year_not"].search(text[max(0, y.start() - 30) : y.start()]):
            return y.group().strip()
    return None


def find_deliverable(text: str) -> str | None:
    p = _patterns()
    for key in (
        "product_label",
        "product",
        "product_in",
        "product_sent",
        "product_into",
        "product_written",
        "count",
    ):
        m = p[key].search(text)
        if key == "product_sent":  # a title goes on in lowercase; a body's name in capitals
            m = next((x for x in p[key].finditer(text) if x.group("next").islower()), None)
            if m:
                return text[m.start() : m.start("next")].strip()
        elif m:
            return m.group().strip()
    return None


def assess_clarities(text: str) -> Clarities:
    p = _patterns()
    owner = find_owner(text)
    return Clarities(
        present={
            "owner": owner,
            "action": find_action(text, owner),
            "deadline": find_deadline(text),
            "accountability": _first(p["accountability"], text),
            "deliverable": find_deliverable(text),
            "authority": _first(p["authority"], text),
        }
    )
