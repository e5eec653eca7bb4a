"""The review report as DOCX (roviec.docgen); every finding names its place in the draft
(paragraph number and the quoted words), and the notes carry the superior's text."""

from __future__ import annotations

import io

from django.utils import timezone

from roviec.docgen import DocBuilder, Note, Run
from roviec.reviews import presenting, selectors
from roviec.reviews.models import ReviewRun


def review_docx(run: ReviewRun) -> bytes:
    result = run.result
    summary = result.get("summary", {})
    anchors = presenting.Anchors(run.draft_text)
    numbers = {f"p-{a}": i + 1 for i, (a, _) in enumerate(anchors.spans)}

    def where(offset) -> str:
        return f"đoạn {numbers.get(anchors.of(offset), '?')}"

    confirmations = list(selectors.run_confirmations(run))
    reviewer = presenting.reviewer_coverage(result, confirmations)
    reviewed = presenting.reviewer_summary(reviewer)
    not_covered = f"{reviewed['not_covered']} yêu cầu của cấp trên chưa được cụ thể hóa"
    if reviewed["confirmed"]:
        not_covered += (f" (máy đánh giá: {reviewed['engine_not_covered']}; người thẩm định xác nhận "
                        f"{reviewed['confirmed']} yêu cầu)")

    doc = DocBuilder()
    doc.add_paragraph("BÁO CÁO THẨM ĐỊNH DỰ THẢO", align="center", bold=True)
    doc.add_paragraph(run.title, align="center", italic=True)
    doc.add_paragraph(
        f"Đơn vị soạn thảo: {run.unit.name}. Tệp: {run.draft_name} (SHA-256 {run.draft_sha256[:16]}…). "
        f"Thẩm định lúc {timezone.localtime(run.created_at):%d/%m/%Y %H:%M}."
    )
    sups = list(run.superiors.all())
    if sups:
        doc.add_paragraph("Văn bản cấp trên đối chiếu: " + "; ".join(s.name for s in sups) + ".")
    doc.add_paragraph(
        f"Tóm tắt: {summary.get('tasks', 0)} nhiệm vụ, {summary.get('tasks_complete', 0)} đủ sáu rõ, "
        f"{summary.get('tasks_vague', 0)} chung chung; sao chép {round(100 * summary.get('copy_share_chars', 0))}% "  # noqa: E501
        f"nội dung; {not_covered}; "
        f"{summary.get('figures_inconsistent', 0)} số liệu không khớp."
    )

    doc.add_paragraph("1. Sáu rõ và cách diễn đạt chung chung", bold=True)
    for t in result.get("tasks", []):
        if not t["missing"] and not t["vague"]:
            continue
        lacks = ", ".join(str(presenting.CLARITY_NAMES[c]) for c in t["missing"])
        doc.add_paragraph([Run(f"{where(t['offset'])}: ", bold=True), t["text"][:300]])
        doc.add_paragraph(
            f"Thiếu: {lacks or '—'}." + (" " + " ".join(t["why"][:1]) if t["vague"] else ""), italic=True
        )

    if sups:
        doc.add_paragraph("2. Sao chép máy móc văn bản cấp trên", bold=True)
        share = result.get("copy_share", {})
        doc.add_paragraph(
            f"{round(100 * share.get('chars', 0))}% số ký tự, {round(100 * share.get('sentences', 0))}% "
            "số câu của dự thảo lặp lại văn bản cấp trên."
        )
        for c in result.get("copied_spans", [])[:100]:
            doc.add_paragraph(
                [
                    Run(f"{where(c['draft_offset'])} ({round(100 * c['similarity'])}%): ", bold=True),
                    c["draft_text"][:300],
                    Note(f"Văn bản cấp trên: {c['superior_text'][:500]}"),
                ]
            )
        doc.add_paragraph("3. Cụ thể hóa yêu cầu của cấp trên", bold=True)
        for c, r in zip(result.get("coverage", []), reviewer, strict=True):
            places = ", ".join(where(o) for o in c["draft_offsets"][:3]) or "—"
            doc.add_paragraph(
                [
                    Run(f"{presenting.VERDICTS[c['verdict']]}: ", bold=True),
                    c["superior_text"][:300],
                    Run(f" → {places}. {c['why']}", italic=True),
                ]
            )
            if c["verdict"] == "not_covered":
                for k in c.get("candidates", []):
                    lacks = ", ".join(str(presenting.CLARITY_NAMES[m]) for m in k.get("missing", [])
                                      if m in presenting.CLARITY_NAMES)
                    doc.add_paragraph(
                        f"Nhiệm vụ có thể liên quan: {where(k['draft_offset'])} “{k['text'][:300]}”"
                        + (f" (thiếu: {lacks})" if lacks else "") + "."
                    )
            for k in confirmations:
                if k.withdrawn_at or (k.superior_index, k.superior_offset) != (
                    r["superior_index"], r["superior_offset"]
                ):
                    continue
                doc.add_paragraph(
                    f"Người thẩm định {presenting.person_name(k.created_by)} xác nhận ngày "
                    f"{timezone.localtime(k.created_at):%d/%m/%Y}: {where(k.draft_offset)} cụ thể hóa yêu cầu"
                    + (f" ({k.note})" if k.note else "") + ".",
                    italic=True,
                )
            if r["verdict"] != c["verdict"]:
                doc.add_paragraph(f"Đánh giá của người thẩm định: {presenting.VERDICTS[r['verdict']]}.",
                                  bold=True)
        doc.add_paragraph("4. Thời hạn ban hành", bold=True)
        for t in result.get("timeliness_all", []):
            doc.add_paragraph(t["why"])

    doc.add_paragraph("5. Số liệu", bold=True)
    bad = [f for f in result.get("figures", []) if not f["consistent"]]
    if not bad:
        doc.add_paragraph("Không phát hiện số liệu không khớp.")
    for f in bad:
        doc.add_paragraph([Run(f"{where(f['offset'])}: ", bold=True), f"“{f['text'][:300]}” — {f['why']}"])

    overlaps = result.get("registry_overlaps", [])
    if overlaps or result.get("overlaps"):
        doc.add_paragraph("6. Trùng lặp, chồng chéo", bold=True)
        for o in overlaps:
            doc.add_paragraph(
                f"{where(o['draft_offset'])} ~ nhiệm vụ #{o['task_id']} ({o['task_unit'] or '—'}): {o['why']}"
            )
        for o in result.get("overlaps", []):
            doc.add_paragraph(f"Trong dự thảo: {o['why']}")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
