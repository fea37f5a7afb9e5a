from django.urls import path

from . import calendar_views, privacy_views, views

app_name = "core"

urlpatterns = [
    path("", views.mijn_werk, name="my-work"),
    path("toegankelijkheid/", views.toegankelijkheid, name="accessibility"),
    path("meldingen/", views.meldingen, name="notifications"),
    path("meldingen/e-mail/", views.mail_voorkeur, name="mail-preference"),
    path("agenda/", calendar_views.agenda, name="agenda"),
    path("agenda/<str:token>.ics", calendar_views.agenda_feed, name="agenda-feed"),
    path("mijn-gegevens/", privacy_views.personal_data_page, name="personal-data"),
    path("exports/<int:pk>/", views.export_status, name="export"),
    path("exports/<int:pk>/bestand/", views.export_download, name="export-download"),
]
