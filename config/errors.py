"""What a server error answers, wherever and however early it happens: Heard's own page for people
(`server_error`, the URLconf's `handler500`), an `ErrorOut` on the JSON API and an OperationOutcome
on FHIR paths, each with the security headers every other answer carries (`ServerErrorMiddleware`)."""

from django.http import HttpResponseServerError
from django.template.loader import get_template

from config.api import api
from core.security_headers import SecurityHeaders, nonce_for
from feedback import fhir_api
from feedback.fhir.outcomes import SERVER_ERROR


def server_error(request):
    """Heard's page for a server error, for staff and for the public alike; on the API, the API's own
    shape (`in_the_api_s_shape`). The database or the session may be what failed, so the page is
    rendered without the request: no context processors, no user, no organisation, nothing read from
    either. Its one inline script (the design system's) carries the request's policy nonce, given here
    if the request failed before it got one. Never the exception."""
    answer = in_the_api_s_shape(request)
    if answer is not None:
        return answer
    page = get_template("500.jinja").render({"cspNonce": nonce_for(request)})
    return HttpResponseServerError(page)


def in_the_api_s_shape(request):
    """A server error on an API path as the API gives its errors: an OperationOutcome on a FHIR path,
    an `ErrorOut` elsewhere; None on a page."""
    api_root = api.get_root_path({})
    if fhir_api.answers_in_fhir(request, api_root=api_root):
        return fhir_api.server_error_response()
    if request.path.startswith(api_root):
        return api.create_response(request, {"detail": SERVER_ERROR}, status=500)
    return None


class ServerErrorMiddleware:
    """First in `MIDDLEWARE`, so that it sees every answer last. A server error that Django answered
    from an exception raised anywhere (in a view, in a middleware, in a handler of the API's errors),
    with `server_error` or, with DEBUG on, its traceback page:

    - is given the security headers every other answer carries, on every path;
    - on a FHIR path, is an OperationOutcome with DEBUG on too. (With DEBUG on, the rest of the JSON
      API keeps Django's traceback page, as every page does.)

    It cannot catch the exception itself: Django turns an exception into its page inside each
    middleware it passes, so an outer one only ever sees the page. Django has reported it by then
    (`got_request_exception`, and the `django.request` log, whose formatter leaves the message out),
    so the page's own response is kept, headers and all, and only its body and type are replaced.
    A 500 already in FHIR JSON (`server_error`, `config.api.on_unexpected`) is left as it is.

    Raised before Django's own middlewares ran (or between them), the page never passed those that set
    the security headers: it is given them by the same middlewares (`core.security_headers`), which leave
    alone a header already set, so a 500 that did pass them is not changed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.security_headers = SecurityHeaders(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 500:
            return response
        replacement = _in_the_shape_of_its_path(request, response)
        if replacement is not None:
            response.content = replacement.content
            response["Content-Type"] = replacement["Content-Type"]
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
            # Django's debug page goes without a Content-Security-Policy (`csp_override({})`, for its
            # inline styles); the answer in its place is not that page.
            for exemption in ("_csp_config", "_csp_ro_config"):
                vars(response).pop(exemption, None)
        return self.security_headers.add(request, response)


def _in_the_shape_of_its_path(request, response):
    """What to put in place of a 500 on a FHIR path that is not FHIR JSON: Django's traceback page, with
    DEBUG on. With it off, `server_error` has answered every API path in its own shape already."""
    if response.get("Content-Type") == fhir_api.FHIR_JSON:
        return None
    if not fhir_api.answers_in_fhir(request, api_root=api.get_root_path({})):
        return None
    return fhir_api.server_error_response()
