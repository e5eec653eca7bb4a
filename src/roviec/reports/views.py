"""Report pages and exports: thin views over ``reports.selectors`` and ``reports.exports``."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from roviec.core.errors import NotFoundError
from roviec.reports import exports, presenters, selectors
from roviec.reports.forms import ReportFilterForm
from roviec.reports.periods import current_quarter
from roviec.tasks.status import TaskStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _form(request) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, user=request.user)


def _trend_data(board) -> dict:
    """The trend chart's series, read by reports/dashboard.js."""
    return {
        "labels": [f"{month:%m/%Y}" for month, _ in board.trend],
        "series": {
            "done_on_time": [t.done_on_time for _, t in board.trend],
            "done_late": [t.done_late for _, t in board.trend],
            "overdue": [t.overdue for _, t in board.trend],
            "within_deadline": [t.within_deadline for _, t in board.trend],
            "on_time_percent": [t.on_time_percent for _, t in board.trend],
        },
    }


@login_required
def dashboard(request):
    """The leader's and the office's dashboard: counts, rates, lists, heatmap and trend for the filters."""
    form = _form(request)
    try:
        board = selectors.dashboard(user=request.user, filters=form.filters())
    except NotFoundError:
        raise Http404 from None
    return render(request, "reports/dashboard.html", {
        "form": form,
        "board": board,
        "filters": board.filters,
        "unit_rows": presenters.unit_table(board, presenters.TaskListLinks(board.filters),
                                           form.query_string()),
        "heatmap_rows": presenters.heatmap_table(board),
        "status_rows": [(status, board.total.count(status.value)) for status in TaskStatus],
        "trend_data": _trend_data(board),
        "query": form.query_string(),
    })


@login_required
def ranking(request):
    """Units ranked on their results for a quarter, half-year or year (default: the current quarter)."""
    data = request.GET.copy() if request.GET else None
    if data is None:
        quarter = current_quarter(timezone.localdate())
        data = {"period": quarter.code, "year": quarter.year}
    form = ReportFilterForm(data, user=request.user)
    filters = form.filters()
    try:
        rows = selectors.unit_ranking(user=request.user, filters=filters)
    except NotFoundError:
        raise Http404 from None
    return render(request, "reports/ranking.html", {
        "form": form, "rows": rows, "filters": filters, "query": form.query_string(),
    })


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_xlsx(request):
    """The dashboard's figures for the same filters, one sheet per view."""
    filters = _form(request).filters()
    try:
        content = exports.status_workbook(user=request.user, filters=filters)
    except NotFoundError:
        raise Http404 from None
    return _download(content, XLSX, f"tinh-hinh-thuc-hien-nhiem-vu-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def export_docx(request):
    """A follow-up status report in Party document layout, late units listed in footnotes."""
    filters = _form(request).filters()
    try:
        content = exports.status_report_docx(user=request.user, filters=filters)
    except NotFoundError:
        raise Http404 from None
    filename = f"bao-cao-tinh-hinh-thuc-hien-nhiem-vu-{timezone.localdate():%Y%m%d}.docx"
    return _download(content, DOCX, filename)
