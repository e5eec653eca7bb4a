"""Review of a draft before it is issued (framework-free).

Public API:
    review_texts(draft, superiors=(), *, today=None, task_source="own") -> ReviewReport
    report_to_dict(report, source=None, superiors=None) -> dict   (the `roviec review --json` contract)
    review_task(text) -> TaskReview                                (six clarities + vague wording of one task)
    check_sentence(text) -> [(consistent, why, kind)]              (figure consistency of one sentence)
    find_overlaps(records, pairs_with=None) -> [Overlap]   (duplicates and conflicts across task lists)
"""

from roviec.engine.review.figures import check_sentence
from roviec.engine.review.overlaps import Overlap, TaskRecord, find_overlaps
from roviec.engine.review.report import ReviewReport, TaskReview, report_to_dict, review_task, review_texts

__all__ = [
    "Overlap",
    "ReviewReport",
    "TaskRecord",
    "TaskReview",
    "check_sentence",
    "find_overlaps",
    "report_to_dict",
    "review_task",
    "review_texts",
]
