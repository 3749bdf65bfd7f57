"""Protection for the public forms that a real person never notices: no CAPTCHA and no time limits.

- A rate limit per link and per address, kept in Django's cache (one process's memory unless a shared
  cache is configured), generous enough for a family filling in the form together on one phone.
- A limit on short feedback addresses that lead nowhere, per address, so that codes cannot be tried
  one after another (ADR 0024); far more than a person mistyping a poster's address would ever reach.
- A cap on the size of what is sent, checked before the body is read.
- A honeypot field (see forms.HoneypotMixin), handled by the views.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

# 20 sends in 10 minutes from one address to one service's link.
DEFAULT_RATE = (20, 10 * 60)
# 30 short addresses that lead nowhere in 10 minutes from one address; then none is looked up until
# the 10 minutes are over, so a code that works cannot be told from one that does not.
DEFAULT_CODE_MISS_RATE = (30, 10 * 60)
# Two answers of 5,000 characters, every one of them a 4-byte character sent percent-encoded, and the rest.
MAX_BODY_BYTES = 150_000


def _rate() -> tuple[int, int]:
    return getattr(settings, "HEARD_PUBLIC_FEEDBACK_RATE", DEFAULT_RATE)


def client_address(request) -> str:
    """The sender's address. Behind a reverse proxy, set HEARD_CLIENT_IP_HEADER (for example
    "HTTP_X_FORWARDED_FOR") so that everyone is not counted as the proxy; the proxy's own entry,
    the last one, is used, since anything before it could have been written by the sender."""
    header = getattr(settings, "HEARD_CLIENT_IP_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(request, link_id: str) -> str:
    # The address is hashed so the cache never holds it as written.
    address = client_address(request)
    digest = hashlib.sha256(f"{address}|{link_id}".encode()).hexdigest()[:40]
    return f"heard:public-feedback:{digest}"


def rate_limited(request, link_id: str) -> bool:
    limit, _ = _rate()
    return cache.get(_key(request, link_id), 0) >= limit


def count_send(request, link_id: str) -> None:
    _, window = _rate()
    _count(_key(request, link_id), window)


def _count(key: str, window: int) -> None:
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=window)


def _code_miss_rate() -> tuple[int, int]:
    return getattr(settings, "HEARD_SHORT_CODE_MISS_RATE", DEFAULT_CODE_MISS_RATE)


def _code_miss_key(request) -> str:
    digest = hashlib.sha256(f"{client_address(request)}|short-code-misses".encode()).hexdigest()[:40]
    return f"heard:short-code-misses:{digest}"


def code_tries_used_up(request) -> bool:
    """Whether this address has tried too many short feedback addresses that lead nowhere, lately."""
    limit, _ = _code_miss_rate()
    return cache.get(_code_miss_key(request), 0) >= limit


def count_code_miss(request) -> None:
    _, window = _code_miss_rate()
    _count(_code_miss_key(request), window)


def body_too_big(request) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > MAX_BODY_BYTES


def size_checked(too_big_response):
    """Refuse an oversized POST with a page in plain words, before CSRF or the form reads the body.

    The CSRF check still runs, straight after the size check, for every POST that is small enough.
    """

    def decorator(view):
        protected = csrf_protect(view)

        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST" and body_too_big(request):
                return too_big_response(request, *args, **kwargs)
            return protected(request, *args, **kwargs)

        return csrf_exempt(wrapper)

    return decorator
