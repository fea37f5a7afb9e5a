from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.mijn_werk, name="mijn-werk"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("meldingen/", views.meldingen, name="meldingen"),
    path("meldingen/e-mail/", views.mail_voorkeur, name="mail-voorkeur"),
]
