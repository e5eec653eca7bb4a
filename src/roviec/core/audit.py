"""Record who changed what, when, from where, with the values before and after.

Every service that writes calls ``audit_record`` inside its transaction, so a
change and its audit entry are committed together or not at all.
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable

from django.db import models

from roviec.core.middleware import current_client_address
from roviec.core.models import AuditEvent


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict:
    """The audited values of a model instance: concrete fields and many-to-many ids."""
    data = {}
    for field in instance._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in ("created_at", "updated_at", "search_text"):
            continue
        value = getattr(instance, field.attname)
        if isinstance(field, models.FileField):
            value = value.name if value else ""
        data[field.name] = _jsonable(value)
    if instance.pk is not None:
        for field in instance._meta.many_to_many:
            if fields is not None and field.name not in fields:
                continue
            data[field.name] = sorted(getattr(instance, field.name).values_list("pk", flat=True))
    return data


def changed_values(before: dict, after: dict) -> tuple[dict, dict]:
    """Keep only the keys whose value changed, so an entry reads as a diff."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def audit_record(
    *,
    actor,
    action: str,
    instance: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    units: Iterable = (),
    reason: str = "",
) -> AuditEvent:
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=_actor_label(actor),
        client_address=current_client_address.get(),
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:300],
        before=before,
        after=after,
        reason=reason,
    )
    unit_ids = {getattr(u, "pk", u) for u in units if u is not None}
    if unit_ids:
        event.units.set(unit_ids)
    return event


def _actor_label(actor) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "hệ thống"
    person = getattr(actor, "person", None)
    name = person.full_name if person is not None else ""
    return f"{name} ({actor.get_username()})" if name else actor.get_username()
