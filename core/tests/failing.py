"""Real parts that fail, for the tests of what a server error answers."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.urls import path

from config import urls as site_urls

# What a person might have sent or had stored, quoted by an exception's message as a database error
# can quote a value: none of it may come back in an answer.
PERSONAL = ("Grace Hopper", "07700 900123", "485 777 3456", "grace@example.org")

# The headers the site sets on every answer to keep a browser from misreading or framing it.
SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "X-Frame-Options",
)

# Where in `MIDDLEWARE` a failing middleware goes: before Django's own (outer), after the security
# middleware but before the clickjacking and CSP ones (middle), after all of them (inner).
FAILING_AT = {"outer": 1, "middle": 4, "inner": 99}


class FailsInAMiddleware:
    """A real middleware that fails on every request, its message quoting a person, as one reading the
    request (or a session, or the database) could."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise RuntimeError(f"could not read {' '.join(PERSONAL)}")


def with_a_failing_middleware(at: int) -> list[str]:
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(at, f"{__name__}.FailsInAMiddleware")
    return middleware


# A URLconf for tests: the site's, with a page that fails and the site's error handlers.
@login_not_required
def fails(request):
    raise RuntimeError(f"could not store {' '.join(PERSONAL)}")


urlpatterns = [path("fails/", fails), *site_urls.urlpatterns]
handler404 = site_urls.handler404
handler500 = site_urls.handler500
