from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.mijn_werk, name="my-work"),
    path("toegankelijkheid/", views.toegankelijkheid, name="accessibility"),
    path("meldingen/", views.meldingen, name="notifications"),
    path("meldingen/e-mail/", views.mail_voorkeur, name="mail-preference"),
    path("exports/<int:pk>/", views.export_status, name="export"),
    path("exports/<int:pk>/bestand/", views.export_download, name="export-download"),
]
