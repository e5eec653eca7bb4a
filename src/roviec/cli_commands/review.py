"""``roviec review DRAFT [--parent SUPERIOR ...] [--json]``: review a draft before it is issued.

Checks the six clarities of every task, vague wording, figures, overlaps inside the draft and,
with ``--parent``, mechanical copying, coverage of the superior's requirements and timeliness.
Offsets in the JSON index the text ``roviec extract --text`` prints for each file.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "review",
        help="thẩm định dự thảo: rõ việc, chung chung, sao chép, bao quát, thời hạn, số liệu",
        description=(
            "Thẩm định dự thảo văn bản (TXT, DOCX, PDF) trước khi ban hành, đối chiếu với văn bản "
            "cấp trên (--parent). Offsets in --json index the text printed by `roviec extract --text`."
        ),
    )
    parser.add_argument("draft", help="tệp dự thảo")
    parser.add_argument(
        "--parent", action="append", default=[], metavar="SUPERIOR", help="văn bản cấp trên (lặp lại được)"
    )
    parser.add_argument("--json", action="store_true", help="in JSON (mặc định: báo cáo đọc được)")
    parser.add_argument(
        "--today", default=None, help="ngày tính thời hạn khi dự thảo chưa ghi ngày (dd/mm/yyyy)"
    )
    parser.add_argument(
        "--tasks",
        choices=("own", "engine"),
        default="own",
        help="cách tách nhiệm vụ: own (mặc định) hoặc engine (roviec.engine.tasks)",
    )
    parser.set_defaults(func=run)
    return parser


class _Failed(Exception):
    pass


def _read(path: str) -> str:
    from roviec.engine.read import ReadError, read_path

    try:
        text = read_path(path).text
    except ReadError as exc:
        raise _Failed(f"roviec review: {path}: {exc.reason}") from None
    if not text.strip():
        raise _Failed(f"roviec review: {path}: tệp không có nội dung văn bản / no text in file")
    return text


def _today(text: str | None) -> date:
    if not text:
        return date.today()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _Failed(f"roviec review: --today: ngày không hợp lệ / invalid date: {text}")


def run(args) -> int:
    from roviec.engine.review import report_to_dict, review_texts

    try:
        today = _today(args.today)
        draft = _read(args.draft)
        parents = [_read(p) for p in args.parent]
    except _Failed as exc:
        print(str(exc), file=sys.stderr)
        return 2
    report = review_texts(draft, parents, today=today, task_source=args.tasks)
    data = report_to_dict(
        report, source=os.path.basename(args.draft), superiors=[os.path.basename(p) for p in args.parent]
    )
    if args.json:
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(data))
    return 0


_NAMES = {
    "owner": "người chủ trì",
    "action": "việc",
    "deadline": "thời hạn",
    "accountability": "trách nhiệm",
    "deliverable": "sản phẩm",
    "authority": "thẩm quyền",
}
_VERDICTS = {"covered": "đã cụ thể hóa", "partly": "mới nhắc đến", "not_covered": "chưa có"}


def render_text(data: dict) -> str:
    """The readable report: one line per finding, each with its offset in the draft."""
    s = data["summary"]
    out = [f"THẨM ĐỊNH DỰ THẢO: {data.get('source', '')}"]
    out.append(
        f"Nhiệm vụ: {s['tasks']} (đủ sáu rõ: {s['tasks_complete']}; chung chung: {s['tasks_vague']}); "
        + "thiếu "
        + ", ".join(f"{_NAMES[k]} {v}" for k, v in s["missing"].items())
    )
    out.append("")
    out.append("1-2. NHIỆM VỤ CHƯA RÕ")
    for t in data["tasks"]:
        if not t["missing"] and not t["vague"]:
            continue
        flags = ", ".join(_NAMES[m] for m in t["missing"])
        out.append(f"  @{t['offset']}: {t['text'][:110]}")
        out.append(f"      thiếu: {flags or '—'}" + ("; CHUNG CHUNG" if t["vague"] else ""))
        for why in t["why"][:2]:
            out.append(f"      · {why}")
    if data.get("superiors"):
        out.append("")
        out.append(
            f"3. SAO CHÉP: {round(100 * data['copy_share']['chars'])}% ký tự, "
            f"{round(100 * data['copy_share']['sentences'])}% số câu lặp lại văn bản cấp trên"
        )
        for c in data["copied_spans"][:30]:
            out.append(f"  @{c['draft_offset']} ({round(100 * c['similarity'])}%): {c['draft_text'][:110]}")
        out.append("")
        out.append("4. BAO QUÁT YÊU CẦU CỦA CẤP TRÊN")
        for c in data["coverage"]:
            where = ", ".join(f"@{o}" for o in c["draft_offsets"][:3]) or "—"
            out.append(f"  [{_VERDICTS[c['verdict']]}] {c['superior_text'][:100]}  → {where}")
            if c.get("candidates"):
                out.append("      nhiệm vụ có thể liên quan (cần người thẩm định kiểm tra lại):")
            for k in c.get("candidates", []):
                out.append(f"        @{k['draft_offset']} ({round(100 * k['score'])}%): {k['text'][:90]}")
        t = data["timeliness"]
        out.append("")
        out.append(f"5. THỜI HẠN: {t['why'] if t else '—'}")
    out.append("")
    bad = [f for f in data["figures"] if not f["consistent"]]
    out.append(f"6. SỐ LIỆU: {len(data['figures'])} phép kiểm tra, {len(bad)} chỗ không khớp")
    for f in bad:
        out.append(f"  @{f['offset']}: {f['why']}  «{f['text'][:90]}»")
    if data["overlaps"]:
        out.append("")
        out.append("7. TRÙNG LẶP, CHỒNG CHÉO")
        for o in data["overlaps"]:
            out.append(f"  {o['a']} ~ {o['b']}: {o['why']}")
    return "\n".join(out) + "\n"
