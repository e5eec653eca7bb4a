"""The audit trail: one entry per change, with before and after, and no way to edit it."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from roviec.core.models import AuditEvent, AuditImmutableError
from roviec.orgs import services as org_services
from roviec.orgs.models import OrgUnit


def test_unit_update_leaves_one_entry_with_before_and_after(province):
    """An update is recorded once, with only the changed values before and after."""
    before_count = AuditEvent.objects.count()
    org_services.unit_update(actor=province.users["admin"], unit=province.commune_a,
                             name="Đảng ủy xã Ân Thi (mới)")
    events = AuditEvent.objects.filter(object_type="orgs.orgunit", object_id=str(province.commune_a.pk),
                                       action="update")
    assert AuditEvent.objects.count() == before_count + 1
    event = events.get()
    assert event.before == {"name": "Đảng ủy xã Ân Thi"}
    assert event.after == {"name": "Đảng ủy xã Ân Thi (mới)"}
    assert event.actor == province.users["admin"]
    assert "admin" in event.actor_label
    assert set(event.units.values_list("pk", flat=True)) == {province.commune_a.pk}


def test_audit_entries_cannot_be_edited_or_deleted(province):
    """Neither the model, the queryset nor the admin can change an audit entry."""
    event = AuditEvent.objects.first()
    event.reason = "sửa lén"
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/")
    request.user = province.users["admin"]
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)
    assert not model_admin.has_add_permission(request)


def test_failed_change_leaves_no_entry(province):
    """A refused change writes neither the object nor an audit entry."""
    before_count = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - any validation error will do
        org_services.unit_create(actor=None, code="tinh-uy", kind=OrgUnit.Kind.BRANCH, name="Trùng mã")
    assert AuditEvent.objects.count() == before_count


def test_audit_page_shows_a_commune_only_its_own_entries(client, province):
    """A commune user reads the history of its own units, not another commune's."""
    org_services.unit_update(actor=province.users["admin"], unit=province.commune_b, short_name="YM")
    client.force_login(province.users["commune_a"])
    page = client.get("/nhat-ky/").content.decode()
    assert "Đảng ủy xã Ân Thi" in page
    assert "Đảng ủy xã Yên Mỹ" not in page
    client.force_login(province.users["office"])
    assert "Đảng ủy xã Yên Mỹ" in client.get("/nhat-ky/").content.decode()
