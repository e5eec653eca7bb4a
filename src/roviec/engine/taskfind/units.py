"""Units named in a task: one name at a position, and lists of them ("A, B và các cơ quan liên quan").

A name is, in order of preference: a supplied organisation (name, alias or derived
abbreviation), a generic addressee from the vocabulary, or a capitalised name read up to the
predicate ("Nhà xuất bản Chính trị quốc gia Sự thật in ấn" → the name ends before "in ấn").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from roviec.engine.taskfind.vocab import OrgMatcher, Vocabulary

_TOKEN = re.compile(r"[^\s,;:.()\[\]“”\"!?]+")
# lowercase words that end a capitalised name as well as the verbs do
_NAME_STOPS = frozenset(
    {
        "tại",
        "về",
        "trong",
        "theo",
        "của",
        "với",
        "cho",
        "để",
        "nhằm",
        "trước",
        "là",
        "được",
        "đã",
        "sẽ",
        "và",
        "các",
    }
)
_SEPARATOR = re.compile(r"\s*(?:,\s*(?:và\s+)?|;\s*|\s+và\s+|\s+cùng\s+)")
_MAX_NAME_TOKENS = 14


@dataclass(frozen=True)
class UnitSpan:
    start: int  # analysis-text offsets
    end: int
    text: str
    unit: str | None  # canonical supplied organisation
    group: str | None
    generic: bool


class UnitFinder:
    def __init__(self, vocab: Vocabulary, orgs: OrgMatcher):
        self.vocab = vocab
        self.orgs = orgs

    def _capitalised(self, text: str, tkey: str, pos: int, limit: int, head_end: int = 0) -> int | None:
        end = None
        count = 0
        for m in _TOKEN.finditer(text, pos, limit):
            gap = text[(end if end is not None else pos) : m.start()]
            if gap.strip():
                break  # punctuation between tokens ends the name
            word = m.group()
            if m.start() < head_end:
                pass  # inside the unit head ("Nhà xuất bản", "Hợp tác xã"): no verb ends it
            elif word[0].islower() or word[0].isdigit():
                if self.vocab.verbs_re.match(tkey, m.start()) or word in _NAME_STOPS:
                    if word == "và" and m.end() + 1 < limit and text[m.end() + 1 : m.end() + 2].isupper():
                        pass  # "Khoa học và Công nghệ"
                    else:
                        break
            elif count == 0 and not word[0].isupper():
                return None
            end = m.end()
            count += 1
            if count >= _MAX_NAME_TOKENS:
                break
        return end

    def unit_at(self, text: str, tkey: str, pos: int, limit: int, *, free: bool = False) -> UnitSpan | None:
        if pos >= limit:
            return None
        org = self.orgs.match(tkey, pos)
        gen = self.vocab.generic_re.match(tkey, pos)
        if org and (not gen or org[0] >= gen.end()):
            group = self.vocab.generic.get(tkey[pos : org[0]])
            return UnitSpan(pos, org[0], text[pos : org[0]], org[1], group, False)
        if gen and gen.end() <= limit:
            return UnitSpan(
                pos, gen.end(), text[pos : gen.end()], None, self.vocab.generic[gen.group()], True
            )
        head = self.vocab.unit_head_re.match(tkey, pos) if text[pos].isupper() else None
        if head:
            end = self._capitalised(text, tkey, pos, limit, head.end())
            if end:
                name = text[pos:end]
                if len(name) > 2 and not self.vocab.verbs_re.match(tkey, pos):
                    return UnitSpan(pos, end, name, None, None, False)
        if free and self.vocab.unit_head_re.match(tkey, pos + (4 if tkey.startswith("các ", pos) else 0)):
            end = None
            count = 0
            for m in _TOKEN.finditer(text, pos, limit):
                if end is not None and text[end : m.start()].strip():
                    break
                if self.vocab.verbs_re.match(tkey, m.start()):
                    break
                end = m.end()
                count += 1
                if count >= 10:
                    break
            if end:
                return UnitSpan(pos, end, text[pos:end], None, None, True)
        return None

    def unit_list(
        self, text: str, tkey: str, pos: int, limit: int, *, free: bool = False
    ) -> tuple[list[UnitSpan], int]:
        units: list[UnitSpan] = []
        first = self.unit_at(text, tkey, pos, limit, free=free)
        if first is None:
            return units, pos
        units.append(first)
        end = first.end
        while end < limit and len(units) < 40:
            sep = _SEPARATOR.match(text, end, limit)
            if not sep:
                break
            nxt = self.unit_at(text, tkey, sep.end(), limit)
            if nxt is None:
                break
            units.append(nxt)
            end = nxt.end
        return units, end
