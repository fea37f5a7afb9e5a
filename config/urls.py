from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.urls import auth_urlpatterns
from core import health
from vergaderingen import views as vergaderingen_views

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("gezondheid/", health.liveness, name="health-live"),
    path("gezondheid/klaar/", health.readiness, name="health-ready"),
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("optimalisatie/", include("optimalisatie.urls")),
    path("vergaderingen/", include("vergaderingen.urls")),
    path("afsprakennota/", include("afsprakennota.urls")),
    path("uitvoering/", include("uitvoering.urls")),
    path("besluitenlijst/", vergaderingen_views.decision_list, name="decision-list"),
    path(
        "besluitenlijst/<int:pk>/",
        vergaderingen_views.decision_list_meeting,
        name="decision-list-meeting",
    ),
    path(
        "id/<slug:kind>/<int:pk>",
        vergaderingen_views.lblod_resource,
        name="lblod-resource",
    ),
    path(
        "besluitenlijst/<int:pk>.pdf",
        vergaderingen_views.decision_list_pdf,
        name="decision-list-pdf",
    ),
    *auth_urlpatterns,
    path("beheer/", admin.site.urls),
    path("taal/", login_not_required(set_language), name="set_language"),
]

if settings.DEBUG:  # uploads (the logo) in development; production serves MEDIA_ROOT itself
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
