"""Coverage: for each requirement of the superior, the draft tasks that concretise it.

Requirement and task are compared by the syllable pairs they share, weighted by how rare a
pair is across both documents (so "học tập, quán triệt" counts and "thực hiện" does not).
Verdict: covered — a matching task has an owner, a deadline and a deliverable; partly — it is
mentioned but one of those is missing; not covered — no task matches.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from roviec.engine.review._text import clip
from roviec.engine.review.clarity import assess_clarities

MATCH_THRESHOLD = 0.3
_NEEDED = ("owner", "deadline", "deliverable")
_STOP = frozenset(
    "các và của trong với cho theo để về những được có là tại từ đến này đó khi đã sẽ một số như nhất "
    "là bảo đảm đảm bảo thực hiện triển khai tổ chức công tác việc nhiệm vụ giải pháp cấp ủy đảng "
    "tăng cường nâng cao đẩy mạnh tiếp tục quan tâm chú trọng tập trung chủ trì phối hợp hoàn thành "
    "trước ngày tháng năm quý xã phường tỉnh ủy ban thường vụ".split()
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class Coverage:
    superior_offset: int
    superior_end: int
    superior_text: str
    verdict: str  # covered | partly | not_covered
    draft_offsets: list[int]
    score: float
    why: str
    superior_index: int = 0


def _content(text: str) -> str:
    """The substance of a task: who, when, who answers and who approves taken out."""
    present = assess_clarities(text).present
    for key in ("owner", "deadline", "accountability", "authority"):
        words = present.get(key)
        if words and len(words) < len(text) * 0.6:
            text = text.replace(words, " ")
    return text


def _terms(text: str) -> set[str]:
    words = [w for w in _WORD.findall(_content(text).lower())]
    out = {w for w in words if w not in _STOP and len(w) > 1}
    for a, b in itertools.pairwise(words):
        if a in _STOP and b in _STOP:
            continue
        out.add(f"{a} {b}")
    return out


def match_coverage(requirements, draft_tasks, *, superior_index: int = 0, threshold: float = MATCH_THRESHOLD):
    """requirements: TaskSpan list; draft_tasks: (TaskSpan, missing clarities) list."""
    req_terms = [_terms(r.text) for r in requirements]
    task_terms = [_terms(t.text) for t, _ in draft_tasks]
    df: Counter[str] = Counter()
    for terms in req_terms + task_terms:
        df.update(terms)
    n = len(req_terms) + len(task_terms) or 1
    idf = {term: math.log(1 + n / count) for term, count in df.items()}
    task_weight = [sum(idf[t] for t in tt) or 1.0 for tt in task_terms]
    index: dict[str, list[int]] = defaultdict(list)
    for j, tt in enumerate(task_terms):
        for term in tt:
            index[term].append(j)

    out = []
    for req, rt in zip(requirements, req_terms, strict=True):
        weight = sum(idf[t] for t in rt) or 1.0
        shared_weight: dict[int, float] = defaultdict(float)
        for term in rt:
            for j in index.get(term, ()):
                shared_weight[j] += idf[term]
        scored = []
        for j, shared in shared_weight.items():
            # measured against the shorter of the two, so a short task that concretises one part
            # of a long requirement (or the reverse) still matches
            score = shared / min(weight, task_weight[j])
            if score >= threshold:
                task, missing = draft_tasks[j]
                scored.append((score, task, missing))
        scored.sort(key=lambda x: -x[0])
        if not scored:
            out.append(
                Coverage(
                    req.offset,
                    req.end,
                    clip(req.text, 300),
                    "not_covered",
                    [],
                    0.0,
                    "Dự thảo chưa có nhiệm vụ nào cụ thể hóa yêu cầu này.",
                    superior_index,
                )
            )
            continue
        complete = [s for s in scored if not set(_NEEDED) & set(s[2])]
        if complete:
            verdict, why = (
                "covered",
                "Đã được cụ thể hóa thành nhiệm vụ có đơn vị chủ trì, thời hạn và sản phẩm.",
            )
        else:
            lacks = sorted(set(_NEEDED) & set(scored[0][2]), key=_NEEDED.index)
            names = {"owner": "đơn vị chủ trì", "deadline": "thời hạn", "deliverable": "sản phẩm"}
            verdict = "partly"
            why = "Có nhắc đến nhưng chưa xác định " + ", ".join(names[x] for x in lacks) + "."
        out.append(
            Coverage(
                req.offset,
                req.end,
                clip(req.text, 300),
                verdict,
                [task.offset for _, task, _ in scored[:5]],
                round(scored[0][0], 3),
                why,
                superior_index,
            )
        )
    return out
