from django.urls import path

from . import reference_views, views

app_name = "vergaderingen"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("nieuw/", views.meeting_create, name="meeting-create"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda-add"),
    path("<int:pk>/dringend-punt/", views.urgent_add, name="urgent-add"),
    path("<int:pk>/live/", views.meeting_live, name="meeting-live"),
    path("<int:pk>/vergadering.ics", views.meeting_ics, name="meeting-ics"),
    path("<int:pk>/verplaatsen/", views.meeting_reschedule, name="meeting-reschedule"),
    path("<int:pk>/secretaris-vervangen/", views.secretary_stand_in, name="secretary-stand-in"),
    path("voorstellen/", views.proposal_list, name="proposal-list"),
    path("voorstellen/<int:pk>/weigeren/", views.proposal_refuse, name="proposal-refuse"),
    path("<int:pk>/stap/<slug:step>/", views.meeting_step, name="meeting-step"),
    path("<int:pk>/aanwezigheid/<int:member_pk>/", views.attendance, name="attendance"),
    path(
        "<int:pk>/punten/<int:item_pk>/verplaatsen/<slug:direction>/",
        views.agenda_move,
        name="agenda-move",
    ),
    path("<int:pk>/punten/<int:item_pk>/belangenconflict/", views.recusal, name="recusal"),
    path(
        "<int:pk>/punten/<int:item_pk>/belangenconflict/intrekken/",
        views.recusal_withdraw,
        name="recusal-withdraw",
    ),
    path("<int:pk>/punten/<int:item_pk>/persoon/", views.item_person, name="item-person"),
    path("<int:pk>/punten/<int:item_pk>/stemming/openen/", views.vote_open, name="vote-open"),
    path("<int:pk>/punten/<int:item_pk>/stemming/sluiten/", views.vote_close, name="vote-close"),
    path("<int:pk>/punten/<int:item_pk>/stem/", views.ballot, name="ballot"),
    path("<int:pk>/punten/<int:item_pk>/telling/", views.tally_partial, name="tally"),
    path("<int:pk>/punten/<int:item_pk>/besluit/", views.decision, name="decision"),
    path("<int:pk>/notulen/", views.minutes, name="minutes"),
    path("<int:pk>/notulen/bewaren/", views.minutes_save, name="minutes-save"),
    path("<int:pk>/notulen/ondertekenen/", views.minutes_sign, name="minutes-sign"),
    path(
        "<int:pk>/besluitenlijst/publiceren/",
        views.decision_list_publish,
        name="decision-list-publish",
    ),
    path("<int:pk>/notulen.pdf", views.minutes_pdf, name="minutes-pdf"),
    # a body that decides in the official decision system
    path("organen/<int:orgaan_pk>/", reference_views.body_decisions, name="body-decisions"),
    path(
        "organen/<int:orgaan_pk>/ontwerpbesluit/<int:ct>/<str:obj>.docx",
        reference_views.draft_download,
        name="draft-download",
    ),
    path(
        "organen/<int:orgaan_pk>/registreren/<int:ct>/<str:obj>/",
        reference_views.reference_record,
        name="reference-record",
    ),
    path(
        "organen/<int:orgaan_pk>/besluiten/<int:pk>/corrigeren/",
        reference_views.reference_correct,
        name="reference-correct",
    ),
    path(
        "organen/<int:orgaan_pk>/besluiten/<int:pk>/uittreksel.pdf",
        reference_views.extract_download,
        name="extract-download",
    ),
]
