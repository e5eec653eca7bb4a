"""Pages of the document registry. Thin: selectors read, services write, errors go back to the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.scoping import can_change_document
from roviec.documents import exports, selectors, services
from roviec.documents.forms import AttachmentForm, CancelForm, DocumentFilterForm, DocumentForm, RelationForm
from roviec.documents.models import Document
from roviec.engine.symbols import SymbolError, parse_symbol

PAGE_SIZE = 25


def _get_document(request, pk) -> Document:
    try:
        return selectors.document_get(user=request.user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error


def _form_errors(form, error: ServiceError) -> None:
    """Put each service message on the field it concerns, the rest on top of the form."""
    if isinstance(error, PermissionDeniedError):
        form.add_error(None, error.message)
        return
    placed = False
    for field, field_messages in (error.fields or {}).items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, error.message)


def _can_change(request, document: Document) -> bool:
    return document.status != Document.Status.CANCELLED and can_change_document(request.user, document)


def _require_change(request, document: Document) -> None:
    if not _can_change(request, document):
        raise PermissionDenied(_("Bạn không thể thay đổi văn bản này."))


@login_required
@require_GET
def document_list(request):
    form = DocumentFilterForm(request.GET or None, user=request.user)
    documents = selectors.document_list(user=request.user, **form.filters())
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_register": selectors.registrable_units(user=request.user)
               .exists()}
    if request.headers.get("HX-Request"):
        return render(request, "documents/_results.html", context)
    return render(request, "documents/list.html", context)


@login_required
@require_GET
def document_export_csv(request):
    form = DocumentFilterForm(request.GET or None, user=request.user)
    documents = selectors.document_list(user=request.user, **form.filters())
    response = HttpResponse(exports.documents_csv(documents), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename()}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def symbol_check(request):
    """Inline check of a symbol while the clerk types: each malformed part, or what was read."""
    text = request.GET.get("symbol", "")
    problems, symbol = [], None
    if text.strip():
        try:
            symbol = parse_symbol(text)
        except SymbolError as error:
            problems = [problem.message for problem in error.problems]
    return render(request, "documents/_symbol_check.html", {"problems": problems, "symbol": symbol})


@login_required
@require_http_methods(["GET", "POST"])
def document_register(request):
    if not selectors.registrable_units(user=request.user).exists():
        raise PermissionDenied(_("Bạn không có quyền vào sổ văn bản."))
    form = DocumentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_register(actor=request.user, **form.cleaned_data)
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã vào sổ: %(document)s.") % {"document": document})
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/form.html", {"form": form, "document": None})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request, pk: int):
    document = _get_document(request, pk)
    _require_change(request, document)
    form = DocumentForm(request.POST or None, user=request.user,
                        initial=DocumentForm.initial_for(document))
    if request.method == "POST" and form.is_valid():
        try:
            services.document_update(actor=request.user, document=document, **form.cleaned_data)
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã cập nhật văn bản."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/form.html", {"form": form, "document": document})


def _task_url(task) -> str:
    try:
        return reverse("tasks:detail", args=[task.pk])
    except NoReverseMatch:
        return f"/nhiem-vu/{task.pk}/"


@login_required
@require_GET
def document_detail(request, pk: int):
    document = _get_document(request, pk)
    tasks = selectors.document_tasks(user=request.user, document=document)
    return render(request, "documents/detail.html", {
        "document": document,
        "recipient_units": document.recipient_units.all(),
        "attachments": document.attachments.order_by("created_at"),
        "lineage": selectors.document_lineage(user=request.user, document=document),
        "tasks": [(task, _task_url(task)) for task in tasks],
        "history": selectors.document_history(user=request.user, document=document)[:20],
        "can_change": _can_change(request, document),
    })


@login_required
@require_http_methods(["GET", "POST"])
def document_cancel(request, pk: int):
    document = _get_document(request, pk)
    _require_change(request, document)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_cancel(actor=request.user, document=document,
                                     reason=form.cleaned_data["reason"])
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã hủy văn bản."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/cancel.html", {"form": form, "document": document})


@login_required
@require_http_methods(["GET", "POST"])
def document_relate(request, pk: int):
    document = _get_document(request, pk)
    _require_change(request, document)
    form = RelationForm(request.POST or None, user=request.user, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.document_relate(actor=request.user, source=document, target=form.cleaned_data["target"],
                                     kind=form.cleaned_data["kind"])
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã thêm quan hệ văn bản."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/relate.html", {"form": form, "document": document})


@login_required
@require_GET
def document_suggest(request):
    """Suggestions for the related-document field: visible documents only."""
    q = request.GET.get("target", "")
    exclude = request.GET.get("exclude")
    documents = selectors.document_list(user=request.user, q=q) if q.strip() else Document.objects.none()
    if exclude and exclude.isdigit():
        documents = documents.exclude(pk=int(exclude))
    return render(request, "documents/_suggestions.html", {"documents": documents[:15]})


@login_required
@require_http_methods(["GET", "POST"])
def attachment_upload(request, pk: int):
    document = _get_document(request, pk)
    _require_change(request, document)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(actor=request.user, document=document, uploaded=form.cleaned_data["file"])
        except ServiceError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Đã đính kèm tệp."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/upload.html", {"form": form, "document": document})


def attachment_response(attachment) -> FileResponse:
    """Stream the stored original with its own type; never through a public URL."""
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.original_name, content_type=attachment.mime_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def attachment_download(request, pk: int):
    try:
        attachment = selectors.attachment_get(user=request.user, pk=pk)
    except NotFoundError as error:
        raise Http404(error.message) from error
    return attachment_response(attachment)
