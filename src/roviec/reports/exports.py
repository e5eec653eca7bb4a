"""Status reports as files: DOCX in Party document layout and an XLSX workbook.

Both read ``selectors.dashboard`` and ``selectors.unit_ranking`` with the same
filters as the pages, so the files and the screen never disagree; scope is
applied there, once.
"""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from roviec.core import scoping
from roviec.docgen import Paragraph, PartyDocument, Section, Signature, build_party_document
from roviec.orgs.models import OrgUnit, Position
from roviec.reports import selectors
from roviec.reports.selectors import Dashboard, ReportFilters


def _scope_label(board: Dashboard) -> str:
    return board.selected.name if board.selected is not None else "toàn bộ phạm vi theo dõi"


def describe_filters(board: Dashboard) -> str:
    parts = [_scope_label(board), board.filters.period.label]
    if board.filters.source_document is not None:
        parts.append(f"theo {board.filters.source_document}")
    if board.filters.field:
        parts.append(f"lĩnh vực {board.filters.field}")
    return "; ".join(parts)


def _percent(value) -> str:
    return "—" if value is None else f"{value}%"


# --- XLSX ------------------------------------------------------------------------

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
UNIT_COLUMNS = ("Đơn vị", "Tổng số", "Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện trong hạn",
                "Quá hạn", "Tạm dừng", "Đã hủy", "Số đã đến hạn", "Tỷ lệ đúng hạn (%)")


def _tally_cells(tally) -> list:
    return [tally.total, tally.done_on_time, tally.done_late, tally.within_deadline, tally.overdue,
            tally.suspended, tally.cancelled, tally.due, tally.on_time_percent]


def _sheet(workbook, title: str, heading: str, columns, *, first: bool = False):
    sheet = workbook.active if first else workbook.create_sheet()
    sheet.title = title
    sheet.append([heading])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(list(columns))
    for cell in sheet[3]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A4"
    return sheet


def _widths(sheet, widths) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def status_workbook(*, user, filters: ReportFilters, today=None) -> bytes:
    """Four sheets: summary by unit (with totals), overdue list, due soon, ranking."""
    board = selectors.dashboard(user=user, filters=filters, today=today, limit=None)
    ranking = selectors.unit_ranking(user=user, filters=filters, today=board.today)
    workbook = Workbook()
    scope = describe_filters(board)

    summary = _sheet(workbook, "Tổng hợp theo đơn vị", f"Tình hình thực hiện nhiệm vụ — {scope}",
                     UNIT_COLUMNS, first=True)
    for row in board.rows:
        name = f"{row.unit.name} (trực tiếp chủ trì)" if row.direct else row.unit.name
        summary.append([name, *_tally_cells(row.tally)])
    summary.append(["Cộng", *_tally_cells(board.total)])
    for cell in summary[summary.max_row]:
        cell.font = _BOLD
    _widths(summary, (44, 10, 12, 12, 14, 10, 10, 10, 12, 12))

    overdue = _sheet(workbook, "Quá hạn", f"Nhiệm vụ quá hạn — {scope}",
                     ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Văn bản giao", "Thời hạn", "Số ngày quá hạn",
                      "Tiến độ (%)"))
    for number, task in enumerate(board.overdue, start=1):
        overdue.append([number, task.content, task.lead_unit.name if task.lead_unit else "",
                        task.source_document.symbol if task.source_document else "", task.due_date,
                        task.days_late, task.progress_percent])
        overdue.cell(row=overdue.max_row, column=5).number_format = "DD/MM/YYYY"
    _widths(overdue, (6, 70, 36, 18, 12, 12, 10))

    days = max(selectors.DUE_SOON_DAYS)
    soon = _sheet(workbook, "Sắp đến hạn", f"Nhiệm vụ đến hạn trong {days} ngày tới — {scope}",
                  ("STT", "Nhiệm vụ", "Đơn vị chủ trì", "Văn bản giao", "Thời hạn", "Còn lại (ngày)",
                   "Tiến độ (%)"))
    for number, task in enumerate(board.due_soon, start=1):
        soon.append([number, task.content, task.lead_unit.name if task.lead_unit else "",
                     task.source_document.symbol if task.source_document else "", task.due_date,
                     task.days_left, task.progress_percent])
        soon.cell(row=soon.max_row, column=5).number_format = "DD/MM/YYYY"
    _widths(soon, (6, 70, 36, 18, 12, 12, 10))

    ranked = _sheet(workbook, "Xếp hạng", f"Xếp hạng kết quả thực hiện nhiệm vụ — {scope}",
                    ("Hạng", "Đơn vị", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                     "Đang thực hiện trong hạn", "Quá hạn", "Số đã đến hạn", "Tỷ lệ đúng hạn (%)",
                     "Căn cứ xếp loại về tiến độ"))
    for row in ranking:
        t = row.tally
        ranked.append([row.rank, row.unit.name, t.done_on_time, t.done_late, t.within_deadline, t.overdue,
                       t.due, t.on_time_percent, row.basis])
    _widths(ranked, (8, 44, 12, 12, 14, 10, 12, 12, 60))

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- DOCX --------------------------------------------------------------------------

def _issuer(user, board: Dashboard) -> OrgUnit:
    """The unit the report goes out from: the user's own unit (the office), else the unit reported on."""
    scope = scoping.scope_for(user)
    position = (Position.objects.filter(person_id=scope.person_id).select_related("unit", "unit__parent")
                .order_by("id").first()) if scope.person_id else None
    if position is not None:
        return position.unit
    if board.selected is not None:
        return board.selected
    return OrgUnit.objects.filter(parent__isnull=True).order_by("path").first()


def _place(unit: OrgUnit) -> str:
    """The place a document is dated at: the province (or commune) named by the top committee."""
    top_path = "/" + unit.path.strip("/").split("/")[0] + "/"
    top = unit if unit.path == top_path else OrgUnit.objects.filter(path=top_path).first()
    name = (top or unit).name
    for prefix in _COMMITTEE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


# How a top committee's name turns into its Đảng bộ: "Tỉnh ủy Hưng Yên" -> "Đảng bộ tỉnh Hưng Yên".
_COMMITTEE_PREFIXES = {"Tỉnh ủy ": "Đảng bộ tỉnh ", "Thành ủy ": "Đảng bộ thành phố ", "Đảng ủy ": "Đảng bộ "}


def _party_organisation(top_name: str) -> str:
    for prefix, organisation in _COMMITTEE_PREFIXES.items():
        if top_name.startswith(prefix):
            return organisation + top_name[len(prefix):]
    return top_name


def _signature(issuer: OrgUnit) -> Signature:
    head = (Position.objects.filter(unit=issuer, kind__in=[Position.Kind.HEAD, Position.Kind.SECRETARY])
            .select_related("person").order_by("kind", "id").first())
    on_behalf = ("T/L BAN THƯỜNG VỤ" if issuer.kind == OrgUnit.Kind.ADVISORY_BODY
                 else f"T/M {issuer.short_name or issuer.name}")
    if head is None:
        return Signature(on_behalf=on_behalf, title="(chức vụ người ký)", name="")
    return Signature(on_behalf=on_behalf, title=head.title or head.get_kind_display(),
                     name=head.person.full_name)


def _late_units_note(late_units, attribute: str, lead: str) -> str:
    # Most first; the stable sort keeps the dashboard's order among equal counts.
    late = sorted((x for x in late_units if getattr(x, attribute)), key=lambda x: -getattr(x, attribute))
    items = [f"{x.unit.name} ({getattr(x, attribute)} nhiệm vụ)" for x in late]
    return f"{lead}: {'; '.join(items)}." if items else ""


def status_report_docx(*, user, filters: ReportFilters, today=None) -> bytes:
    """A report (Báo cáo) on the follow-up status in Party layout; late units go in real footnotes."""
    board = selectors.dashboard(user=user, filters=filters, today=today)
    total = board.total
    issuer = _issuer(user, board)
    overdue_note = _late_units_note(board.late_units, "overdue", "Các đơn vị còn nhiệm vụ quá hạn")
    late_note = _late_units_note(board.late_units, "done_late", "Các đơn vị có nhiệm vụ hoàn thành quá hạn")
    general = [
        Paragraph(f"Phạm vi tổng hợp: {describe_filters(board)}; số liệu tính đến ngày "
                  f"{board.today:%d/%m/%Y}."),
        Paragraph(f"Tổng số nhiệm vụ theo dõi: {total.total}; trong đó hoàn thành đúng hạn "
                  f"{total.done_on_time}, đang thực hiện trong hạn {total.within_deadline}, "
                  f"tạm dừng {total.suspended}.", ()),
        Paragraph(f"Hoàn thành quá hạn: {total.done_late} nhiệm vụ.", (late_note,) if late_note else ()),
        Paragraph(f"Quá hạn chưa hoàn thành: {total.overdue} nhiệm vụ.",
                  (overdue_note,) if overdue_note else ()),
        Paragraph(f"Tỷ lệ nhiệm vụ hoàn thành đúng hạn trên số nhiệm vụ đã đến hạn ({total.due}): "
                  f"{_percent(total.on_time_percent)}."),
    ]
    by_unit = [
        Paragraph(f"- {row.unit.name}{' (trực tiếp chủ trì)' if row.direct else ''}: "
                  f"{row.tally.total} nhiệm vụ; "
                  f"đúng hạn {row.tally.done_on_time}, quá hạn đã hoàn thành {row.tally.done_late}, "
                  f"trong hạn {row.tally.within_deadline}, quá hạn {row.tally.overdue}; tỷ lệ đúng hạn "
                  f"{_percent(row.tally.on_time_percent)}.")
        for row in board.rows if row.tally.total or row.tally.cancelled
    ] or [Paragraph("Không có số liệu theo đơn vị.")]
    overdue = [
        Paragraph(f"- {task.content} ({task.lead_unit.name if task.lead_unit else 'chưa rõ đơn vị chủ trì'}; "
                  f"hạn {task.due_date:%d/%m/%Y}; quá hạn {task.days_late} ngày).")
        for task in board.overdue
    ] or [Paragraph("Không có nhiệm vụ quá hạn.")]
    if total.overdue > len(board.overdue):
        overdue.append(Paragraph(f"Và {total.overdue - len(board.overdue)} nhiệm vụ quá hạn khác "
                                 "(chi tiết tại bảng tổng hợp kèm theo)."))
    soon_text = "; ".join(f"{n} nhiệm vụ đến hạn trong {days} ngày tới"
                          for days, n in board.due_soon_counts.items())
    sections = [
        Section("I. TÌNH HÌNH CHUNG", general),
        Section("II. KẾT QUẢ THEO ĐƠN VỊ", by_unit),
        Section("III. NHIỆM VỤ QUÁ HẠN", overdue),
        Section("IV. NHIỆM VỤ SẮP ĐẾN HẠN", [Paragraph(f"Có {soon_text}.")]),
        Section("V. ĐỀ XUẤT", [Paragraph(
            "Đề nghị các đơn vị còn nhiệm vụ quá hạn khẩn trương hoàn thành, báo cáo kết quả và nêu rõ "
            "nguyên nhân chậm tiến độ; các đơn vị có nhiệm vụ sắp đến hạn chủ động triển khai, bảo đảm "
            "hoàn thành đúng thời hạn được giao.")]),
    ]
    place = _place(issuer)
    superior = issuer.parent.name if issuer.parent_id else _party_organisation(issuer.name)
    code = issuer.short_name or issuer.code.upper()
    document = PartyDocument(
        superior=superior,
        issuer=issuer.name,
        symbol=f"     -BC/{code}",
        place=place,
        date=board.today or timezone.localdate(),
        type_name="BÁO CÁO",
        title=f"tình hình thực hiện nhiệm vụ {board.filters.period.phrase}".strip(),
        sections=sections,
        signature=_signature(issuer),
        recipients=[f"Thường trực {superior} (để báo cáo)", "Các đơn vị có tên tại báo cáo",
                    f"Lưu {issuer.short_name or issuer.name}"],
    )
    buffer = io.BytesIO()
    build_party_document(document).save(buffer)
    return buffer.getvalue()
