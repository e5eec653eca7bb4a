"""Writes of the reports app: publishing a ranking (audited, never edited afterwards)."""

from django.db import transaction
from django.utils import timezone

from roviec.core import scoping
from roviec.core.audit import audit_record, snapshot
from roviec.core.errors import PermissionDeniedError, ServiceError
from roviec.reports import selectors
from roviec.reports.models import PublishedRanking

AUDITED_FIELDS = ("unit", "period_code", "year", "period_start", "period_end", "source_document", "field",
                  "as_of", "note", "rows")


def can_publish_ranking(user, unit) -> bool:
    """The office and leaders publish rankings for the units they direct."""
    return unit is not None and scoping.can_assign_tasks_to(user, unit)


@transaction.atomic
def ranking_publish(*, actor, filters: selectors.ReportFilters, note: str = "") -> PublishedRanking:
    """Freeze the ranking of the units below ``filters.unit`` (or the actor's top unit) as it stands today."""
    today = timezone.localdate()
    ranked = selectors.unit_ranking(user=actor, filters=filters, today=today)
    unit = filters.unit or selectors.top_report_unit(actor)
    if not can_publish_ranking(actor, unit):
        raise PermissionDeniedError("Chỉ Văn phòng và lãnh đạo phụ trách mới công bố kết quả xếp hạng.")
    if not any(row.rank for row in ranked):
        raise ServiceError("nothing_to_rank", "Chưa có đơn vị nào có nhiệm vụ đến hạn trong kỳ để xếp hạng.")
    period = filters.period
    publication = PublishedRanking(
        unit=unit, period_code=period.code, year=period.year, period_start=period.start,
        period_end=period.end, source_document=filters.source_document, field=filters.field, as_of=today,
        note=(note or "").strip(), published_by=actor,
        rows=[{"rank": row.rank, "unit_id": row.unit.pk, "unit_name": row.unit.name, "basis": row.basis,
               **{key: value for key, value in row.tally.as_dict().items() if key != "counts"}}
              for row in ranked],
    )
    publication.full_clean(exclude=["published_by"])
    publication.save()
    publication.ranked_units.set([row.unit for row in ranked])
    audit_record(actor=actor, action="create", instance=publication,
                 after=snapshot(publication, AUDITED_FIELDS), units=[unit, *(row.unit for row in ranked)])
    return publication
