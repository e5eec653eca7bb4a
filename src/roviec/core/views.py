from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from roviec.core.models import AuditEvent
from roviec.core.selectors import audit_event_list


@login_required
def audit_log(request):
    events = audit_event_list(
        user=request.user,
        object_type=request.GET.get("object_type", ""),
        object_id=request.GET.get("object_id", ""),
        action=request.GET.get("action", ""),
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {
        "page": page,
        "actions": AuditEvent.Action.choices,
        "filters": request.GET,
    })
