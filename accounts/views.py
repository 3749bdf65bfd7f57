from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.forms import ApiTokenForm, SetPasswordForm, SignInForm
from core import clock
from organisations.rules import Perm, require
from organisations.scope import current_scope
from organisations.web import render_page, scoped_view


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.jinja"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form_has_errors"] = bool(context["form"].errors)
        return context


@require_http_methods(["GET", "POST"])
def sign_out(request):
    if request.method == "POST":
        logout(request)
        return redirect("accounts:sign-in")
    return render_page(request, current_scope(request), "accounts/sign_out.jinja", {"page_title": "Sign out"})


@method_decorator(login_not_required, name="dispatch")
class SetPasswordView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.jinja"
    form_class = SetPasswordForm
    success_url = "/sign-in/"
    post_reset_login = False
    extra_context = {"page_title": "Choose your password"}

    def form_valid(self, form):
        messages.success(self.request, "Your password has been set. You can now sign in.")
        return super().form_valid(form)


@require_http_methods(["GET", "POST"])
@scoped_view
def tokens(request, scope):
    scope = require(scope, Perm.USE_API)
    form = ApiTokenForm(request.POST or None)
    raw = None
    if request.method == "POST" and form.is_valid():
        try:
            _, raw = services.api_token_create(scope=scope, **form.cleaned_data)
            form = ApiTokenForm()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
    return render_page(
        request,
        scope,
        "accounts/tokens.jinja",
        {
            "page_title": "Your API tokens",
            "form": form,
            "raw_token": raw,
            "tokens": list(services.api_token_list(scope=scope)),
            "now": clock.now(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@scoped_view
def token_revoke(request, scope, token_id: int):
    token = services.api_token_revoke(scope=scope, token_id=token_id)
    messages.success(request, f"The token {token.name} has been revoked.")
    return redirect("accounts:tokens")
