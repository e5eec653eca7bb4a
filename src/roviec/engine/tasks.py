"""Stage 4: tasks a document sets, each with its lead, coordinators, deadline, recurrence,
deliverable, addressees and the words that make it clear on the six counts.

    find_tasks(text_or_extraction, *, organizations=(), document_date=None) -> list[TaskItem]

`organizations` is the caller's list of units, as Organization objects, (name, aliases) pairs,
{"name", "aliases"} dicts or bare names: the engine has no database. Units the text names
from that list come back with `unit` set; generic addressees ("các đảng ủy trực thuộc") come
back with `generic=True` and a `group` code the web app expands; in a conclusion notice the
inspected organisations listed in a footnote are expanded by the engine itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from roviec.engine.models import Extraction
from roviec.engine.taskfind.models import Addressee, Organization, TaskItem
from roviec.engine.taskfind.vocab import as_organizations

__all__ = ["Addressee", "Organization", "TaskItem", "find_tasks", "task_to_dict"]


def find_tasks(
    text_or_extraction: str | Extraction,
    *,
    organizations: Iterable[Any] = (),
    document_date: date | None = None,
) -> list[TaskItem]:
    """The tasks of a document given as text or as an Extraction (offsets index its text)."""
    from roviec.engine.pipeline import extract

    orgs = as_organizations(organizations)
    if isinstance(text_or_extraction, Extraction):
        extraction = text_or_extraction
        if not orgs and document_date is None:
            return list(extraction.tasks)
        text = extraction.text
        document_date = document_date or extraction.document_date
    else:
        text = text_or_extraction
    return list(extract(text, document_date=document_date, organizations=orgs).tasks)


def task_to_dict(task: TaskItem) -> dict[str, Any]:
    return {
        "offset": task.offset,
        "text": task.text,
        "action": task.action,
        "lead": task.lead,
        "lead_inherited": task.lead_inherited,
        "coordinators": list(task.coordinators),
        "deadline": task.deadline.isoformat() if task.deadline else None,
        "deadline_text": task.deadline_text,
        "recurrence": task.recurrence,
        "deliverable": task.deliverable,
        "addressees": [
            {
                "name": a.name,
                "unit": a.unit,
                "generic": a.generic,
                "group": a.group,
                "offset": a.offset,
                "expanded_from": a.expanded_from,
            }
            for a in task.addressees
        ],
        "section": list(task.section),
        "clarity": dict(task.clarity),
        "source": task.source,
    }
