from django.urls import path

from . import views

app_name = "uitvoering"

urlpatterns = [
    path("", views.index, name="index"),
    path("adviezen/<int:pk>/", views.plan_detail, name="plan"),
    path("adviezen/<int:pk>/starten/", views.plan_start, name="plan-start"),
    path("adviezen/<int:pk>/stap/<slug:step>/", views.plan_step, name="plan-step"),
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
        "adviezen/<int:pk>/mijlpalen/<int:milestone_pk>/<slug:change>/",
        views.milestone_change,
        name="milestone-change",
    ),
    path("adviezen/<int:pk>/verwachte-besparingen/", views.expected_edit, name="expected-edit"),
    path("adviezen/<int:pk>/gezondheid/", views.health_save, name="health"),
    path("adviezen/<int:pk>/<slug:how>/", views.advies_end, name="advies-end"),
    path("adviezen/<int:pk>/besparingen/nieuw/", views.saving_edit, name="saving-create"),
    path("adviezen/<int:pk>/besparingen/<int:saving_pk>/", views.saving_edit, name="saving-edit"),
    path(
        "adviezen/<int:pk>/besparingen/<int:saving_pk>/bewijs/",
        views.saving_evidence,
        name="saving-evidence",
    ),
    path(
        "adviezen/<int:pk>/besparingen/<int:saving_pk>/<slug:decision>/",
        views.saving_decide,
        name="saving-decide",
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
