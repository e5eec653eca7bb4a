"""Legacy Vietnamese 8-bit font encodings (TCVN3/ABC and VNI-Windows) to Unicode.

Files typed with .VnTime or VNI-Times fonts before Unicode are still passed around as .txt.
Their bytes decode "fine" as cp1252 into gibberish (TCVN3 "Céng hßa", VNI "Coäng hoøa"), so
the choice between candidate decodings is made by scoring how many words come out as valid
Vietnamese syllables. The mapping tables are data: engine/data/legacy_vn_{tcvn3,vni}.csv.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

# Tone marks are removed before checking the syllable shape; vowel-quality marks stay.
_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnprstvx])?"
_RHYMES = """
a ai ao au ay ac ach am an ang anh ap at
ăc ăm ăn ăng ăp ăt
âc âm ân âng âp ât âu ây
e eo ec em en eng ep et
ê êch êm ên ênh êp êt êu
i ia ich im in inh ip it iu iêc iêm iên iêng iêp iêt iêu
o oa oac oach oai oam oan oang oanh oao oap oat oay oăc oăm oăn oăng oăt oc oe oen oeo oet oi om on
ong op ot ooc oong
ô ôc ôi ôm ôn ông ôp ôt
ơ ơi ơm ơn ơp ơt
u ua uân uâng uât uây uc ui um un ung up ut uy uya uych uyên uyêt uynh uyt uyu uê uênh uơ
uôc uôi uôm uôn uông uôt
ư ưa ưc ưi ưm ưn ưng ưt ưu ươc ươi ươm ươn ương ươp ươt ươu
y yêm yên yêng yêt yêu
""".split()
_SYLLABLE = re.compile(rf"{_ONSET}(?:{'|'.join(sorted(_RHYMES, key=len, reverse=True))})")
_WORD = re.compile(r"[^\W\d_]+")
_CP1252_ONLY = bytes(range(0x80, 0xA0)).decode("cp1252", errors="replace")


@dataclass(frozen=True)
class Decoding:
    encoding: str  # "tcvn3" | "vni" | "cp1258"
    text: str
    score: float  # share of non-ASCII words that are valid Vietnamese syllables
    words: int  # non-ASCII words scored


def is_vietnamese_syllable(word: str) -> bool:
    """True when `word` has a Vietnamese onset+rhyme shape and at most one tone mark."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = sum(1 for ch in decomposed if ch in _TONE_MARKS)
    if tones > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    bare = bare.replace("đ", "đ")
    return _SYLLABLE.fullmatch(bare) is not None


def vietnamese_score(text: str) -> tuple[float, int]:
    """(share of valid syllables among words with non-ASCII letters, how many such words)."""
    scored = valid = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scored += 1
        valid += is_vietnamese_syllable(word)
    return (valid / scored if scored else 0.0), scored


@cache
def _table(name: str) -> dict[bytes, str]:
    raw = resources.files("roviec.engine.data").joinpath(f"legacy_vn_{name}.csv").read_text("utf-8")
    table: dict[bytes, str] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        seq = bytes.fromhex(row["legacy_hex"])
        table[seq] = row["unicode"]
        if len(seq) == 2:  # VNI: writers mix the case of base letter and modifier
            base, mod = seq[:1], seq[1:]
            alt = mod.decode("latin-1").swapcase().encode("latin-1")
            if len(alt) == 1 and alt != mod:
                table.setdefault(base + alt, row["unicode"])
    return table


def _fallback_char(byte: int) -> str:
    """Bytes outside the table: ASCII as is, 0x80-0x9F as cp1252 punctuation, the rest latin-1."""
    if 0x80 <= byte < 0xA0:
        ch = _CP1252_ONLY[byte - 0x80]
        return ch if ch != "\ufffd" else chr(byte)
    return chr(byte)


def _fix_caps(text: str) -> str:
    """TCVN3 has no upper-case toned letters (an ...H font showed lower-case codes in capitals),
    so a word whose other letters are all capitals gets its toned letters upper-cased."""

    def fix(match: re.Match[str]) -> str:
        word = match.group(0)
        ascii_letters = [ch for ch in word if ch.isascii()]
        if len(word) > 1 and ascii_letters and all(ch.isupper() for ch in ascii_letters):
            return word.upper()
        return word

    return _WORD.sub(fix, text)


def decode_tcvn3(data: bytes) -> str:
    table = _table("tcvn3")
    out = [table.get(bytes([b])) or _fallback_char(b) for b in data]
    return _fix_caps("".join(out))


def decode_vni(data: bytes) -> str:
    table = _table("vni")
    out: list[str] = []
    i, n = 0, len(data)
    while i < n:
        pair = data[i : i + 2]
        if len(pair) == 2 and pair in table:
            out.append(table[pair])
            i += 2
            continue
        single = data[i : i + 1]
        out.append(table.get(single) or _fallback_char(data[i]))
        i += 1
    return "".join(out)


def decode_cp1258(data: bytes) -> str:
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


DECODERS = {"tcvn3": decode_tcvn3, "vni": decode_vni, "cp1258": decode_cp1258}


def candidates(data: bytes) -> list[Decoding]:
    """Every legacy decoding with its score, best first."""
    found = []
    for name, decode in DECODERS.items():
        text = decode(data)
        score, words = vietnamese_score(text)
        found.append(Decoding(name, text, score, words))
    return sorted(found, key=lambda d: d.score, reverse=True)


def encode(text: str, encoding: str) -> bytes:
    """Unicode to TCVN3/VNI bytes, for tests and fixtures (the inverse of the decoders)."""
    reverse = {v: k for k, v in _table(encoding).items() if k == _canonical(k, v, encoding)}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in reverse:
            out += reverse[ch]
        elif encoding == "tcvn3" and ch.lower() in reverse:
            out += reverse[ch.lower()]  # capitals fall back to the lower-case code, as in VN3
        else:
            out += ch.encode("cp1252")
    return bytes(out)


def _canonical(seq: bytes, char: str, encoding: str) -> bytes:
    if encoding != "vni" or len(seq) != 2:
        return seq
    mod = seq[1:].decode("latin-1")
    return seq[:1] + (mod.upper() if char.isupper() else mod.lower()).encode("latin-1")
