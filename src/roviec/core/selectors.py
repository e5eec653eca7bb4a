"""Reads of the audit trail, always through the user's scope."""

from django.db.models import QuerySet

from roviec.core.scoping import visible_audit_events


def audit_event_list(*, user, object_type: str = "", object_id: str = "", action: str = "") -> QuerySet:
    events = visible_audit_events(user).prefetch_related("units")
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if action:
        events = events.filter(action=action)
    return events
