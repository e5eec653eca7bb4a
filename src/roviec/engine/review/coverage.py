"""Coverage: for each requirement of the superior, the draft tasks that concretise it.

Lower-level programmes rarely repeat their superior's words: they change the verb ("kiện
toàn" → "củng cố", "rà soát" → "kiểm tra lại"), reorder the clause and turn a target into a
number ("100% thôn" → "9/9 thôn"). So requirement and task are compared on their substance
only (owner, deadline, accountability, authority and the product label taken out, numbers
dropped), after mapping administrative synonyms to one word (data/review_synonyms.csv), by the
syllables and syllable pairs they share, each weighted by how rare it is across both documents.

A task concretises a requirement when their score reaches MATCH_THRESHOLD, or the lower
WEAK_THRESHOLD when each is the other's best counterpart (a draft follows its superior item by
item, so a mutual best match with a few rare shared words is one). Verdict: covered — a
matching task has an owner, a deadline and a deliverable; partly — matched, but one of those
is missing (a verbatim copy is "partly"); not covered — no task matches.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from roviec.engine.review._text import clip, table
from roviec.engine.review.clarity import assess_clarities

MATCH_THRESHOLD = 0.3
WEAK_THRESHOLD = 0.1
_NEEDED = ("owner", "deadline", "deliverable")
_STOP = frozenset(
    "các và của trong với cho theo để về những được có là tại từ đến này đó khi đã sẽ một số như nhất "
    "bảo đảm thực hiện triển khai tổ chức công tác việc nhiệm vụ giải pháp cấp ủy đảng "
    "tăng cường nâng cao đẩy mạnh tiếp tục quan tâm chú trọng tập trung chủ trì phối hợp hoàn thành "
    "trước ngày tháng năm quý xã phường tỉnh ủy ban thường vụ ít mỗi toàn bộ đầy đủ kịp thời theo quy "
    "định cụ thể các cấp trên địa bàn lãnh đạo chỉ đạo phấn đấu xây dựng nhằm gắn hiệu quả chất lượng "
    "kết quả sản phẩm lên vào ra rõ chặt chẽ nghiêm túc thường xuyên tốt hơn mới".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:_[^\W\d_]+)*", re.UNICODE)
# old-style tone placement at the end of a syllable ("hoá", "uỷ") written the new way
_TONE_MOVE = {
    "oá": "óa",
    "oà": "òa",
    "oả": "ỏa",
    "oã": "õa",
    "oạ": "ọa",
    "uỷ": "ủy",
    "uý": "úy",
    "uỳ": "ùy",
    "uỹ": "ũy",
    "uỵ": "ụy",
    "oẻ": "ỏe",
    "oé": "óe",
    "oè": "òe",
}
_TONE_RE = re.compile("(?:" + "|".join(_TONE_MOVE) + r")(?!\w)")
UNIGRAMS = False


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


@cache
def _synonyms() -> tuple[re.Pattern[str], dict[str, str]]:
    groups = dict(table("synonyms"))
    words = sorted(groups, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    return pattern, {w: groups[w].replace(" ", "_") for w in words}


def _content(text: str) -> str:
    """The substance of a task: who, when, who answers, who approves and the label taken out."""
    present = assess_clarities(text).present
    for key in ("owner", "deadline", "accountability", "authority"):
        words = present.get(key)
        if words and len(words) < len(text) * 0.6:
            text = text.replace(words, " ")
    return re.sub(r"sản phẩm(?: đầu ra)?(?: là|:)", " ", text, flags=re.IGNORECASE)


_CLAUSE = re.compile(r"[,;:.()\[\]\"“”!?–]|\s-\s")


def _tokens(text: str) -> list[list[str]]:
    """The words of each clause (pairs are not formed across punctuation)."""
    text = _content(text).lower()
    text = _TONE_RE.sub(lambda m: _TONE_MOVE[m.group()], text)
    pattern, groups = _synonyms()
    text = pattern.sub(lambda m: " " + groups[m.group()] + " ", text)
    return [_WORD.findall(clause) for clause in _CLAUSE.split(text)]


def _terms(text: str) -> set[str]:
    out = set()
    for words in _tokens(text):
        out.update(w for w in words if w not in _STOP and len(w) > 1 and (UNIGRAMS or "_" in w))
        for a, b in itertools.pairwise(words):
            if a in _STOP or b in _STOP:
                continue
            out.add(f"{a} {b}")
    return out


def score_matrix(requirements: list[str], tasks: list[str]) -> list[dict[int, tuple[float, float]]]:
    """For each requirement, {task index: (score, balanced score)} for the tasks sharing a term.

    score: the shared weight against the lighter of the two (a short task concretising one part
    of a long requirement, or the reverse, still matches); balanced: against both (cosine-like),
    used to decide which requirement a task answers best."""
    req_terms = [_terms(r) for r in requirements]
    task_terms = [_terms(t) for t in tasks]
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
    for rt in req_terms:
        weight = sum(idf[t] for t in rt) or 1.0
        shared: dict[int, float] = defaultdict(float)
        for term in rt:
            for j in index.get(term, ()):
                shared[j] += idf[term]
        out.append(
            {
                j: (s / min(weight, task_weight[j]), s / math.sqrt(weight * task_weight[j]))
                for j, s in shared.items()
            }
        )
    return out


def _matches(scores, threshold: float, weak: float) -> list[list[tuple[float, int]]]:
    best_req: dict[int, tuple[float, int]] = {}
    for i, row in enumerate(scores):
        for j, (_, b) in row.items():
            if b > best_req.get(j, (0.0, -1))[0]:
                best_req[j] = (b, i)
    out = []
    for i, row in enumerate(scores):
        best_task = max((b for _, b in row.values()), default=0.0)
        found = [
            (s, j)
            for j, (s, b) in row.items()
            if s >= threshold or (s >= weak and b == best_task and best_req[j][1] == i)
        ]
        out.append(sorted(found, reverse=True))
    return out


_NAMES = {"owner": "đơn vị chủ trì", "deadline": "thời hạn", "deliverable": "sản phẩm"}


def match_coverage(
    requirements,
    draft_tasks,
    *,
    superior_index: int = 0,
    threshold: float = MATCH_THRESHOLD,
    weak_threshold: float = WEAK_THRESHOLD,
):
    """requirements: TaskSpan list; draft_tasks: (TaskSpan, missing clarities) list."""
    scores = score_matrix([r.text for r in requirements], [t.text for t, _ in draft_tasks])
    out = []
    for req, found in zip(requirements, _matches(scores, threshold, weak_threshold), strict=True):
        if not found:
            verdict, why = "not_covered", "Dự thảo chưa có nhiệm vụ nào cụ thể hóa yêu cầu này."
        elif any(not set(_NEEDED) & set(draft_tasks[j][1]) for _, j in found):
            verdict = "covered"
            why = "Đã được cụ thể hóa thành nhiệm vụ có đơn vị chủ trì, thời hạn và sản phẩm."
        else:
            lacks = sorted(set(_NEEDED) & set(draft_tasks[found[0][1]][1]), key=_NEEDED.index)
            verdict = "partly"
            why = "Có nhắc đến nhưng chưa xác định " + ", ".join(_NAMES[x] for x in lacks) + "."
        out.append(
            Coverage(
                req.offset,
                req.end,
                clip(req.text, 300),
                verdict,
                [draft_tasks[j][0].offset for _, j in found[:5]],
                round(found[0][0], 3) if found else 0.0,
                why,
                superior_index,
            )
        )
    return out
