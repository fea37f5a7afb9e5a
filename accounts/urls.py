from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import path, reverse_lazy

from . import oidc, views
from .forms import LoginForm
from .views import password_login_only, sso_only

app_name = "accounts"

urlpatterns = [
    path("organisatie/", views.organisatie, name="organisation"),
    path("organisatie/logo/", views.logo, name="logo"),
    path("organisatie/import/", views.organisatie_import, name="organisation-import"),
]

# Django's own login views, in our templates. They keep their global names (login, logout,
# password_reset, ...) because Django's e-mails and admin refer to them by those names.
auth_urlpatterns = [
    path(
        "aanmelden/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("afmelden/", auth_views.LogoutView.as_view(), name="logout"),
    # single sign-on (accounts/oidc.py): to the identity provider, and back
    path(
        "aanmelden/sso/",
        login_not_required(sso_only(oidc.AuthenticateView.as_view())),
        name="oidc-login",
    ),
    path(
        "aanmelden/sso/terug/",
        login_not_required(sso_only(oidc.CallbackView.as_view())),
        name="oidc-callback",
    ),
    path(
        "wachtwoord/wijzigen/",
        password_login_only(auth_views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(
            extra_context={"home_url": reverse_lazy(settings.LOGIN_REDIRECT_URL)}
        ),
        name="password_change_done",
    ),
    path(
        "wachtwoord/vergeten/",
        password_login_only(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "wachtwoord/vergeten/verzonden/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord/herstellen/<uidb64>/<token>/",
        password_login_only(
            views.PasswordResetConfirmView.as_view(
                success_url=reverse_lazy("password_reset_complete")
            )
        ),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord/hersteld/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
