"""Throughput of the whole engine pipeline on one core, against underthesea as a peer.

    python benchmarks/extract_speed.py [--mb 10] [--peer-mb 1]

Builds a corpus of at least --mb megabytes (UTF-8) by repeating the sample documents, runs
`extract()` on every document, and prints MB/s. The peer is underthesea's sent_tokenize +
word_tokenize over the same text; it is slow, so by default it is timed on a prefix of
--peer-mb megabytes and the output says so. Also times one adversarial single document
(1 MB and 4 MB) to show that time grows linearly.

Times are CPU time of this process (time.process_time), so other work on the machine does
not inflate them; the run is single-threaded, so that is the time on one core.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _gold import CORPUS

from roviec.engine.pipeline import extract

MB = 1024 * 1024


def corpus(min_bytes: int) -> list[str]:
    samples = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    docs: list[str] = []
    size = 0
    while size < min_bytes:
        for text in samples:
            docs.append(text)
            size += len(text.encode("utf-8"))
    return docs


def time_engine(docs: list[str]) -> tuple[float, float]:
    size = sum(len(d.encode("utf-8")) for d in docs) / MB
    start = time.process_time()
    for d in docs:
        extract(d)
    return size, time.process_time() - start


def time_peer(text: str) -> float | None:
    try:
        from underthesea import sent_tokenize, word_tokenize
    except ImportError:
        return None
    start = time.process_time()
    for sentence in sent_tokenize(text):
        word_tokenize(sentence)
    return time.process_time() - start


def adversarial(size: int) -> str:
    unit = "Quyết định số 1-QĐ/TU, ngày 1/1/2026 của Ban Thường vụ Tỉnh ủy¹ trước ngày 31/8/2025 " * 4
    return (unit + "\n") * (size // (len(unit.encode("utf-8")) + 1) + 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--peer-mb", type=float, default=1.0)
    args = parser.parse_args(argv)

    docs = corpus(int(args.mb * MB))
    size, seconds = time_engine(docs)
    engine_rate = size / seconds
    print(
        f"engine: {size:.1f} MB in {len(docs)} documents, {seconds:.2f} s, {engine_rate:.2f} MB/s (one core)"
    )

    text = "\n".join(docs)
    prefix = text.encode("utf-8")[: int(args.peer_mb * MB)].decode("utf-8", "ignore")
    peer_seconds = time_peer(prefix)
    if peer_seconds is None:
        print("peer: underthesea not installed")
    else:
        peer_size = len(prefix.encode("utf-8")) / MB
        peer_rate = peer_size / peer_seconds
        note = (
            ""
            if peer_size >= size
            else f" (timed on a {peer_size:.1f} MB prefix: too slow for the whole corpus)"
        )
        print(f"peer (underthesea sent_tokenize + word_tokenize): {peer_rate:.2f} MB/s{note}")
        print(f"engine / peer: {engine_rate / peer_rate:.1f}x")

    timings = []
    for mb in (1, 4):
        doc = adversarial(mb * MB)
        start = time.process_time()
        extract(doc)
        timings.append(time.process_time() - start)
        print(f"adversarial single document {mb} MB: {timings[-1]:.2f} s")
    print(f"4 MB / 1 MB time ratio: {timings[1] / timings[0]:.1f} (linear ≈ 4)")
    return 0 if engine_rate >= 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
