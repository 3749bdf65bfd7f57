"""The security headers every answer carries (Content-Security-Policy, X-Content-Type-Options,
Referrer-Policy, X-Frame-Options and the rest) are set by Django's own middlewares, from the settings,
as an answer passes them on its way out. An answer that never passed them, because a middleware
outside them made it (a server error raised before they ran, answered again as another body), is given
them here by the same middlewares, as `MIDDLEWARE` lists them and the settings configure them: the
values stay where they are set.

A page made for such an answer (Heard's server error page) carries the same nonce as the policy it is
then given (`nonce_for`), so that the page's one inline script runs under it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from django.utils.module_loading import import_string

# Django's middlewares whose only work on an answer is to set security headers. Each leaves alone a
# header already there, so an answer that did pass one is not changed by it a second time.
HEADER_MIDDLEWARE = frozenset(
    {
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
    }
)


class SecurityHeaders:
    """Made once, with the middleware that uses it, as Django makes the others (reading the settings)."""

    def __init__(self, get_response):
        # Innermost first, the order an answer passes them on its way out.
        self.middlewares = [
            import_string(path)(get_response) for path in reversed(settings.MIDDLEWARE) if path in HEADER_MIDDLEWARE
        ]

    def add(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        for middleware in self.middlewares:
            response = middleware.process_response(request, response)
        return response


def nonce_for(request: HttpRequest) -> str:
    """The request's Content-Security-Policy nonce. A request that failed before it reached the
    middleware that gives one is given one here, by that middleware, so that the policy the answer is
    later given (`SecurityHeaders.add`, or the middleware itself on its way out) names the same."""
    if get_nonce(request) is None:
        ContentSecurityPolicyMiddleware(lambda request: None).process_request(request)
    return str(get_nonce(request))
