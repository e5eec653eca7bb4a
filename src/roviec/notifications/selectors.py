"""Reads: a user's own notifications, and who should hear about a task.

Notifications belong to one person: every read filters on the recipient, so
another user's notification is absent (404), whatever their scope.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from roviec.core.errors import NotFoundError
from roviec.notifications.models import Notification


def notification_list(*, user, unread_only: bool = False) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    notifications = Notification.objects.filter(recipient=user).select_related("task")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications


def notification_get(*, user, pk) -> Notification:
    try:
        return notification_list(user=user).get(pk=pk)
    except (Notification.DoesNotExist, ValueError, TypeError):
        raise NotFoundError("Không tìm thấy thông báo.") from None


def notification_unread_count(*, user) -> int:
    return notification_list(user=user, unread_only=True).count()


# --- recipients ------------------------------------------------------------------

def _current_positions(today: datetime.date, prefix: str = "") -> Q:
    p = prefix
    return (
        (Q(**{f"{p}start_date__isnull": True}) | Q(**{f"{p}start_date__lte": today}))
        & (Q(**{f"{p}end_date__isnull": True}) | Q(**{f"{p}end_date__gte": today}))
    )


def unit_member_users(*, unit_ids, today: datetime.date, roles: tuple[str, ...] | None = None) -> QuerySet:
    """Active accounts of the people holding a current position in one of the units (not below)."""
    from roviec.orgs.models import Position

    positions = Position.objects.filter(_current_positions(today), unit_id__in=list(unit_ids))
    if roles is not None:
        positions = positions.filter(access_role__in=roles)
    user_ids = positions.filter(person__user__isnull=False).values("person__user_id")
    return get_user_model().objects.filter(pk__in=user_ids, is_active=True).select_related("person")


def person_user(person):
    """The active account linked to a person, or None."""
    if person is None or person.user_id is None:
        return None
    user = person.user
    return user if user.is_active else None


def email_address(user) -> str:
    person = getattr(user, "person", None)
    return (getattr(person, "email", "") or user.email or "").strip()
