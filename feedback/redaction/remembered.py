"""Comment texts as redacted, remembered for a while in the process that redacted them.

A co-production partner's search redacts every comment it finds, to leave out those found only by a
hidden word (ADR 0004), and does so again for each page of the results and each search that finds
the same comments. Redaction depends only on the text and on the rules, which are the code this
process runs, so what it gave is what it would give again. What is remembered is keyed by a digest
of the text, so the words as written (with the names in them) are not kept; only the redacted text
is, which is what partners are shown. Each process remembers its own, the most recently used
``_LIMIT`` texts (a few megabytes), each under its organisation too: one organisation's searches never
find a text another's put there, not even by how quickly it comes back.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from threading import Lock

from feedback.redaction.core import redact

_LIMIT = 5_000
_remembered: OrderedDict[bytes, str] = OrderedDict()
_lock = Lock()


def redacted_text(text: str, *, organisation_id: int) -> str:
    """``redact(text).text``, remembered for the organisation the text is from."""
    key = _key(text, organisation_id)
    with _lock:
        found = _remembered.get(key)
        if found is not None:
            _remembered.move_to_end(key)
            return found
    found = redact(text).text
    with _lock:
        _remembered[key] = found
        if len(_remembered) > _LIMIT:
            _remembered.popitem(last=False)
    return found


def _key(text: str, organisation_id: int) -> bytes:
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    digest.update(b"\0" + str(organisation_id).encode())
    return digest.digest()
