"""The whole review of a draft against its superior document(s), and its JSON form."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from roviec.engine.review._text import Doc
from roviec.engine.review.clarity import CLARITIES, MISSING_WHY, Clarities, assess_clarities
from roviec.engine.review.copying import CopiedSpan, find_copying
from roviec.engine.review.coverage import Coverage, match_coverage
from roviec.engine.review.figures import FigureFinding, check_figures
from roviec.engine.review.items import find_items
from roviec.engine.review.overlaps import Overlap, TaskRecord, find_overlaps
from roviec.engine.review.timeliness import Timeliness, check_timeliness
from roviec.engine.review.vague import vague_reasons

_LIST_MARKER = re.compile(r"^\s*(?:[-–+•*]|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[IVX]+[.-])\s*")


@dataclass(frozen=True)
class TaskReview:
    offset: int
    end: int
    text: str
    section: str
    present: dict[str, str | None]
    missing: list[str]
    vague: bool
    why: list[str]
    # clarities given above the task (sub-heading, table group row or column), not in its words
    given: dict[str, str] = field(default_factory=dict)


@dataclass
class ReviewReport:
    tasks: list[TaskReview]
    copied_spans: list[CopiedSpan] = field(default_factory=list)
    copy_share: dict[str, float] = field(default_factory=lambda: {"chars": 0.0, "sentences": 0.0})
    copy_sections: list[dict] = field(default_factory=list)
    coverage: list[Coverage] = field(default_factory=list)
    timeliness: Timeliness | None = None
    timeliness_all: list[Timeliness] = field(default_factory=list)
    figures: list[FigureFinding] = field(default_factory=list)
    overlaps: list[Overlap] = field(default_factory=list)

    @property
    def summary(self) -> dict:
        return {
            "tasks": len(self.tasks),
            "tasks_complete": sum(1 for t in self.tasks if not t.missing),
            "tasks_vague": sum(1 for t in self.tasks if t.vague),
            "missing": {c: sum(1 for t in self.tasks if c in t.missing) for c in CLARITIES},
            "copy_share_chars": self.copy_share["chars"],
            "covered": sum(1 for c in self.coverage if c.verdict == "covered"),
            "partly": sum(1 for c in self.coverage if c.verdict == "partly"),
            "not_covered": sum(1 for c in self.coverage if c.verdict == "not_covered"),
            "figures_inconsistent": sum(1 for f in self.figures if not f.consistent),
            "overlaps": len(self.overlaps),
            "late": self.timeliness.late if self.timeliness else None,
        }


def review_task(
    text: str,
    offset: int = 0,
    end: int | None = None,
    section: str = "",
    given: dict[str, str] | None = None,
) -> TaskReview:
    """Six clarities and vague wording of one task; `given` holds what its sub-heading or table
    row gives it (owner, deadline, deliverable), used where its own words lack them."""
    body = _LIST_MARKER.sub("", text, count=1)  # "1.", "-", "a)" number the item, they are not quantities
    clarities = assess_clarities(body)
    used = {k: v for k, v in (given or {}).items() if not clarities.present.get(k)}
    if used:
        clarities = Clarities(present=clarities.present | used)
    why = vague_reasons(body, clarities)
    missing = clarities.missing
    return TaskReview(
        offset,
        offset + len(text) if end is None else end,
        text,
        section,
        clarities.present,
        missing,
        bool(why),
        why + [MISSING_WHY[c] for c in missing],
        used,
    )


def review_texts(
    draft: str,
    superiors: list[str] | tuple[str, ...] = (),
    *,
    today: date | None = None,
    task_source: str = "own",
) -> ReviewReport:
    """Review `draft` (and, with superiors, copying, coverage and timeliness). Offsets index `draft`
    (copied_spans.superior_offset and coverage.superior_offset index the superior's text)."""
    draft_doc = Doc(draft)
    sup_docs = [Doc(s) for s in superiors]
    tasks = [
        review_task(t.text, t.offset, t.end, t.section, t.given)
        for t in find_items(draft_doc, source=task_source)
    ]
    report = ReviewReport(tasks=tasks, figures=check_figures(draft_doc))
    records = [
        TaskRecord(
            key=f"draft:{t.offset}",
            text=t.text,
            owner=t.present["owner"],
            deadline_text=t.present["deadline"],
            offset=t.offset,
        )
        for t in tasks
    ]
    report.overlaps = find_overlaps(records)
    if not sup_docs:
        return report
    copying = find_copying(draft_doc, sup_docs)
    report.copied_spans = copying.spans
    report.copy_share = {"chars": copying.share_chars, "sentences": copying.share_sentences}
    report.copy_sections = copying.sections
    pairs = [(t, t.missing) for t in tasks]
    for k, doc in enumerate(sup_docs):
        requirements = find_items(doc, source=task_source, requirements=True)
        report.coverage.extend(match_coverage(requirements, pairs, superior_index=k))
        report.timeliness_all.append(check_timeliness(draft_doc, doc, today=today))
    report.timeliness = report.timeliness_all[0]
    return report


def _timeliness_dict(t: Timeliness | None) -> dict | None:
    if t is None:
        return None
    d = asdict(t)
    for key in ("superior_date", "draft_date"):
        d[key] = d[key].isoformat() if d[key] else None
    return d


def report_to_dict(
    report: ReviewReport, *, source: str | None = None, superiors: list[str] | None = None
) -> dict:
    """The JSON contract of `roviec review --json` (more keys than the minimum)."""
    out: dict = {}
    if source is not None:
        out["source"] = source
    if superiors is not None:
        out["superiors"] = superiors
    out["summary"] = report.summary
    out["tasks"] = [asdict(t) for t in report.tasks]
    out["copied_spans"] = [asdict(s) for s in report.copied_spans]
    out["copy_share"] = report.copy_share
    out["copy_sections"] = report.copy_sections
    out["coverage"] = [asdict(c) for c in report.coverage]
    out["left_out"] = [c.superior_text for c in report.coverage if c.verdict == "not_covered"]
    out["timeliness"] = _timeliness_dict(report.timeliness)
    out["timeliness_all"] = [_timeliness_dict(t) for t in report.timeliness_all]
    out["figures"] = [asdict(f) for f in report.figures]
    out["overlaps"] = [asdict(o) | {"kinds": list(o.kinds)} for o in report.overlaps]
    return out
