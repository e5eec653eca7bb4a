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


@pytest.fixture
def staff_clerk(province):
    """A commune clerk whose account was given the staff flag (admin site access)."""
    from conftest import make_user
    from roviec.orgs.models import Position

    user = make_user("xaanthi_staff", unit=province.commune_a, role=Position.AccessRole.OFFICE,
                     full_name="Ngô Thị Staff")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


def test_staff_flag_does_not_widen_the_audit_log(client, province, staff_clerk):
    """A staff account reads only its own units' history, on the audit page and in the admin."""
    org_services.unit_update(actor=province.users["admin"], unit=province.commune_b, short_name="YM")
    org_services.unit_update(actor=province.users["admin"], unit=province.commune_a, short_name="AT")
    client.force_login(staff_clerk)
    page = client.get("/nhat-ky/").content.decode()
    assert "Đảng ủy xã Ân Thi" in page
    assert "Đảng ủy xã Yên Mỹ" not in page
    foreign = AuditEvent.objects.filter(object_type="orgs.orgunit",
                                        object_id=str(province.commune_b.pk)).first()
    filtered = client.get("/nhat-ky/", {"object_type": "orgs.orgunit", "object_id": foreign.object_id})
    assert "Đảng ủy xã Yên Mỹ" not in filtered.content.decode()
    from django.contrib.auth.models import Permission

    staff_clerk.user_permissions.set(Permission.objects.filter(content_type__app_label="core"))
    admin_list = client.get("/quan-tri/core/auditevent/").content.decode()
    assert "Đảng ủy xã Ân Thi" in admin_list and "Đảng ủy xã Yên Mỹ" not in admin_list
    assert client.get(f"/quan-tri/core/auditevent/{foreign.pk}/change/").status_code in (302, 404)


def test_province_wide_scope_and_superuser_read_every_unit_history(client, province):
    """The provincial office (scope: the whole province) and a superuser read every commune's entries."""
    org_services.unit_update(actor=province.users["admin"], unit=province.commune_b, short_name="YM")
    for key in ("office", "admin"):
        client.force_login(province.users[key])
        page = client.get("/nhat-ky/").content.decode()
        assert "Đảng ủy xã Yên Mỹ" in page and "Đảng ủy xã Ân Thi" in page
