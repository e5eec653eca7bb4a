"""Reads of the document registry, always through the user's scope (core.scoping)."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from roviec.core.errors import NotFoundError
from roviec.core.scoping import (
    ROLE_INSPECTION,
    ROLE_LEADER,
    ROLE_OFFICE,
    scope_for,
    visible_audit_events,
    visible_documents,
    visible_tasks,
)
from roviec.core.text import fold
from roviec.documents.models import Attachment, Document, DocumentRelation
from roviec.orgs.models import OrgUnit

LINEAGE_MAX_DEPTH = 5

# How a relation reads from its target's side.
INCOMING_LABELS = {
    DocumentRelation.Kind.BASED_ON: "Là căn cứ của",
    DocumentRelation.Kind.IMPLEMENTS: "Được thực hiện bởi",
    DocumentRelation.Kind.REPLACES: "Bị thay thế bởi",
    DocumentRelation.Kind.AMENDS: "Được sửa đổi, bổ sung bởi",
    DocumentRelation.Kind.REPEALS: "Bị bãi bỏ bởi",
}


def document_list(*, user, q: str = "", doc_type=None, status: str | None = None,
                  direction: str | None = None, year: int | None = None) -> QuerySet:
    documents = visible_documents(user).select_related("doc_type", "registered_unit", "issuer_unit")
    for word in fold(q).split():
        documents = documents.filter(search_text__contains=word)
    if doc_type:
        documents = documents.filter(doc_type=doc_type)
    if status:
        documents = documents.filter(status=status)
    if direction:
        documents = documents.filter(direction=direction)
    if year:
        documents = documents.filter(issue_date__year=year)
    return documents.order_by("-issue_date", "-id")


def document_get(*, user, pk) -> Document:
    try:
        return (visible_documents(user).select_related("doc_type", "registered_unit", "issuer_unit",
                                                       "registered_by")
                .get(pk=pk))
    except (Document.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError("Không tìm thấy văn bản.") from exc


def document_years(*, user) -> list[int]:
    return sorted({d.year for d in visible_documents(user).dates("issue_date", "year")}, reverse=True)


@dataclass(frozen=True)
class LineageLink:
    document: Document  # the related document
    relation: DocumentRelation
    label: str  # how the relation reads from the document being viewed
    depth: int  # 1 for a direct relation, 2 for a relation of a related document…


@dataclass(frozen=True)
class Lineage:
    upstream: list[LineageLink]  # what it is based on, implements, replaces… and so on upwards
    downstream: list[LineageLink]  # what is based on it, implements it, replaces it… and downwards


def document_lineage(*, user, document: Document) -> Lineage:
    """Relations both ways, followed a few steps, through visible documents only."""
    return Lineage(upstream=_walk(user, document, outgoing=True),
                   downstream=_walk(user, document, outgoing=False))


def _walk(user, document: Document, *, outgoing: bool) -> list[LineageLink]:
    visible = visible_documents(user)
    links: list[LineageLink] = []
    seen = {document.pk}
    frontier = [document.pk]
    for depth in range(1, LINEAGE_MAX_DEPTH + 1):
        if not frontier:
            break
        side, other = ("source", "target") if outgoing else ("target", "source")
        relations = (DocumentRelation.objects
                     .filter(**{f"{side}_id__in": frontier})
                     .filter(**{f"{other}__in": visible.values("pk")})
                     .select_related(f"{other}__doc_type")
                     .order_by(f"{other}__issue_date", "id"))
        frontier = []
        for relation in relations:
            related = getattr(relation, other)
            label = relation.get_kind_display() if outgoing else INCOMING_LABELS[relation.kind]
            links.append(LineageLink(document=related, relation=relation, label=str(label), depth=depth))
            if related.pk not in seen:
                seen.add(related.pk)
                frontier.append(related.pk)
    return links


def document_tasks(*, user, document: Document) -> QuerySet:
    return visible_tasks(user).filter(source_document=document).select_related("lead_unit")


def document_history(*, user, document: Document) -> QuerySet:
    """Audit entries about the document, its relations and its files, within the user's scope."""
    relation_ids = DocumentRelation.objects.filter(Q(source=document) | Q(target=document)).values_list(
        "pk", flat=True)
    attachment_ids = document.attachments.values_list("pk", flat=True)
    return visible_audit_events(user).filter(
        Q(object_type="documents.document", object_id=str(document.pk))
        | Q(object_type="documents.documentrelation", object_id__in=[str(i) for i in relation_ids])
        | Q(object_type="documents.attachment", object_id__in=[str(i) for i in attachment_ids])
    )


def attachment_get(*, user, pk) -> Attachment:
    try:
        return (Attachment.objects.select_related("document")
                .filter(document__in=visible_documents(user).values("pk")).get(pk=pk))
    except (Attachment.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError("Không tìm thấy tệp.") from exc


def registrable_units(*, user) -> QuerySet:
    """Units the user may register documents for."""
    scope = scope_for(user)
    return OrgUnit.objects.filter(scope.unit_q(roles=(ROLE_OFFICE, ROLE_LEADER, ROLE_INSPECTION)))


def reachable_units(*, user) -> QuerySet:
    """Units in the user's scope and those above them: possible issuers and recipients."""
    scope = scope_for(user)
    if scope.everything:
        return OrgUnit.objects.all()
    ancestor_ids = {int(part) for path in scope.paths for part in path.strip("/").split("/") if part}
    return OrgUnit.objects.filter(scope.unit_q() | Q(pk__in=ancestor_ids))
