"""Follow-up rules: who is reminded, when, and that every notice goes out once."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from roviec.notifications import jobs
from roviec.notifications.models import DeliveryLog, Notification, NotificationKind
from roviec.notifications.rules import FollowUpRules, followup_rules
from roviec.notifications.scheduler import plan_followups, run_followups
from roviec.notifications.tests.factories import DUE, make_task

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 8):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, hour, tzinfo=VN), tick=False)


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the follow-up job as the scheduler would on ``day`` (frozen clock, e-mails after commit)."""

    def run_on(day: datetime.date, hour: int = 8):
        with at(day, hour), django_capture_on_commit_callbacks(execute=True):
            return jobs.followups_run().get()

    return run_on


@pytest.fixture
def no_digest(settings):
    """Tests of per-task rules leave the weekly digest out of the count."""
    settings.ROVIEC_FOLLOWUP = {"digest_weekday": None}


def kinds_for(user, **filters):
    return list(Notification.objects.filter(recipient=user, **filters).order_by("pk")
                .values_list("kind", flat=True))


def test_reminders_go_out_exactly_at_the_configured_offsets(no_digest, people, run, mailoutbox):
    """The lead unit is reminded 7, 3 and 1 days before the deadline, and on no other day."""
    task = make_task(people)
    reminded_on = []
    for offset in range(12, -1, -1):
        day = DUE - datetime.timedelta(days=offset)
        before = Notification.objects.filter(task=task).count()
        run(day)
        if Notification.objects.filter(task=task).count() > before:
            reminded_on.append(offset)
    assert reminded_on == [7, 3, 1]
    commune_user = people.users["commune_a"]
    assert kinds_for(commune_user) == [NotificationKind.REMINDER] * 3
    assert [m.to for m in mailoutbox] == [["xaanthi@example.vn"]] * 3
    assert "30/06/2026" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("[Rõ Việc] Nhắc hạn: còn 7 ngày")


def test_running_twice_on_one_day_delivers_each_notice_once(no_digest, people, run, mailoutbox):
    """A second run (a retried job, a restart, a second scheduler) sends nothing new."""
    make_task(people)
    first = run(DUE - datetime.timedelta(days=3))
    second = run(DUE - datetime.timedelta(days=3), hour=9)
    assert first["delivered"] == 1
    assert second == {"planned": 1, "delivered": 0, "emails_resent": 0}
    assert Notification.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_missed_day_is_caught_up_once(no_digest, people, run):
    """If the worker was down on the 7-day mark, the reminder still goes out once on the next run."""
    task = make_task(people)
    run(DUE - datetime.timedelta(days=5))
    run(DUE - datetime.timedelta(days=4))
    notes = list(Notification.objects.filter(task=task))
    assert len(notes) == 1
    assert "còn 5 ngày" in notes[0].title
    assert DeliveryLog.objects.get().key.startswith(f"reminder:{task.pk}:2026-06-30:7:")


def test_overdue_notice_then_escalation_to_the_accountable_leader(no_digest, people, run, mailoutbox):
    """Past due the lead unit is told once; after 3 days overdue the accountable leader is told."""
    make_task(people)
    commune_user, leader = people.users["commune_a"], people.users["leader"]
    run(datetime.date(2026, 7, 1))
    assert kinds_for(commune_user) == [NotificationKind.OVERDUE]
    assert kinds_for(leader) == []
    run(datetime.date(2026, 7, 2))
    assert kinds_for(leader) == []
    run(datetime.date(2026, 7, 3))
    assert kinds_for(leader) == [NotificationKind.ESCALATION]
    assert kinds_for(commune_user) == [NotificationKind.OVERDUE]
    run(datetime.date(2026, 7, 10))
    assert kinds_for(leader) == [NotificationKind.ESCALATION]
    escalation = Notification.objects.get(recipient=leader)
    assert "quá hạn 3 ngày" in escalation.title
    assert mailoutbox[-1].to == ["lanhdao@example.vn"]


def test_rules_come_from_settings(people, run, settings):
    """An installation can change the reminder days and the escalation delay in settings."""
    settings.ROVIEC_FOLLOWUP = {"reminder_offsets": [5], "escalate_after_days": 1, "digest_weekday": None}
    assert followup_rules() == FollowUpRules(reminder_offsets=(5,), escalate_after_days=1,
                                             digest_weekday=None)
    make_task(people)
    assert run(DUE - datetime.timedelta(days=7))["planned"] == 0
    assert run(DUE - datetime.timedelta(days=5))["delivered"] == 1
    run(DUE + datetime.timedelta(days=1))
    assert kinds_for(people.users["leader"]) == [NotificationKind.ESCALATION]


def test_unknown_rule_names_are_refused(settings):
    """A typo in ROVIEC_FOLLOWUP fails loudly instead of being ignored."""
    settings.ROVIEC_FOLLOWUP = {"reminder_days": [5]}
    with pytest.raises(ValueError, match="reminder_days"):
        followup_rules()


def test_responsible_person_is_reminded_too(no_digest, people, run):
    """The named responsible person hears about the task even outside the lead unit."""
    make_task(people, responsible_person=people.people["commune_b"])
    run(DUE - datetime.timedelta(days=1))
    assert kinds_for(people.users["commune_b"]) == [NotificationKind.REMINDER]
    assert kinds_for(people.users["commune_a"]) == [NotificationKind.REMINDER]


def test_closed_tasks_are_not_followed_up(no_digest, people, run):
    """Cancelled and suspended tasks get no reminder, overdue notice or escalation."""
    from roviec.tasks import services

    office = people.users["office"]
    cancelled = make_task(people)
    suspended = make_task(people, content="Tổng kết 10 năm thực hiện Chỉ thị 05")
    services.task_cancel(actor=office, task=cancelled, reason="Đã lồng ghép vào nhiệm vụ khác")
    services.task_suspend(actor=office, task=suspended, reason="Chờ hướng dẫn của Trung ương")
    for day in (DUE - datetime.timedelta(days=1), DUE + datetime.timedelta(days=5)):
        assert run(day)["planned"] == 0
    assert Notification.objects.count() == 0


def test_weekly_digest_per_unit_once_a_week(people, run):
    """Each unit's people get one digest a week listing its overdue and due-soon tasks."""
    make_task(people)
    make_task(people, content="Sơ kết công tác dân vận", deadline=datetime.date(2026, 7, 20))
    monday = datetime.date(2026, 6, 29)
    run(monday)
    run(monday + datetime.timedelta(days=1))
    digests = Notification.objects.filter(kind=NotificationKind.DIGEST)
    assert [d.recipient for d in digests] == [people.users["commune_a"]]
    digest = digests.get()
    assert "Tổng hợp tuần 27/2026" in digest.title
    assert "Triển khai học tập" in digest.body
    assert "Sơ kết công tác dân vận" not in digest.body  # due in 3 weeks: not "due soon"
    run(monday + datetime.timedelta(days=7))
    assert Notification.objects.filter(kind=NotificationKind.DIGEST).count() == 2


def test_plan_reads_only(no_digest, people):
    """Planning the follow-up writes nothing (it can be shown as a preview)."""
    make_task(people)
    notices = plan_followups(DUE - datetime.timedelta(days=1))
    assert [n.kind for n in notices] == [NotificationKind.REMINDER]
    assert notices[0].recipient_id == people.users["commune_a"].pk
    assert DeliveryLog.objects.count() == 0


def test_plans_made_by_two_workers_deliver_once(no_digest, people, django_capture_on_commit_callbacks):
    """Two workers plan the same day and deliver one after the other: the unique key stops the second."""
    from roviec.notifications.services import notices_deliver

    make_task(people)
    day = DUE - datetime.timedelta(days=1)
    plan_a, plan_b = plan_followups(day), plan_followups(day)
    sent = []
    with django_capture_on_commit_callbacks(execute=True):
        assert len(notices_deliver(notices=plan_a, enqueue_email=sent.append)) == 1
        assert notices_deliver(notices=plan_b, enqueue_email=sent.append) == []
    assert len(sent) == 1
    assert Notification.objects.count() == 1


def test_run_followups_accepts_an_explicit_day(no_digest, people, django_capture_on_commit_callbacks):
    """The manual trigger runs the follow-up for a given day."""
    make_task(people)
    with django_capture_on_commit_callbacks(execute=True):
        summary = run_followups(DUE - datetime.timedelta(days=7))
    assert summary.delivered == 1


def test_without_an_accountable_leader_the_assigning_units_leaders_are_told(no_digest, people, run):
    """A task with no accountable person still escalates: to the leaders of the unit that assigned it."""
    make_task(people, accountable_person=None)
    run(DUE + datetime.timedelta(days=3))
    assert kinds_for(people.users["leader"]) == [NotificationKind.ESCALATION]
    assert kinds_for(people.users["office"]) == []


def test_people_who_left_the_unit_are_not_reminded(no_digest, people, run):
    """Only current positions count: someone whose post in the lead unit ended hears nothing."""
    from roviec.orgs.models import Position

    make_task(people)
    Position.objects.filter(person=people.people["commune_a"]).update(end_date=datetime.date(2026, 5, 31))
    run(DUE - datetime.timedelta(days=1))
    assert kinds_for(people.users["commune_a"]) == []
