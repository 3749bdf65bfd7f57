"""System checks of Heard's own: what `heard check --deploy` asks of a production deployment."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = {"django.core.cache.backends.locmem.LocMemCache", "django.core.cache.backends.dummy.DummyCache"}


@register(Tags.caches, deploy=True)
def shared_cache(app_configs=None, **kwargs) -> list[Warning]:
    """Several web processes each with a cache of their own count the public rate limit separately,
    lose import progress between requests and can import one file twice at once."""
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend not in LOCAL_CACHES or getattr(settings, "HEARD_CACHE_URL", "") == "local":
        return []
    return [
        Warning(
            "Each web process has a cache of its own.",
            hint='Set HEARD_CACHE_URL to a shared Redis (redis://host:6379/0), or to "local" if Heard '
            "runs as one web process.",
            id="heard.W001",
        )
    ]
