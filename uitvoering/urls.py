from django.urls import path

from . import views

app_name = "uitvoering"

urlpatterns = [
    path("", views.index, name="index"),
    path("adviezen/<int:pk>/", views.plan_detail, name="plan"),
    path("adviezen/<int:pk>/starten/", views.plan_start, name="plan-start"),
    # the plan's steps (their keys in English, their paths in Dutch)
    path(
        "adviezen/<int:pk>/stap/indienen/", views.plan_step, {"step": "submit"}, name="plan-submit"
    ),
    path(
        "adviezen/<int:pk>/stap/goedkeuren/",
        views.plan_step,
        {"step": "approve"},
        name="plan-approve",
    ),
    path(
        "adviezen/<int:pk>/stap/terugsturen/",
        views.plan_step,
        {"step": "send-back"},
        name="plan-send-back",
    ),
    path(
        "adviezen/<int:pk>/stap/herzien/", views.plan_step, {"step": "revise"}, name="plan-revise"
    ),
    path("adviezen/<int:pk>/acties/nieuw/", views.action_edit, name="action-create"),
    path("adviezen/<int:pk>/acties/<int:action_pk>/", views.action_edit, name="action-edit"),
    path(
        "adviezen/<int:pk>/acties/<int:action_pk>/verwijderen/",
        views.action_delete,
        name="action-delete",
    ),
    path(
        "adviezen/<int:pk>/acties/<int:action_pk>/status/",
        views.action_status,
        name="action-status",
    ),
    path("adviezen/<int:pk>/mijlpalen/nieuw/", views.milestone_add, name="milestone-add"),
    path(
        "adviezen/<int:pk>/mijlpalen/<int:milestone_pk>/verwijderen/",
        views.milestone_delete,
        name="milestone-delete",
    ),
    path(
        "adviezen/<int:pk>/mijlpalen/<int:milestone_pk>/bereikt/",
        views.milestone_reached,
        {"reached": True},
        name="milestone-reached",
    ),
    path(
        "adviezen/<int:pk>/mijlpalen/<int:milestone_pk>/niet-bereikt/",
        views.milestone_reached,
        {"reached": False},
        name="milestone-not-reached",
    ),
    path("adviezen/<int:pk>/verwachte-besparingen/", views.expected_edit, name="expected-edit"),
    path("adviezen/<int:pk>/gezondheid/", views.health_save, name="health"),
    path("adviezen/<int:pk>/afronden/", views.advies_finish, name="advies-finish"),
    path("adviezen/<int:pk>/stopzetten/", views.advies_stop, name="advies-stop"),
    path("adviezen/<int:pk>/besparingen/nieuw/", views.saving_edit, name="saving-create"),
    path("adviezen/<int:pk>/besparingen/<int:saving_pk>/", views.saving_edit, name="saving-edit"),
    path(
        "adviezen/<int:pk>/besparingen/<int:saving_pk>/bewijs/",
        views.saving_evidence,
        name="saving-evidence",
    ),
    path(
        "adviezen/<int:pk>/besparingen/<int:saving_pk>/valideren/",
        views.saving_decide,
        {"validate": True},
        name="saving-validate",
    ),
    path(
        "adviezen/<int:pk>/besparingen/<int:saving_pk>/terugsturen/",
        views.saving_decide,
        {"validate": False},
        name="saving-send-back",
    ),
    path("cycli/<int:pk>/resultaten/", views.results, name="results"),
    path("cycli/<int:pk>/voortgangsrapport.pdf", views.results_pdf, name="results-pdf"),
    path("cycli/<int:pk>/resultaten.xlsx", views.results_xlsx, name="results-xlsx"),
    path(
        "cycli/<int:pk>/voortgangsrapport/college/",
        views.report_to_college,
        name="report-to-college",
    ),
    path("rapporten/<int:report_pk>.pdf", views.report_pdf, name="report-pdf"),
]
