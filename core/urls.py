from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.mijn_werk, name="my-work"),
    path("toegankelijkheid/", views.toegankelijkheid, name="accessibility"),
    path("meldingen/", views.meldingen, name="notifications"),
    path("meldingen/e-mail/", views.mail_voorkeur, name="mail-preference"),
]
