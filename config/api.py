"""The JSON API root: token authentication, error shapes, and each app's router."""

import functools
from typing import ClassVar

import pydantic
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig, ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern
from django.views.decorators.http import require_GET
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestShapeError
from ninja.params.models import QueryModel
from ninja.parser import Parser
from ninja.security import HttpBearer

from accounts.services import api_token_authenticate
from audits.api import router as audits_router
from core.api_schemas import NOT_FOUND, NUL_MESSAGE, UNKNOWN_FIELD, UNKNOWN_PARAMETER, ErrorOut, field_path, nul_at
from core.server_errors import server_error_reported
from evidence.api import router as evidence_router
from feedback import fhir_api, fhir_openapi
from feedback.api import router as feedback_router
from feedback.fhir_api import router as fhir_router
from governance.api import router as governance_router
from organisations.api import router as organisations_router
from organisations.rules import Perm, require
from organisations.scope import scope_for
from priorities.api import router as priorities_router
from themes.api import router as urgent_router
from themes.coding.api import router as coding_router

SERVER_ERROR_DESCRIPTION = "Internal Server Error: a fault in Heard, not in the request"
INVALID_DESCRIPTION = (
    "Unprocessable Entity: a field or query parameter is not valid, or is not one this operation takes "
    "(each named in `fields`)"
)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer heard_...`. The token fixes the organisation; its login fixes the roles."""

    def authenticate(self, request, token):
        api_token = api_token_authenticate(raw=token)
        if api_token is None:
            return None
        scope = scope_for(user=api_token.user, organisation=api_token.organisation)
        if scope is None:
            return None
        scope = require(scope, Perm.USE_API)
        request.scope = scope
        return api_token


class NulCharacter(ValueError):
    """A string in the request holds a NUL character, which PostgreSQL cannot store."""

    def __init__(self, where: str):
        super().__init__(where)
        self.where = where


class HeardParser(Parser):
    """Refuses a NUL character anywhere in a JSON body or a query, naming where it is, before it
    reaches the database (a server error on PostgreSQL; stored as sent on SQLite)."""

    def parse_body(self, request):
        data = super().parse_body(request)
        where = nul_at(data)
        if where is not None:
            raise NulCharacter(field_path(where) or "body")
        return data

    def parse_querydict(self, data, list_fields, request):
        parsed = super().parse_querydict(data, list_fields, request)
        where = nul_at(parsed)
        if where is not None:
            raise NulCharacter(field_path(where))
        return parsed


class HeardApi(NinjaAPI):
    @property
    def urls(self):
        """Every path answers HEAD, OPTIONS and a method it does not take alike (`_methods_answered`),
        its view wrapped in the URL patterns the API gives Django to include."""
        patterns, app_name, namespace = super().urls
        answered = [
            URLPattern(p.pattern, _methods_answered(self, p.callback), p.default_args, p.name)
            if isinstance(p, URLPattern)
            else p
            for p in patterns
        ]
        return answered, app_name, namespace

    def create_response(self, request, data, *, status=None, temporal_response=None):
        """An error on a FHIR path is an OperationOutcome (`feedback.fhir_api.error_response`), whichever
        handler answers it: the token's, a role's, a method's or a rule's. Everywhere else, JSON."""
        if (
            temporal_response is None
            and status >= 400
            and fhir_api.answers_in_fhir(request, api_root=self.get_root_path({}))
        ):
            return fhir_api.error_response(data, status=status)
        return super().create_response(request, data, status=status, temporal_response=temporal_response)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Each operation's responses as it can answer them: one that reads a body can be sent one too
        large (`on_too_large`); one whose address names something (a path parameter, such as
        `{feedback_id}`) can answer that it is not found (`on_not_found`). A list or a create has
        nothing in its address to find: what it is sent is refused with a 422 naming the field, unless
        the operation says when it answers a 404 instead (`core.api_schemas.not_found`). Every one can
        answer a server error."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error_out = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                names_something = any(p.get("in") == "path" for p in operation.get("parameters", ()))
                if names_something:
                    if 404 not in operation["responses"] and "404" not in operation["responses"]:
                        operation["responses"][404] = {"description": "Not Found", **error_out}
                else:
                    for status in (404, "404"):
                        if operation["responses"].get(status, {}).get("description") == NOT_FOUND:
                            del operation["responses"][status]
                if "requestBody" in operation:
                    operation["responses"].setdefault(413, {"description": "Content Too Large", **error_out})
                for status in (422, "422"):
                    if status in operation["responses"]:
                        operation["responses"][status]["description"] = INVALID_DESCRIPTION
                # Any operation can meet a fault in Heard (`config.errors.server_error`).
                operation["responses"].setdefault(500, {"description": SERVER_ERROR_DESCRIPTION, **error_out})
        _errors_as_outcomes(schema, fhir_root=(path_prefix or self.get_root_path(path_params or {})) + fhir_api.PATH)
        return schema

    def validation_error_from_error_contexts(self, error_contexts) -> RequestShapeError:
        """Each problem located by the names the sender used: a query filter as `rating[0]`, not
        under the handler's argument that gathers the filters; a JSON body's field as
        `comments[0].text`, not under the argument the body is read into ("payload"). A field the body
        does not have is named as sent, and said to be unknown in plain words (`UNKNOWN_FIELD`), where
        pydantic said only "Extra inputs are not permitted"; so is a query parameter the operation does
        not take (`UnknownQueryParameters`)."""
        errors = []
        for context in error_contexts:
            model = context.model
            renamed = getattr(model, "__ninja_flatten_map_reverse__", {})
            single = getattr(model, "__read_from_single_attr__", None)
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = tuple(error["loc"])
                for cut in range(len(loc), 0, -1):
                    if loc[:cut] in renamed:
                        loc = renamed[loc[:cut]] + loc[cut:]
                        break
                else:
                    if single and loc[:1] == (single,):
                        loc = loc[1:]
                source = model.__ninja_param_source__
                message = error["msg"]
                if error["type"] == "extra_forbidden":
                    message = UNKNOWN_PARAMETER if source == "query" else UNKNOWN_FIELD
                errors.append({"type": error["type"], "loc": (source, *loc), "msg": message})
        return RequestShapeError(errors)


class UnknownQueryParameters(QueryModel):
    """Refuses each query parameter its operation does not take (`known`), naming it as sent, beside
    the request's other problems and after its token is checked: the framework reads the parameters an
    operation names and drops the rest, so a misspelt filter (`?servce_id=3`) gave an unfiltered list
    without a word. Given to every operation by `refuse_unknown_query_parameters`. It holds no fields,
    so the OpenAPI description lists no parameter for it. FHIR paths are left to FHIR's own rules: a
    search reads its parameters itself and refuses one it does not know unless `Prefer:
    handling=lenient` is sent (`feedback.fhir_api`)."""

    __ninja_param_source__ = "query"
    known: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def resolve(cls, request, api, path_params):
        if fhir_api.answers_in_fhir(request, api_root=api.get_root_path({})):
            return cls()
        unknown = [name for name in request.GET if name not in cls.known]
        if unknown:
            raise pydantic.ValidationError.from_exception_data(
                cls.__name__,
                [{"type": "extra_forbidden", "loc": (name,), "input": request.GET.getlist(name)} for name in unknown],
            )
        return cls()


def refuse_unknown_query_parameters(run):
    """Gives an operation, as the API binds it, an `UnknownQueryParameters` knowing the query parameters
    it declares (its arguments and the fields of its query schemas, pagination's among them). Added with
    the framework's API-wide `add_decorator` ("view": given each operation's bound `run`), so that no
    operation, a new one included, can be left without it; `run` itself is returned unchanged."""
    operation = getattr(run, "__self__", None)
    assert operation is not None, "refuse_unknown_query_parameters must be the API's first view decorator"
    known = frozenset(
        name
        for model in operation.models
        if model.__ninja_param_source__ == "query"
        for name in getattr(model, "__ninja_flatten_map__", {})
    )
    checker = type("UnknownQueryParameters", (UnknownQueryParameters,), {"known": known})
    operation.models = [*operation.models, checker]
    return run


def _errors_as_outcomes(schema: dict, *, fhir_root: str) -> None:
    """Each error of an operation on a FHIR path described as the OperationOutcome it is, a server
    error among them (`on_unexpected`, `config.errors.server_error`), and each answer as FHIR JSON."""
    outcome = {"content": {fhir_api.FHIR_JSON: {"schema": {"$ref": "#/components/schemas/OperationOutcome"}}}}
    for path, operations in schema["paths"].items():
        if not path.startswith(fhir_root):
            continue
        for operation in operations.values():
            responses = operation["responses"]
            for status, response in list(responses.items()):
                if int(status) >= 400:
                    responses[status] = {**response, **outcome}
                elif fhir_api.FHIR_JSON in response.get("content", {}):
                    # Not also the framework's `application/json`: a FHIR answer is FHIR JSON alone.
                    response["content"] = {fhir_api.FHIR_JSON: response["content"][fhir_api.FHIR_JSON]}
    schema["components"]["schemas"]["OperationOutcome"] = fhir_openapi.OUTCOME_SCHEMA


def _methods_answered(api_, view):
    """Every method the path's view leaves unanswered, answered the same way on every path. The view
    tells which methods it takes by refusing the others (django-ninja's operations, and the OpenAPI
    pages through `docs_decorator`): HEAD is then answered as GET without its body, OPTIONS names the
    methods, and any other is a 405 in the API's error shape."""

    @functools.wraps(view)  # keeps the view's csrf_exempt
    def wrapped(request, *args, **kwargs):
        if request.method == "HEAD":
            return _as_get_without_body(api_, view, request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        methods = _with_head_and_options(response["Allow"])
        if request.method == "OPTIONS":
            answer = HttpResponse(status=204)
            answer["Allow"] = ", ".join(methods)
            return answer
        return not_allowed(api_, request, methods=methods)

    return wrapped


def _with_head_and_options(allowed: str) -> list[str]:
    """The methods a path takes, sorted: those its view names, HEAD where it takes GET, and OPTIONS."""
    methods = {m.strip() for m in allowed.split(",") if m.strip()} | {"OPTIONS"}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


def _as_get_without_body(api_, view, request, *args, **kwargs):
    """HEAD: the view's answer to GET (status and headers, its length among them), without the body."""
    request.method = "GET"
    try:
        response = view(request, *args, **kwargs)
    finally:
        request.method = "HEAD"
    if isinstance(response, HttpResponseNotAllowed):
        return not_allowed(api_, request, methods=_with_head_and_options(response["Allow"]))
    if response.streaming:
        response.streaming_content = []
    else:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


def not_allowed(api_, request, *, methods: list[str]):
    """A method the path does not take. The framework answered "Method not allowed" as plain text, not
    the JSON error every other answer is, and listed the methods it does take in whatever order."""
    choices = f"{', '.join(methods[:-1])} or {methods[-1]}" if len(methods) > 1 else methods[0]
    detail = f"{request.path} does not take {request.method}. Send {choices}."
    response = api_.create_response(request, {"detail": detail}, status=405)
    response["Allow"] = ", ".join(methods)
    return response


api = HeardApi(
    title="Heard API",
    version="1.0.0",
    description=(
        "Everything here is scoped exactly like the pages: to the organisation of the API token and to "
        "the services its owner's roles cover. Create a token on the 'Your API tokens' page and send it "
        "as `Authorization: Bearer <token>`. Errors are JSON objects with a `detail` field (under /api/fhir/, "
        "FHIR `OperationOutcome`s, as each FHIR operation describes); a request that is "
        "not valid is a 422 whose `fields` name each problem by where it is, as the request names it, e.g. "
        "`rating`, `service_id` or `comments[0].text`; a field a body does not have (a name mistyped, or one of "
        "another operation) is refused as unknown, by its name, not ignored, and so is a query parameter an operation "
        "does not list (outside /api/fhir/, where FHIR's own rules hold); "
        "a body larger than the server takes (2.5 MB unless set otherwise) is a 413; a method a path does not "
        "take (e.g. DELETE) is a 405 whose `Allow` header and `detail` name the methods it does take. HEAD is "
        "answered as GET is, without the body; OPTIONS is a 204 whose `Allow` header names the methods. A fault "
        "in Heard, not in the request, is a 500."
    ),
    auth=TokenAuth(),
    parser=HeardParser(),
    # The description and its pages answered every method as GET; refusing the others lets them answer
    # HEAD, OPTIONS and a wrong method as every other path does.
    docs_decorator=require_GET,
    urls_namespace="api-1.0.0",
)


api.add_decorator(refuse_unknown_query_parameters, mode="view")


@api.exception_handler(AuthenticationError)
def on_no_token(request, exc):
    # It said only "Unauthorized": not what to send, nor where to get it.
    response = api.create_response(
        request,
        {
            "detail": "Send a working API token as 'Authorization: Bearer <token>'. You can create one on "
            "the 'Your API tokens' page."
        },
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    """An exception no other handler expects. On a FHIR path it is a 500 OperationOutcome
    (`fhir_api.server_error_response`), reported as Django reports one but without what was sent
    (`core.server_errors`), with DEBUG on too. Elsewhere it is left to Django, its reporting and its
    page, which `config.errors.ServerErrorMiddleware` makes an `ErrorOut` (with DEBUG on, Django's
    traceback page is kept)."""
    if not fhir_api.answers_in_fhir(request, api_root=api.get_root_path({})):
        raise exc
    return server_error_reported(request, exc, fhir_api.server_error_response())


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Your role does not allow this."}, status=403)


@api.exception_handler(ObjectDoesNotExist)
def on_not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


@api.exception_handler(ValidationError)
def on_invalid(request, exc):
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": "The request is not valid.", "fields": fields}, status=422)


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    # A body that is not JSON was a 400 that said only "Cannot parse request body", undescribed in
    # the OpenAPI description. It is answered as the FHIR endpoint answers one: a 422 saying where.
    cause = exc.__cause__
    if exc.status_code == 400 and isinstance(cause, NulCharacter):
        return on_nul_character(request, cause)
    if exc.status_code == 400 and isinstance(cause, (ValueError, RecursionError)):
        message = (
            f"The body is not valid JSON: {cause}" if isinstance(cause, ValueError) else "The body nests too deeply."
        )
        return api.create_response(
            request, {"detail": "The request is not valid.", "fields": {"body": [message]}}, status=422
        )
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(NulCharacter)
def on_nul_character(request, exc):
    return api.create_response(
        request, {"detail": "The request is not valid.", "fields": {exc.where: [NUL_MESSAGE]}}, status=422
    )


@api.exception_handler(RequestDataTooBig)
def on_too_large(request, exc):
    # Django refused a body over its limit with an HTML page saying only "Bad Request (400)": neither
    # the shape nor the status the OpenAPI description gives, and no word of what was wrong.
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    detail = f"The request is too large. Send no more than {limit / 1_048_576:g} MB at once."
    return api.create_response(request, {"detail": detail}, status=413)


@api.exception_handler(RequestShapeError)
def on_request_shape_invalid(request, exc):
    """A request that does not fit the schema (a missing field, a word where a number goes, a limit
    too large) answers as a broken rule does: `fields` keyed by where the problem is, as the
    OpenAPI description promises, e.g. `{"rating": ["Input should be less than or equal to 6"]}`."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        source, *where = error["loc"]
        fields.setdefault(field_path(where) or source, []).append(error["msg"])
    return api.create_response(request, {"detail": "The request is not valid.", "fields": fields}, status=422)


api.add_router("/", organisations_router)
api.add_router("/", feedback_router)
api.add_router("/", fhir_router)
api.add_router("/governance", governance_router)
api.add_router("/", coding_router)
api.add_router("/", audits_router)
api.add_router("/", priorities_router)
api.add_router("/", evidence_router)
api.add_router("/", urgent_router)

__all__ = ["api", "ErrorOut"]
