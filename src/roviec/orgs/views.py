"""Pages of the organisation tree: browse, search, unit detail, import and export."""

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from roviec.core.errors import NotFoundError, ServiceError
from roviec.core.scoping import can_manage_unit_tree
from roviec.orgs import selectors, tree_io
from roviec.orgs.forms import TreeImportForm, UnitSearchForm

IMPORT_SESSION_KEY = "orgs_import_pending"


@login_required
def tree(request):
    hide_expired = request.GET.get("an_het_hieu_luc") == "1"
    nodes = selectors.unit_tree(user=request.user, include_expired=not hide_expired)
    return render(request, "orgs/tree.html", {
        "nodes": nodes,
        "hide_expired": hide_expired,
        "search_form": UnitSearchForm(),
        "can_import": can_manage_unit_tree(request.user),
    })


@login_required
def search(request):
    form = UnitSearchForm(request.GET)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = selectors.unit_search(user=request.user, q=q) if q else []
    context = {"form": form, "q": q, "results": results}
    if request.headers.get("HX-Request"):
        return render(request, "orgs/_search_results.html", context)
    return render(request, "orgs/search.html", context)


@login_required
def unit_detail(request, pk: int):
    try:
        unit = selectors.unit_get(user=request.user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error
    return render(request, "orgs/unit_detail.html", {
        "unit": unit,
        "status": selectors.unit_status(unit),
        "ancestors": selectors.unit_ancestors(user=request.user, unit=unit),
        "children": selectors.unit_children(user=request.user, unit=unit),
        "positions": selectors.people_in_unit(user=request.user, unit=unit),
        "overview_url": f"/don-vi-tong-quan/{unit.pk}/",
    })


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export_csv(request):
    return _download(tree_io.export_csv(user=request.user), "text/csv; charset=utf-8",
                     tree_io.export_filename("csv"))


@login_required
def export_xlsx(request):
    return _download(tree_io.export_xlsx(user=request.user), tree_io.XLSX_MIME,
                     tree_io.export_filename("xlsx"))


@login_required
@require_http_methods(["GET", "POST"])
def tree_import(request):
    """Upload → dry-run report → confirm. The checked file waits in the session, pinned by its hash."""
    if not can_manage_unit_tree(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được nhập cây tổ chức."))
    form = TreeImportForm()
    result = None
    pending = request.session.get(IMPORT_SESSION_KEY)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        if not pending or request.POST.get("sha256") != pending["sha256"]:
            messages.error(request, _("Tệp đã kiểm tra không còn trong phiên làm việc; hãy tải lên lại."))
            return redirect("orgs:import")
        data = base64.b64decode(pending["data"])
        try:
            result = tree_io.import_tree(actor=request.user, data=data, filename=pending["name"],
                                         dry_run=False)
        except ServiceError as error:
            messages.error(request, error.message)
            return redirect("orgs:import")
        if result.applied:
            del request.session[IMPORT_SESSION_KEY]
            messages.success(request, result.summary())
            return redirect("orgs:tree")
        pending = None
        request.session.pop(IMPORT_SESSION_KEY, None)
    elif request.method == "POST":
        form = TreeImportForm(request.POST, request.FILES)
        request.session.pop(IMPORT_SESSION_KEY, None)
        pending = None
        if form.is_valid():
            uploaded = form.cleaned_data["file"]
            data = uploaded.read()
            try:
                result = tree_io.import_tree(actor=request.user, data=data, filename=uploaded.name,
                                             dry_run=True)
            except ServiceError as error:
                form.add_error("file", error.message)
            else:
                if result.ok:
                    pending = {"name": uploaded.name, "sha256": hashlib.sha256(data).hexdigest(),
                               "data": base64.b64encode(data).decode("ascii")}
                    request.session[IMPORT_SESSION_KEY] = pending
    else:
        pending = None
        request.session.pop(IMPORT_SESSION_KEY, None)
    return render(request, "orgs/import.html", {
        "form": form,
        "result": result,
        "pending": pending,
        "columns": tree_io.COLUMNS,
    })
