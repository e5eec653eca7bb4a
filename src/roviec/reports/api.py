"""Report figures over the API: /api/v1/dashboard/ and /api/v1/ranking/, same filters and scope as the pages.

Query parameters: ``unit`` (id, the unit and its subtree), ``source_document`` (id), ``field``,
``period`` (year, h1, h2, q1-q4, all) and ``year``. A value outside the user's scope is refused
with 400 and the field's message, never answered with another unit's figures.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from roviec.core.api import ERROR_RESPONSES
from roviec.core.errors import ServiceError
from roviec.reports import selectors
from roviec.reports.forms import ReportFilterForm

FILTER_PARAMETERS = [
    OpenApiParameter("unit", OpenApiTypes.INT, description="Đơn vị (gồm cấp dưới)"),
    OpenApiParameter("source_document", OpenApiTypes.INT, description="Văn bản giao"),
    OpenApiParameter("field", OpenApiTypes.STR, description="Lĩnh vực"),
    OpenApiParameter("period", OpenApiTypes.STR, enum=["year", "h1", "h2", "q1", "q2", "q3", "q4", "all"],
                     description="Kỳ (mặc định: cả năm)"),
    OpenApiParameter("year", OpenApiTypes.INT, description="Năm (mặc định: năm nay)"),
]


def _filters(request) -> selectors.ReportFilters:
    form = ReportFilterForm(request.query_params or None, user=request.user)
    if form.is_bound and not form.is_valid():
        fields = {name: [str(m) for m in messages] for name, messages in form.errors.items()}
        raise ServiceError("invalid_filter", "Bộ lọc không hợp lệ.", fields)
    return form.filters()


def _unit(unit) -> dict | None:
    return None if unit is None else {"id": unit.pk, "name": unit.name}


def _task(task, extra: str) -> dict:
    return {"id": task.pk, "content": task.content, "lead_unit": _unit(task.lead_unit),
            "due_date": task.due_date, extra: getattr(task, extra)}


class DashboardView(APIView):
    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
                   summary="Tổng hợp tình hình thực hiện nhiệm vụ")
    def get(self, request):
        board = selectors.dashboard(user=request.user, filters=_filters(request))
        return Response({
            "today": board.today,
            "period": {"code": board.filters.period.code, "year": board.filters.period.year,
                       "start": board.filters.period.start, "end": board.filters.period.end},
            "unit": _unit(board.selected),
            "total": board.total.as_dict(),
            "units": [{"unit": _unit(row.unit), "own_tasks_only": row.direct, **row.tally.as_dict()}
                      for row in board.rows],
            "late_units": [{"unit": _unit(late.unit), "overdue": late.overdue, "done_late": late.done_late}
                           for late in board.late_units],
            "months": [{"month": f"{month:%Y-%m}", **tally.as_dict()} for month, tally in board.trend],
            "due_soon": {str(days): n for days, n in board.due_soon_counts.items()},
            "overdue_tasks": [_task(task, "days_late") for task in board.overdue],
            "due_soon_tasks": [_task(task, "days_left") for task in board.due_soon],
        })


class RankingView(APIView):
    @extend_schema(parameters=FILTER_PARAMETERS, responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
                   summary="Xếp hạng kết quả thực hiện nhiệm vụ của các đơn vị")
    def get(self, request):
        rows = selectors.unit_ranking(user=request.user, filters=_filters(request))
        return Response({"results": [
            {"rank": row.rank, "unit": _unit(row.unit), "basis": row.basis, **row.tally.as_dict()}
            for row in rows
        ]})
