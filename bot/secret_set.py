"""Many secrets found in a text at a cost that does not grow with their number: each secret
(at least ``MIN_LENGTH`` characters) is indexed under ``PIECE``-character pieces of itself, and
a text is cut into aligned pieces that are looked up, never scanned once per secret.
"""

from __future__ import annotations

import re
import threading

PIECE = 8
MIN_LENGTH = 2 * PIECE
"""Any occurrence of a secret this long holds a whole aligned piece of the text (one that
starts at a multiple of ``PIECE``), wherever the occurrence starts."""
_PIECES = re.compile(f".{{{PIECE}}}", re.DOTALL)

Span = tuple[int, int]


class SecretSet:
    """Secrets of at least ``MIN_LENGTH`` characters; beyond ``limit`` the least recently
    added is forgotten. ``redact`` may run on any thread while another adds."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._pieces: dict[str, tuple[str, ...]] = {}  # secret -> its indexed pieces
        # piece -> (secret, where the piece starts in it); tuples, replaced whole on a change
        self._index: dict[str, tuple[tuple[str, int], ...]] = {}
        self.version = 0  # counts the additions: what was found before may differ after

    def __len__(self) -> int:
        return len(self._pieces)

    def __contains__(self, secret: object) -> bool:
        return secret in self._pieces

    def __repr__(self) -> str:
        return f"SecretSet({len(self)} secrets)"

    def add(self, secret: str) -> None:
        """Find ``secret`` from now on (again the most recent if already known)."""
        if len(secret) < MIN_LENGTH:
            raise ValueError(f"a secret needs at least {MIN_LENGTH} characters")
        with self._lock:
            known = self._pieces.pop(secret, None)
            self._pieces[secret] = known if known is not None else self._indexed(secret)
            while len(self._pieces) > self.limit:
                self._forget(next(iter(self._pieces)))
            self.version += 1

    def _indexed(self, secret: str) -> tuple[str, ...]:
        """Index ``secret`` once per way it can lie against the aligned pieces (its start
        modulo ``PIECE``), each time under the piece of that alignment fewest secrets share."""
        index, chosen = self._index, []
        for shift in range(PIECE):
            starts = range(shift, len(secret) - PIECE + 1, PIECE)
            start = min(starts, key=lambda s: len(index.get(secret[s : s + PIECE], ())))
            piece = secret[start : start + PIECE]
            index[piece] = (*index.get(piece, ()), (secret, start))
            chosen.append(piece)
        return tuple(chosen)

    def _forget(self, secret: str) -> None:
        for piece in set(self._pieces.pop(secret)):
            kept = tuple(entry for entry in self._index[piece] if entry[0] != secret)
            if kept:
                self._index[piece] = kept
            else:
                del self._index[piece]

    def spans(self, text: str) -> list[Span]:
        """Where known secrets occur in ``text``, sorted (they may overlap)."""
        if len(text) < MIN_LENGTH:
            return []
        index = self._index
        pieces = _PIECES.findall(text)
        if index.keys().isdisjoint(pieces):
            return []
        found = set()
        for number, piece in enumerate(pieces):
            for secret, start in index.get(piece, ()):
                at = number * PIECE - start
                if at >= 0 and text.startswith(secret, at):
                    found.add((at, at + len(secret)))
        return sorted(found)

    def redact(self, text: str, replacement: str) -> str:
        """``text`` with each run of overlapping secrets replaced by ``replacement``."""
        spans = self.spans(text)
        if not spans:
            return text
        parts, done = [], 0
        run_start, run_end = spans[0]
        for start, end in spans[1:]:
            if start < run_end:
                run_end = max(run_end, end)
                continue
            parts += [text[done:run_start], replacement]
            done, (run_start, run_end) = run_end, (start, end)
        parts += [text[done:run_start], replacement, text[run_end:]]
        return "".join(parts)
