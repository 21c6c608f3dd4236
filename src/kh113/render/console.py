"""The console the CLI writes to: Vietnamese on any terminal or pipe (issue #10 item 8).

Moved from cli.py (issue #13 item 4): how text is encoded for the output is rendering, not command parsing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable


def vietnamese_fallback(encoding: str) -> Callable[[UnicodeError], tuple[str, int]]:
    """Codec error handler: write a character the output cannot encode as it can (issue #10 item 8).

    A Windows console in cp1258 holds Vietnamese only as base letters plus combining tone marks
    ("ờ" = "ơ" + U+0300): decompose, recompose what the code page has, and fall back to ``?``.
    (``exc.encoding`` says "charmap" for code pages, so the stream's encoding is bound here.)
    """
    import unicodedata

    def handler(exc: UnicodeError) -> tuple[str, int]:
        if not isinstance(exc, UnicodeEncodeError):
            raise exc
        out = []
        for char in exc.object[exc.start : exc.end]:
            decomposed = unicodedata.normalize("NFD", char)
            base, marks = decomposed[:1], decomposed[1:]
            # "ộ": ô (in cp1258) + dot below; "ở": ơ + hook above; "ã": a + tilde.
            candidates = [unicodedata.normalize("NFC", decomposed)]
            candidates += [unicodedata.normalize("NFC", base + m) + marks.replace(m, "", 1) for m in marks]
            candidates.append(decomposed)
            for candidate in candidates:
                try:
                    candidate.encode(encoding)
                except UnicodeEncodeError:
                    continue
                out.append(candidate)
                break
            else:
                out.append("?")
        return "".join(out), exc.end

    return handler


def encodable_output() -> None:
    """Never end in exit 3 because the terminal or pipe cannot encode Vietnamese (cp1258, ascii)."""
    import codecs

    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if codecs.lookup(encoding).name not in ("utf-8", "utf-8-sig") and hasattr(stream, "reconfigure"):
            name = f"kh113-vietnamese-{codecs.lookup(encoding).name}"
            codecs.register_error(name, vietnamese_fallback(encoding))
            stream.reconfigure(errors=name)
