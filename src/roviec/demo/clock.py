"""Replay demo history at past moments, so reports, acceptances and audit entries carry real dates."""

import contextlib
import datetime
from unittest import mock

from django.utils import timezone


@contextlib.contextmanager
def at(moment: datetime.datetime):
    """Run the enclosed service calls as if the clock showed ``moment``.

    Only the demo builder uses this: the services themselves always read the
    real clock, and every record they write (audit entries included) then
    carries the replayed time consistently.
    """
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def day(year: int, month: int, dom: int, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, dom, hour))
