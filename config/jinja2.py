"""The Jinja2 environment: our templates first, then the NHS.UK frontend component macros."""

from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, pass_context


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def localtime(value) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%-d %b %Y, %H:%M")


def localdate(value) -> str:
    """The day of a moment where Heard is used, in words: "3 December 2026"."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%-d %B %Y")


def localclock(value) -> str:
    """The time of day of a moment where Heard is used: "14:02"."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%H:%M")


def needs_label(value: str) -> str:
    from organisations.models import CommunicationNeed

    try:
        return CommunicationNeed(value).label
    except ValueError:
        return value


def sure(confidence: float) -> int:
    """How sure a model is, as a whole percentage, rounded down and never 100: a suggestion is a guess,
    however high its probability came out."""
    return min(99, int(confidence * 100))


@pass_context
def can_open(context, record) -> bool:
    """Whether the signed-in person's scope reaches ``record`` by its service, so that a link to its
    page opens. A record with no service belongs to the whole organisation: only a role over every
    service reaches it (as ``TenantQuerySet.for_scope`` decides), unless its model says it is read at
    every service (``READ_AT_EVERY_SERVICE``, as its pages read it with ``whole_organisation=True``)."""
    scope = context.get("scope")
    if scope is None or record is None:
        return False
    service_id = getattr(record, "service_id", None)
    if scope.all_services or service_id in scope.service_ids:
        return True
    return service_id is None and getattr(type(record), "READ_AT_EVERY_SERVICE", False) is True


@pass_context
def comment_text(context, comment) -> str:
    """A comment's words as the signed-in person may read them (``feedback.selectors.comment_text_for``):
    every template that shows comment text prints it with this, never ``comment.text``. Without a
    scope the personal details are hidden."""
    from feedback.selectors import comment_text_for

    return comment_text_for(scope=context.get("scope"), comment=comment)


@pass_context
def handing_over(context, person, service_id=None) -> tuple[str, bool]:
    """Why ``person``, who holds work, cannot sign in ("has left"), or "" if they can; and whether the
    signed-in person may hand that work, at ``service_id``, to someone who can (ADR 0009)."""
    from governance.rules import Perm, has_perm
    from organisations.signin import why_cannot_sign_in

    why = why_cannot_sign_in(person) if person is not None else ""
    return why, bool(why) and has_perm(context.get("scope"), Perm.HAND_OVER, service_id)


def environment(**options) -> Environment:
    loader = options.pop("loader")
    options["undefined"] = ChainableUndefined
    options["autoescape"] = True
    env = Environment(loader=ChoiceLoader([loader, PackageLoader("nhsuk_frontend_jinja")]), **options)  # noqa: S701
    env.globals.update(
        {
            "static": static,
            "url": url,
            "get_messages": get_messages,
            "can_open": can_open,
            "comment_text": comment_text,
            "handing_over": handing_over,
        }
    )
    env.filters.update(
        {
            "localtime": localtime,
            "localdate": localdate,
            "localclock": localclock,
            "needs_label": needs_label,
            "sure": sure,
        }
    )
    return env
