"""Pages: the user's own notifications, mark read (htmx), and the navigation bell."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from roviec.core.errors import NotFoundError
from roviec.notifications import selectors, services

PAGE_SIZE = 30


def _own(request, pk):
    try:
        return selectors.notification_get(user=request.user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error


@login_required
@require_GET
def notification_list(request):
    unread_only = request.GET.get("chua-doc") == "1"
    notifications = selectors.notification_list(user=request.user, unread_only=unread_only)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {
        "page": page,
        "unread_only": unread_only,
        "unread_count": selectors.notification_unread_count(user=request.user),
    })


@login_required
@require_GET
def notification_open(request, pk: int):
    """Follow a notification's link; opening it is reading it."""
    notification = _own(request, pk)
    services.notification_mark_read(user=request.user, notification=notification)
    target = notification.url
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                         require_https=request.is_secure()):
        return redirect("notifications:list")
    return redirect(target)


@login_required
@require_POST
def notification_mark_read(request, pk: int):
    notification = _own(request, pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.headers.get("HX-Request"):
        response = render(request, "notifications/_item.html", {"notification": notification})
        response["HX-Trigger"] = "notifications-changed"
        return response
    return redirect(request.POST.get("next") or "notifications:list")


@login_required
@require_POST
def notification_mark_all_read(request):
    services.notification_mark_all_read(user=request.user)
    return redirect("notifications:list")


@login_required
@require_GET
def bell(request):
    """The bell alone, for htmx to refresh the unread count."""
    return render(request, "notifications/bell.html")
