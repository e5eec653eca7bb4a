"""The six clarities a task lacks are flagged, one by one, in Python and in SQL filters."""

import pytest

from roviec.tasks.clarities import Clarity, missing_clarities, missing_q
from roviec.tasks.models import Task


@pytest.mark.django_db
@pytest.mark.parametrize(("overrides", "missing"), [
    ({}, []),
    ({"lead_unit": None}, [Clarity.OWNER]),
    ({"deadline": None}, [Clarity.DEADLINE]),
    ({"accountable_person": None}, [Clarity.ACCOUNTABILITY]),
    ({"deliverable": "  "}, [Clarity.DELIVERABLE]),
    ({"authority_unit": None}, [Clarity.AUTHORITY]),
    ({"authority_unit": None, "authority_person": "leader"}, []),
    ({"lead_unit": None, "deadline": None, "deliverable": "", "accountable_person": None,
      "authority_unit": None}, [Clarity.OWNER, Clarity.DEADLINE, Clarity.ACCOUNTABILITY,
                                Clarity.DELIVERABLE, Clarity.AUTHORITY]),
])
def test_missing_clarities(province, make_task, overrides, missing):
    """Each clarity is judged on its own fields, and the SQL filter finds the same tasks."""
    if overrides.get("authority_person") == "leader":
        overrides["authority_person"] = province.people["leader"]
    task = make_task(**overrides)
    assert missing_clarities(task) == missing
    for clarity in Clarity:
        found = Task.objects.filter(missing_q(clarity), pk=task.pk).exists()
        assert found == (clarity in missing), clarity


@pytest.mark.django_db
def test_missing_action_when_content_blank(province):
    """A task without content lacks "rõ việc" (only possible for legacy rows; services refuse it)."""
    task = Task.objects.create(content="", assigned_by_unit=province.root)
    assert Clarity.ACTION in missing_clarities(task)
    assert Task.objects.filter(missing_q(Clarity.ACTION)).get() == task
