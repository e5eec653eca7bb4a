"""The demo plan review, built through the real services: the sample plan read as a draft and
checked against the sample conclusion notice, with one candidate task confirmed by the office,
so the review page shows every finding, the candidates and a reviewer's confirmation.

Called by the demo builder once the tree and the people exist: ``build_demo_review(tree, users)``.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from roviec.demo.builder import CONCLUSION_SAMPLE, PLAN_SAMPLE, sample_text
from roviec.demo.clock import at, day
from roviec.reviews import confirming, services
from roviec.reviews.models import ReviewRun


def _upload(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, sample_text(name).encode("utf-8"), content_type="text/plain")


def build_demo_review(tree, users) -> ReviewRun:
    office = users["vanphong"]
    with at(day(2026, 9, 7)):
        run = services.review_run_create(
            actor=office,
            unit=tree.office,
            draft=_upload(PLAN_SAMPLE),
            title="Dự thảo kế hoạch (mẫu) đối chiếu Thông báo kết luận kiểm tra",
            superior_files=[_upload(CONCLUSION_SAMPLE)],
            today=day(2026, 9, 7).date(),
        )
    uncovered = [c for c in run.result["coverage"] if c.get("candidates")]
    if uncovered:
        first = uncovered[0]
        with at(day(2026, 9, 8)):
            confirming.coverage_confirm(
                actor=office,
                run=run,
                superior_index=first.get("superior_index", 0),
                superior_offset=first["superior_offset"],
                draft_offset=first["candidates"][0]["draft_offset"],
                note="Nhiệm vụ này thực hiện yêu cầu bằng cách diễn đạt khác (mẫu minh họa).",
            )
    return run
