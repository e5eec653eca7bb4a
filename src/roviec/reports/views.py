"""Report pages and exports: thin views over ``reports.selectors`` and ``reports.exports``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.reports import exports, presenters, selectors, services
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
    unit = filters.unit or selectors.top_report_unit(request.user)
    return render(request, "reports/ranking.html", {
        "form": form, "rows": rows, "filters": filters, "query": form.query_string(),
        "can_publish": services.can_publish_ranking(request.user, unit),
        "published": selectors.published_rankings(request.user)[:10],
    })


@login_required
@require_POST
def ranking_publish(request):
    """Freeze and publish the ranking shown for these filters (office and leaders)."""
    form = ReportFilterForm(request.POST, user=request.user)
    filters = form.filters()
    try:
        publication = services.ranking_publish(actor=request.user, filters=filters,
                                               note=request.POST.get("note", ""))
    except (NotFoundError, PermissionDeniedError):
        raise Http404 from None
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('reports:ranking')}?{form.query_string()}")
    messages.success(request, _("Đã công bố kết quả xếp hạng."))
    return redirect("reports:published_detail", pk=publication.pk)


@login_required
def published_detail(request, pk):
    """A published ranking; a unit outside its scope reads its own row and rank only."""
    try:
        view = selectors.published_ranking_get(user=request.user, pk=pk)
    except NotFoundError:
        raise Http404 from None
    return render(request, "reports/published_ranking.html", {"view": view, "p": view.publication})


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
