"""The parts of one task: subject (lead, co-subjects), coordinators, deadline, recurrence,
deliverable, action and the words carrying each clarity.

Every function takes the analysis text, its key copy (vocab.key) and a span [s, e), and
reads only inside the span, so the whole stage stays linear in the document length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from roviec.engine.calendar import WorkCalendar
from roviec.engine.deadlines import _EXPRESSIONS, _LEAD, _NOT_AFTER, _resolve
from roviec.engine.taskfind.units import UnitFinder, UnitSpan
from roviec.engine.taskfind.vocab import Vocabulary

_OPENER = re.compile(r"(?P<w>giao cho|giao|đề nghị|yêu cầu|đối với)\s+")
_PREDICATE_GAP = re.compile(r"[\s,]*(?:\([^()\n]{0,120}\)[\s,]*)?")
_AFTER_SUBJECT_HANDOFF = re.compile(r"(?:giao cho|giao|đề nghị|yêu cầu)\s+")
_COORDINATE = re.compile(r"(?<![\wÀ-ỹ])phối hợp(?: chặt chẽ)?(?: với)?\s+")
_ADVERBIAL = re.compile(r"(?:định kỳ|hằng|hàng|mỗi|trong|trước|chậm nhất|đến)\s")
_ADVERBIAL_END = re.compile(r"(?:\([^()\n]{0,120}\))?,\s+")
_LEADER_INSIDE = re.compile(r"(?<![\wÀ-ỹ])(?:giao cho|giao|do)\s+")


@dataclass(frozen=True)
class Subject:
    units: tuple[UnitSpan, ...]
    kind: str  # "assign" (Giao X), "request" (Đề nghị X), "regarding" (Đối với X), "subject"
    end: int  # where the predicate starts


def subject_at(text: str, tkey: str, s: int, e: int, finder: UnitFinder) -> Subject | None:
    """The unit(s) a task sentence opens with, if the sentence names who does it."""
    m = _OPENER.match(tkey, s, e)
    if m:
        word = m.group("w")
        free = word == "đối với"
        units, end = finder.unit_list(text, tkey, m.end(), e, free=free)
        if not units:
            return None
        kind = {"đối với": "regarding", "đề nghị": "request", "yêu cầu": "request"}.get(word, "assign")
        return Subject(tuple(units), kind, end)
    units, end = finder.unit_list(text, tkey, s, e)
    if not units:
        # "Định kỳ hằng tháng trong mùa mưa bão (…), Phòng Kinh tế tổng hợp …": a time or
        # recurrence phrase up front, then the subject after the comma
        lead_in = _ADVERBIAL.match(tkey, s, e)
        if not lead_in:
            return None
        comma = _ADVERBIAL_END.search(text, lead_in.end(), min(e, s + 160))
        if not comma:
            return None
        units, end = finder.unit_list(text, tkey, comma.end(), e)
        if not units:
            return None
    gap = _PREDICATE_GAP.match(text, end, e)
    after = gap.end() if gap else end
    handoff = _AFTER_SUBJECT_HANDOFF.match(tkey, after, e)
    if handoff:  # "Ban Thường vụ Tỉnh ủy giao Ban Tổ chức chủ trì …": the lead is the second body
        inner, inner_end = finder.unit_list(text, tkey, handoff.end(), e)
        if inner:
            return Subject(tuple(inner), "assign", inner_end)
    if finder.vocab.verbs_re.match(tkey, after):
        return Subject(tuple(units), "subject", after)
    return None


def leader_inside(text: str, tkey: str, s: int, e: int, finder: UnitFinder) -> Subject | None:
    """'… giao X chủ trì …', '… do X chủ trì': a lead named inside the sentence."""
    for m in _LEADER_INSIDE.finditer(tkey, s, e):
        units, end = finder.unit_list(text, tkey, m.end(), e)
        if units and (units[0].unit or units[0].group or not units[0].generic):
            return Subject(tuple(units), "assign", end)
    return None


def coordinators(text: str, tkey: str, s: int, e: int, finder: UnitFinder) -> list[UnitSpan]:
    out: list[UnitSpan] = []
    for m in _COORDINATE.finditer(tkey, s, e):
        units, _end = finder.unit_list(text, tkey, m.end(), e)
        out.extend(units)
    return out


# ------------------------------------------------------------------ time

_TIME_LEADS = (
    "trước",
    "chậm nhất",
    "không muộn hơn",
    "hạn chót",
    "hạn cuối",
    "trong",
    "vào",
    "cuối",
    "hết",
    "đến hết",
)
_PAST = re.compile(r"(?<![\wÀ-ỹ])(?:đã|vừa qua|trước đây)(?![\wÀ-ỹ])")
_RECURRENCE = re.compile(
    r"(?<![\wÀ-ỹ])(?:(?:định kỳ )?(?:hằng|hàng|mỗi) (?P<u>tháng|quý|năm|6 tháng|sáu tháng)"
    r"|(?:định kỳ )?(?P<h>6|sáu) tháng (?:một|1) lần|định kỳ (?P<h2>6|sáu) tháng(?! (?:đầu|cuối)))(?![\wÀ-ỹ])"
)
_PROGRAMME_YEAR = re.compile(r"toàn khóa(?: và|,)\s$")


@dataclass(frozen=True)
class When:
    due: date | None
    start: int
    end: int


def when_in_cell(text: str, s: int, e: int, document_date: date | None, cal: WorkCalendar) -> When | None:
    """The end date a table cell gives ("Quý III/2026", "Trước ngày 31/12/2027")."""
    best = None
    for m in _EXPRESSIONS.finditer(text, s, e):
        if m.start() > s and text[m.start() - 1].isalnum():
            continue
        lead_match = _LEAD.search(text, max(0, s - 1, m.start() - 24), m.start())
        lead = lead_match.group("lead").lower() if lead_match else ""
        _kind, due, _begin = _resolve(m, lead, document_date, cal)
        if due and (best is None or due > best.due):
            best = When(due, max(s, lead_match.start("lead")) if lead_match else m.start(), m.end())
    return best


def when_in_sentence(
    text: str, tkey: str, s: int, e: int, document_date: date | None, cal: WorkCalendar
) -> When | None:
    """A deadline the deadlines stage did not report: a time expression led by 'trước/trong/…'."""
    best = None
    for m in _EXPRESSIONS.finditer(text, s, e):
        if m.start() > s and text[m.start() - 1].isalnum():
            continue
        lead_match = _LEAD.search(text, max(0, s - 1, m.start() - 24), m.start())
        lead = lead_match.group("lead").lower() if lead_match else ""
        if lead not in _TIME_LEADS and not lead.startswith("chậm nhất"):
            continue
        start = lead_match.start("lead")
        if _NOT_AFTER.search(text[max(s, start - 25) : start]):
            continue
        clause_start = max(tkey.rfind(",", s, start), tkey.rfind(";", s, start), s)
        if _PAST.search(tkey, clause_start, start):
            continue
        if m.group("n") and not m.group("from") and not m.group("wd"):
            continue
        _kind, due, _begin = _resolve(m, lead, document_date, cal)
        if due and (best is None or due > best.due):
            best = When(due, start, m.end())
    return best


def recurrence(tkey: str, s: int, e: int) -> tuple[str | None, tuple[int, int] | None]:
    for m in _RECURRENCE.finditer(tkey, s, e):
        if _PROGRAMME_YEAR.search(tkey[max(s, m.start() - 20) : m.start()]):
            continue  # "chương trình kiểm tra, giám sát toàn khóa và hằng năm": a programme's name
        unit = "6 tháng" if (m.group("h") or m.group("h2")) else m.group("u")
        kind = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly", "6 tháng": "half_yearly",
                "sáu tháng": "half_yearly"}[unit]
        return kind, (m.start(), m.end())
    return None, None


# ------------------------------------------------------------------ deliverable

_EXPLICIT_PRODUCT = re.compile(r"(?<![\wÀ-ỹ])sản phẩm(?: đầu ra)?(?: là|:)\s*")
_PRODUCT_STOP = re.compile(
    r"\s*[;.:()\[\]]|\s(?:với|gửi|trình|cho|tới|lên|trước|trong|chậm nhất|hoàn thành|để|nhằm"
    r"|bảo đảm|đảm bảo|và báo cáo|và gửi|và tổ chức|phù hợp|từ|vào|tại|đưa vào|kèm theo|hằng|định kỳ"
    r"|mỗi|báo cáo|xin)(?![\wÀ-ỹ])"
    r"|\s(?:về|theo)\s"
    r"|,\s"
)
_ABOUT_ENDS = re.compile(r"các |quy định|hướng dẫn|kế hoạch|chức năng|đúng")
_TIME_WORD = re.compile(r"(?:năm|tháng|quý|ngày)\s|\d")
_CITED_AFTER = re.compile(r"\s*(?:số\s|này(?![\wÀ-ỹ])|[0-9])")
_NOT_REPORT_VERB_BEFORE = re.compile(r"(?:theo|các|những|của|tại|qua)\s$")
_MAX_PRODUCT_WORDS = 16
# verbs that, after a comma, start the next clause rather than share the product's object
_CLAUSE_OPENER = re.compile(
    r"(?:hoàn thành|hoàn tất|báo cáo|gửi|trình|nộp|tổ chức|triển khai|ban hành|xây dựng|thực hiện"
    r"|tổng hợp|chỉ đạo|theo dõi|đôn đốc|phát hành|in ấn|bảo đảm|đảm bảo|đưa|phát sóng|công bố"
    r"|hướng dẫn|kiểm tra|tham mưu|đề xuất|phối hợp|chủ trì|lấy ý kiến|định kỳ|hằng|hàng)(?![\wÀ-ỹ])"
)
# "đưa phần mềm … vào sử dụng": the thing put into use is the product
_PUT_INTO_USE = re.compile(
    r"(?<![\wÀ-ỹ])đưa\s+(?P<obj>[^;.\n]{3,160}?)\s+vào\s+(?:sử dụng|vận hành|khai thác|hoạt động)(?![\wÀ-ỹ])"
)


def _product_end(text: str, tkey: str, start: int, noun_end: int, e: int, finder: UnitFinder) -> int:
    pos = noun_end
    if (
        tkey.startswith(" ", pos)
        and finder.unit_at(text, tkey, pos + 1, e) is not None
        and (tkey[start:noun_end] == "báo cáo")
    ):
        return noun_end  # "báo cáo Ban Thường vụ Tỉnh ủy": the product is just a report
    quote = re.match(r'\s*[“"][^”"\n]{1,200}[”"]', text[pos:e])
    if quote:
        return pos + quote.end()
    end = e
    for stop in _PRODUCT_STOP.finditer(tkey, pos, e):
        nxt = stop.end()
        if stop.start() == pos and tkey[pos:nxt].strip() == "báo cáo":
            continue  # "dự thảo báo cáo chính trị": one product
        if tkey[stop.start() + 1 : nxt].strip() in ("về", "theo"):
            # "gửi về Ban …", "theo quy định" end the product; "quy định về đánh giá …" does not
            if _ABOUT_ENDS.match(tkey, nxt) or finder.unit_at(text, tkey, nxt, e) is not None:
                end = stop.start()
                break
            continue
        if stop.start() == noun_end and tkey[stop.start() + 1 : nxt] in ("bảo đảm", "đảm bảo"):
            continue  # "phương án bảo đảm an ninh, trật tự": the product's name
        if tkey[stop.start()] == ",":
            if (
                finder.vocab.verbs_re.match(tkey, nxt)
                and not _CLAUSE_OPENER.match(tkey, nxt)
                and len(tkey[noun_end : stop.start()].split()) <= 3
            ):
                continue  # "quy chế quản lý, vận hành hệ thống …": verbs sharing one object
            if (
                finder.vocab.verbs_re.match(tkey, nxt)
                or _TIME_WORD.match(tkey, nxt)
                or finder.unit_at(text, tkey, nxt, e) is not None
            ):
                end = stop.start()
                break
            if nxt - start > 160:
                end = stop.start()
                break
            continue  # "chức năng, nhiệm vụ, quyền hạn": the product's name goes on
        end = stop.start()
        break
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) > _MAX_PRODUCT_WORDS:
        end = start + words[_MAX_PRODUCT_WORDS - 1].end()
    return end


def deliverable(
    text: str, tkey: str, s: int, e: int, vocab: Vocabulary, finder: UnitFinder, skip: tuple[int, int] | None
) -> tuple[int, int] | None:
    m = _EXPLICIT_PRODUCT.search(tkey, s, e)
    if m:
        stop = re.compile(r"[;.)\n]").search(text, m.end(), e)
        end = stop.start() if stop else e
        if end > m.end():
            return m.end(), end
    put = _PUT_INTO_USE.search(tkey, s, e)
    if put and vocab.deliverable_re.match(tkey, put.start("obj")):
        return put.start("obj"), put.end("obj")
    report_verb = None
    for m in vocab.deliverable_re.finditer(tkey, s, e):
        if skip and skip[0] <= m.start() < skip[1]:
            continue
        if _CITED_AFTER.match(tkey, m.end(), e):
            continue
        before = tkey[max(s, m.start() - 60) : m.start()]
        if before.endswith("theo ") or (
            text[m.start()].isupper() and before.strip() and before.rstrip()[-1:] not in ".:;"
        ):
            continue  # "theo kế hoạch"; a capitalised "Kế hoạch" names a document already issued
        if vocab.producing_re.search(before):
            return m.start(), _product_end(text, tkey, m.start(), m.end(), e, finder)
        if report_verb is None and m.group() == "báo cáo" and not _NOT_REPORT_VERB_BEFORE.search(before):
            report_verb = m
    if report_verb is not None:
        return report_verb.start(), _product_end(
            text, tkey, report_verb.start(), report_verb.end(), e, finder
        )
    return None


# ------------------------------------------------------------------ action and clarity

_CLAUSE_END = re.compile(r"[;.](?:\s|$)")
_NOUN_BEFORE = re.compile(r"(?:quá|công tác|việc|sự|kết quả|chương) $")  # "quá trình", "việc kiểm tra"
_MAX_ACTION_WORDS = 40
_ACCOUNTABILITY = re.compile(
    r"(?<![\wÀ-ỹ])(?:chịu trách nhiệm(?: trực tiếp)?(?: trước [^,;.]{1,60})?|có trách nhiệm"
    r"|trách nhiệm của [^,;.]{1,60}|người đứng đầu[^,;.]{0,40}"
    r"|(?:các )?(?:đồng chí )?ủy viên ban thường vụ[^,;.]{0,40}phụ trách[^,;.]{0,40})"
)
_AUTHORITY_VERB = re.compile(
    r"(?<![\wÀ-ỹ])(?:báo cáo(?: kết quả)?|trình|tham mưu(?: cho)?|xin ý kiến|gửi(?: về)?|cho ý kiến)"
    r"(?:\s(?:về|với|lên|tới))?\s"
)


# Words between the lead and the work itself: the lead's role ("là cơ quan thường trực, chủ
# trì, phối hợp với …"), its footing ("căn cứ Kế hoạch này") and a recurrence up front
# ("Định kỳ hằng tháng …"). None of them is the action.
_ROLE = re.compile(
    r"(?:là cơ quan (?:thường trực|chủ trì|đầu mối)|chủ trì|chịu trách nhiệm(?: chính)?|có trách nhiệm"
    r"|theo chức năng,? nhiệm vụ(?: được giao)?|(?:định kỳ )?(?:hằng|hàng|mỗi) (?:tháng|quý|năm)|định kỳ)"
    r"(?![\wÀ-ỹ])"
)
_BASED_ON = re.compile(r"căn cứ (?:vào )?[^,;.\n]{1,80}?(?:này|của mình)(?![\wÀ-ỹ])")
_GAP = re.compile(r"[\s,]*")
_COMPLETION_BEFORE = re.compile(r"(?:,\s*|\s|^)(?:phấn đấu\s+)?(?:hoàn thành|hoàn tất|xong)\s*$")


def deadline_cut(tkey: str, s: int, start: int, end: int) -> tuple[int, int]:
    """The span to leave out of the action for a deadline expression [start, end): the
    expression and a bare completion verb before it (", hoàn thành trong quý III/2026")."""
    m = _COMPLETION_BEFORE.search(tkey, max(s, start - 40), start)
    return (m.start() if m else start), end


def _lead_in(text: str, tkey: str, pos: int, e: int, vocab: Vocabulary, finder: UnitFinder, cut) -> int:
    while pos < e:
        pos = _GAP.match(tkey, pos, e).end()
        if cut and cut[0] <= pos < cut[1]:
            pos = cut[1]  # "Trong quý III/2026, hoàn thành …"
            continue
        m = _ROLE.match(tkey, pos, e)
        if m:
            pos = m.end()
            continue
        m = _BASED_ON.match(tkey, pos, e)
        if m and vocab.verbs_re.match(tkey, _GAP.match(tkey, m.end(), e).end()):
            pos = m.end()
            continue
        m = _COORDINATE.match(tkey, pos, e)
        if m:
            units, end = finder.unit_list(text, tkey, m.end(), e)
            if units:
                pos = end
                continue
        break
    return pos


def action(
    text: str,
    tkey: str,
    s: int,
    e: int,
    vocab: Vocabulary,
    finder: UnitFinder,
    *,
    after: int | None = None,
    cut: tuple[int, int] | None = None,
    whole: bool = False,
) -> list[tuple[int, int]]:
    """The work a task names, as one or two spans (two when the deadline sits inside it).

    `after`: where the lead named at the start of the sentence ends; `cut`: the deadline
    expression to leave out; `whole`: the span is a table cell holding nothing but the work.
    """
    if whole:
        start, end = _GAP.match(tkey, s, e).end(), e
    else:
        start = _lead_in(text, tkey, s if after is None else after, e, vocab, finder, cut)
        if start >= e:
            return []
        if after is None and not vocab.verbs_re.match(tkey, start) and not text[start].islower():
            # no lead found, and the sentence opens with a name ("Các thôn, khu dân cư rà
            # soát …"): the work starts at the first verb written in lower case
            verb = next(
                (
                    v
                    for v in vocab.verb_anywhere.finditer(tkey, start, e)
                    if text[v.start()].islower() and not _NOUN_BEFORE.search(tkey, start, v.start())
                ),
                None,
            )
            if verb is not None:
                start = verb.start()
        stop = _CLAUSE_END.search(text, start, e)
        end = stop.start() if stop else e
    spans = [(start, end)]
    if cut and start < cut[1] and cut[0] < end:
        spans = [(start, max(start, cut[0])), (min(end, cut[1]), end)]
    out = []
    for a, b in spans:
        while b > a and text[b - 1] in " ,;:":
            b -= 1
        while a < b and text[a] in " ,;:":
            a += 1
        if b > a:
            out.append((a, b))
    if not out:
        return []
    a, b = out[-1]
    words = list(re.finditer(r"\S+", text[out[0][0] : b]))
    if len(words) > _MAX_ACTION_WORDS:
        limit = out[0][0] + words[_MAX_ACTION_WORDS - 1].end()
        out = [(x, min(y, limit)) for x, y in out if x < limit]
    return out


def accountability(tkey: str, s: int, e: int) -> tuple[int, int] | None:
    m = _ACCOUNTABILITY.search(tkey, s, e)
    return (m.start(), m.end()) if m else None


def authority(text: str, tkey: str, s: int, e: int, finder: UnitFinder) -> tuple[int, int] | None:
    for m in _AUTHORITY_VERB.finditer(tkey, s, e):
        unit = finder.unit_at(text, tkey, m.end(), e)
        if unit is not None and (not unit.generic or unit.group):
            end = unit.end
            via = re.match(r"\s*\(qua [^()\n]{1,80}\)", text[end:e])
            if via:
                end += via.end()
            return m.start(), end
    return None
