from django.middleware.csp import get_nonce
from django.templatetags.static import static


def design_system(request):
    """Variables the NHS.UK frontend page template reads."""
    return {
        "cspNonce": str(nonce) if (nonce := get_nonce(request)) is not None else "",
        "assetPath": static("vendor/nhsuk/assets"),
    }
