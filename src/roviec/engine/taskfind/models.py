"""Dataclasses of task extraction: a task item, its addressees, the organisation list."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Organization:
    """A unit the caller knows (the engine has no database): its name and other spellings."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Addressee:
    """A unit or group a task is addressed to.

    `unit` is the matched organisation's name when the text names one the caller supplied;
    `generic` groups ("các đảng ủy trực thuộc") carry a `group` code the web app expands into
    concrete units; `expanded_from` is set on units the engine expanded itself (the inspected
    organisations a conclusion notice lists in a footnote).
    """

    name: str  # as written (or as listed in the footnote that expands a group)
    unit: str | None = None
    generic: bool = False
    group: str | None = None
    offset: int | None = None  # in the original text; None for expanded or table-derived names
    expanded_from: str | None = None

    @property
    def key(self) -> str:
        """Identity for comparisons: the unit, else the group code, else the folded name."""
        if self.unit:
            return self.unit
        if self.group:
            return f"group:{self.group}"
        return self.name


@dataclass(frozen=True)
class TaskItem:
    offset: int  # of `text` in the original input
    end: int
    text: str  # the sentence, item or table cell as in the source
    action: str | None
    lead: str | None  # unit or group as written (inherited from an opening sentence or heading)
    coordinators: tuple[str, ...]
    deadline: date | None  # end date, normalised like Extraction.deadlines
    deadline_text: str | None
    recurrence: str | None  # None | "monthly" | "quarterly" | "half_yearly" | "yearly"
    deliverable: str | None
    addressees: tuple[Addressee, ...]
    section: tuple[str, ...]  # heading path, outermost first
    clarity: dict[str, str | None] = field(default_factory=dict)
    lead_inherited: bool = False
    source: str = "text"  # "text" | "table"
