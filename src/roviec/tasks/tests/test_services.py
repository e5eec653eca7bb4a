"""Tasks and reports change only through the services, by the right people, with full audit."""

import datetime
import hashlib

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from roviec.core.errors import NotFoundError, PermissionDeniedError, ServiceError
from roviec.core.models import AuditEvent
from roviec.tasks import services
from roviec.tasks.models import EvidenceFile, ProgressReport, Task
from roviec.tasks.status import TaskStatus, task_status

D = datetime.date
TZ = timezone.get_default_timezone()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(*args):
    return time_machine.travel(datetime.datetime(*args, 9, 0, tzinfo=TZ), tick=False)


def events(instance):
    return list(AuditEvent.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))
                .order_by("id"))


def submit(province, task, percent=100, narrative="Đã tổ chức hội nghị quán triệt", files=(),
           user="commune_a"):
    return services.report_submit(actor=province.users[user], task=task, percent=percent,
                                  narrative=narrative, evidence_files=files)


pytestmark = pytest.mark.django_db


def test_create_computes_due_date_search_text_and_audits(province, make_task):
    """A new task is due on its deadline, searchable without diacritics, and recorded once."""
    task = make_task(coordinating_units=[province.inspection], field="Xây dựng Đảng")
    assert task.due_date == D(2030, 6, 30)
    assert "quan triet" in task.search_text and "an thi" in task.search_text
    [event] = events(task)
    assert event.action == "create"
    assert event.after["content"] == task.content
    assert event.after["coordinating_units"] == [province.inspection.pk]
    assert set(event.units.values_list("pk", flat=True)) == {
        province.commune_a.pk, province.root.pk, province.inspection.pk}


def test_create_refuses_outside_scope_and_bad_input(province, make_task):
    """A commune cannot assign tasks to another commune; content and recurrence rules are explained."""
    with pytest.raises(ServiceError) as error:
        make_task(actor=province.users["commune_a"], assigned_by_unit=province.commune_a,
                  lead_unit=province.commune_b)
    assert error.value.fields == {"lead_unit": [services.UNIT_NOT_FOUND]}
    with pytest.raises(PermissionDeniedError):
        make_task(actor=province.users["commune_a"], assigned_by_unit=province.commune_a,
                  lead_unit=province.cell_a, accountable_person=province.people["commune_a"])
    with pytest.raises(ServiceError) as error:
        make_task(content="   ")
    assert "content" in error.value.fields
    with pytest.raises(ServiceError) as error:
        make_task(deadline=None, recurrence="monthly")
    assert "deadline" in error.value.fields
    with pytest.raises(ServiceError) as error:
        make_task(recurrence="monthly", recurrence_until=D(2026, 1, 1))
    assert "recurrence_until" in error.value.fields
    assert not Task.objects.exists()
    assert not AuditEvent.objects.filter(object_type="tasks.task").exists()


def test_child_lead_must_be_inside_parent_lead(province, make_task):
    """A sub-task goes to a unit under the parent's lead unit, never sideways."""
    parent = make_task()
    child = make_task(parent=parent, lead_unit=province.cell_a)
    assert child.parent == parent
    with pytest.raises(ServiceError) as error:
        make_task(parent=parent, lead_unit=province.commune_b)
    assert "lead_unit" in error.value.fields


def test_update_records_exact_diff(province, make_task):
    """Editing a task records only what changed, before and after."""
    task = make_task()
    services.task_update(actor=province.users["office"], task=task, deadline=D(2030, 7, 31),
                         deliverable="Kế hoạch thực hiện")
    task.refresh_from_db()
    assert task.due_date == D(2030, 7, 31)
    event = events(task)[-1]
    assert event.action == "update"
    assert event.before == {"deadline": "2030-06-30", "due_date": "2030-06-30",
                            "deliverable": "Báo cáo kết quả triển khai"}
    assert event.after == {"deadline": "2030-07-31", "due_date": "2030-07-31",
                           "deliverable": "Kế hoạch thực hiện"}
    assert len(events(task)) == 2


def test_commune_cannot_update_or_cancel(province, make_task):
    """A commune's focal point reports; it does not edit or cancel the task."""
    task = make_task()
    with pytest.raises(PermissionDeniedError):
        services.task_update(actor=province.users["commune_a"], task=task, content="Khác")
    with pytest.raises(NotFoundError):
        services.task_cancel(actor=province.users["commune_b"], task=task, reason="Không cần")


def test_cancel_needs_reason_and_blocks_reports(province, make_task):
    """A task is never deleted: it is cancelled with a reason, and then nothing more is reported."""
    task = make_task()
    with pytest.raises(ServiceError) as error:
        services.task_cancel(actor=province.users["office"], task=task, reason=" ")
    assert error.value.code == "reason_required"
    services.task_cancel(actor=province.users["office"], task=task, reason="Trùng nhiệm vụ khác")
    task.refresh_from_db()
    assert task_status(task) == TaskStatus.CANCELLED
    event = events(task)[-1]
    assert (event.action, event.reason) == ("cancel", "Trùng nhiệm vụ khác")
    assert event.before == {"cancelled_at": None, "cancel_reason": ""}
    with pytest.raises(ServiceError) as error:
        submit(province, task)
    assert error.value.code == "task_cancelled"


def test_suspend_and_resume(province, make_task):
    """A suspended task shows as suspended, takes no report, and resumes with a reason."""
    task = make_task()
    services.task_suspend(actor=province.users["office"], task=task, reason="Chờ hướng dẫn")
    task.refresh_from_db()
    assert task_status(task) == TaskStatus.SUSPENDED
    with pytest.raises(ServiceError):
        submit(province, task)
    services.task_resume(actor=province.users["office"], task=task, reason="Đã có hướng dẫn")
    task.refresh_from_db()
    assert task.suspended_at is None and task.suspend_reason == ""
    assert [e.reason for e in events(task)[1:]] == ["Chờ hướng dẫn", "Đã có hướng dẫn"]


def test_report_stores_evidence_bytes_and_hash(province, make_task):
    """Evidence is kept byte for byte with its SHA-256, and the report is audited once."""
    task = make_task()
    report = submit(province, task, percent=40,
                    files=[SimpleUploadedFile("Biên bản hội nghị.pdf", PDF, content_type="application/pdf")])
    [evidence] = report.evidence.all()
    assert evidence.original_name == "Biên bản hội nghị.pdf"
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.size == len(PDF) and evidence.mime_type == "application/pdf"
    with default_storage.open(evidence.file.name, "rb") as stored:
        assert stored.read() == PDF
    task.refresh_from_db()
    assert task.last_report_at is not None and task.progress_percent == 0
    assert task_status(task) == TaskStatus.IN_PROGRESS
    [event] = events(report)
    assert event.action == "create"
    assert event.after["evidence"] == [{"name": "Biên bản hội nghị.pdf", "size": len(PDF),
                                        "sha256": hashlib.sha256(PDF).hexdigest()}]


def test_report_refuses_bad_input_without_writing(province, make_task):
    """A bad file, percent or empty narrative leaves no report and no file behind."""
    task = make_task()
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00",
                             content_type="application/pdf")
    with pytest.raises(ServiceError) as error:
        submit(province, task, files=[SimpleUploadedFile("ok.pdf", PDF), bad])
    assert "evidence" in error.value.fields
    with pytest.raises(ServiceError) as error:
        submit(province, task, percent=120)
    assert "percent" in error.value.fields
    with pytest.raises(ServiceError) as error:
        submit(province, task, narrative="  ")
    assert "narrative" in error.value.fields
    assert not ProgressReport.objects.exists() and not EvidenceFile.objects.exists()


def test_only_lead_unit_reports(province, make_task):
    """Another commune cannot report (the task is invisible to it); a coordinator cannot either."""
    task = make_task(coordinating_units=[province.commune_b])
    with pytest.raises(PermissionDeniedError):
        submit(province, task, user="commune_b")
    other = make_task(lead_unit=province.office)
    with pytest.raises(NotFoundError):
        submit(province, other, user="commune_b")


def test_accept_full_report_completes_on_submission_date(province, make_task):
    """Done on time is judged by when the unit finished, not when the authority accepted."""
    task = make_task(deadline=D(2026, 6, 30))
    with at(2026, 6, 29):
        report = submit(province, task, percent=100)
    with at(2026, 7, 10):
        services.report_accept(actor=province.users["office"], report=report, comment="Đạt yêu cầu")
        task.refresh_from_db()
        assert task.completed_on == D(2026, 6, 29)
        assert task.progress_percent == 100
        assert task_status(task) == TaskStatus.DONE_ON_TIME
    [_, event] = events(report)
    assert event.action == "accept"
    assert event.before["review"] == "pending" and event.after["review"] == "accepted"
    assert event.after["task.completed_on"] == "2026-06-29"
    assert event.after["task.progress_percent"] == 100


def test_late_report_is_done_late(province, make_task):
    """A report submitted after the deadline completes the task late."""
    task = make_task(deadline=D(2026, 6, 30))
    with at(2026, 7, 2):
        report = submit(province, task)
        services.report_accept(actor=province.users["leader"], report=report)
        task.refresh_from_db()
        assert task_status(task) == TaskStatus.DONE_LATE


def test_partial_accept_sets_progress_and_return_needs_comment(province, make_task):
    """Progress is the latest accepted report; a returned report needs a comment and changes nothing."""
    task = make_task()
    first = submit(province, task, percent=30)
    services.report_accept(actor=province.users["office"], report=first)
    second = submit(province, task, percent=70)
    with pytest.raises(ServiceError) as error:
        services.report_return(actor=province.users["office"], report=second, comment="")
    assert "comment" in error.value.fields
    services.report_return(actor=province.users["office"], report=second, comment="Thiếu số liệu")
    task.refresh_from_db()
    assert task.progress_percent == 30 and task.completed_on is None
    second.refresh_from_db()
    assert second.review == "returned" and second.review_comment == "Thiếu số liệu"
    event = events(second)[-1]
    assert (event.action, event.reason) == ("return", "Thiếu số liệu")
    with pytest.raises(ServiceError) as error:
        services.report_accept(actor=province.users["office"], report=second)
    assert error.value.code == "report_reviewed"


def test_only_authority_reviews(province, make_task):
    """The lead unit cannot accept its own report; outsiders do not even see it."""
    task = make_task()
    report = submit(province, task)
    with pytest.raises(PermissionDeniedError):
        services.report_accept(actor=province.users["commune_a"], report=report)
    with pytest.raises(NotFoundError):
        services.report_accept(actor=province.users["commune_b"], report=report)
    person_task = make_task(authority_unit=None, authority_person=province.people["inspector"],
                            lead_unit=province.inspection)
    report = submit(province, person_task, user="inspector")
    services.report_accept(actor=province.users["inspector"], report=report)


def test_recurring_task_moves_due_date_and_completes_at_end(province, make_task):
    """Each accepted report fulfils one occurrence; the last one completes the series."""
    task = make_task(deadline=D(2026, 1, 31), recurrence="monthly", recurrence_until=D(2026, 3, 31))
    assert task.due_date == D(2026, 1, 31)
    dates = []
    for day in (D(2026, 1, 30), D(2026, 2, 27), D(2026, 4, 2)):
        with at(day.year, day.month, day.day):
            report = submit(province, task, percent=100)
            services.report_accept(actor=province.users["office"], report=report)
        task.refresh_from_db()
        dates.append((task.due_date, task.completed_on))
    assert dates == [(D(2026, 2, 28), None), (D(2026, 3, 31), None), (D(2026, 3, 31), D(2026, 4, 2))]
    assert task.fulfilled_occurrences == 3
    assert task_status(task, today=D(2026, 4, 3)) == TaskStatus.DONE_LATE


def test_parent_progress_rolls_up_from_children(province, make_task):
    """A parent's progress is the mean of its live children's progress."""
    parent = make_task()
    first = make_task(parent=parent, lead_unit=province.cell_a)
    second = make_task(parent=parent, lead_unit=province.commune_a)
    services.report_accept(actor=province.users["office"], report=submit(province, first, percent=100))
    parent.refresh_from_db()
    assert parent.progress_percent == 50
    services.report_accept(actor=province.users["office"], report=submit(province, second, percent=40))
    parent.refresh_from_db()
    assert parent.progress_percent == 70
    services.task_cancel(actor=province.users["office"], task=second, reason="Không còn phù hợp")
    parent.refresh_from_db()
    assert parent.progress_percent == 100


def test_every_mutation_is_one_audit_entry(province, make_task):
    """Each service call leaves exactly one audit entry, however many rows it touched."""
    before = AuditEvent.objects.count()
    task = make_task()
    report = submit(province, task, percent=50, files=[SimpleUploadedFile("a.pdf", PDF)])
    services.report_accept(actor=province.users["office"], report=report)
    services.task_update(actor=province.users["office"], task=task, field="Tuyên giáo")
    services.task_suspend(actor=province.users["office"], task=task, reason="Tạm hoãn")
    services.task_resume(actor=province.users["office"], task=task, reason="Tiếp tục")
    services.task_cancel(actor=province.users["office"], task=task, reason="Hủy")
    assert AuditEvent.objects.count() - before == 7
