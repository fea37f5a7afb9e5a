from django.urls import path

from . import views

app_name = "optimalisatie"

urlpatterns = [
    path("", views.cycle_index, name="cycle-index"),
    path("cycli/nieuw/", views.cycle_edit, name="cycle-create"),
    path("cycli/<int:pk>/", views.cycle_detail, name="cycle-detail"),
    path("cycli/<int:pk>/kader/", views.cycle_edit, name="cycle-edit"),
    path(
        "cycli/<int:pk>/kader/voorleggen/",
        views.cycle_framework_submit,
        name="cycle-framework-submit",
    ),
    path("cycli/<int:pk>/achterstand/", views.cycle_overdue, name="cycle-overdue"),
    path("cycli/<int:pk>/diensten/", views.cycle_diensten, name="cycle-departments"),
    path("cycli/<int:pk>/afsprakennota/", views.cycle_nota_create, name="cycle-nota-create"),
    path("cycli/<int:pk>/beleidsnota/", views.beleidsnota_edit, name="beleidsnota-edit"),
    path("cycli/<int:pk>/schepenadvies/", views.schepen_input_create, name="schepen-input"),
    path("adviezen/", views.advies_list, name="advies-list"),
    path("adviezen/nieuw/", views.advies_create, name="advies-create"),
    path("adviezen/<int:pk>/", views.advies_detail, name="advies-detail"),
    path("adviezen/<int:pk>/bewerken/", views.advies_edit, name="advies-edit"),
    path("adviezen/<int:pk>/stap/<slug:action>/", views.advies_step, name="advies-step"),
    path(
        "adviezen/<int:pk>/bijlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path("adviezen/<int:pk>/standpunt/", views.standpunt_save, name="standpunt"),
    path("adviezen/<int:pk>/prioriteit/", views.priority_save, name="priority"),
    path("adviezen/<int:pk>/draden/", views.thread_create, name="thread-create"),
    path(
        "adviezen/<int:pk>/draden/<int:thread_pk>/status/",
        views.thread_resolve,
        name="thread-resolve",
    ),
    path(
        "adviezen/<int:pk>/draden/<int:thread_pk>/delen/",
        views.thread_share,
        name="thread-share",
    ),
    path(
        "adviezen/<int:pk>/draden/<int:thread_pk>/reacties/<int:comment_pk>/antwoord/",
        views.comment_reply_view,
        name="comment-reply",
    ),
    path(
        "adviezen/<int:pk>/draden/<int:thread_pk>/reacties/<int:comment_pk>/bewerken/",
        views.comment_edit_view,
        name="comment-edit",
    ),
    path(
        "adviezen/<int:pk>/draden/<int:thread_pk>/reacties/<int:comment_pk>/intrekken/",
        views.comment_withdraw_view,
        name="comment-withdraw",
    ),
    path("mt/", views.mt_queue, name="mt-queue"),
    path("bundels/nieuw/", views.bundle_create, name="bundle-create"),
    path("bundels/<int:pk>/", views.bundle_detail, name="bundle-detail"),
    path("bundels/<int:pk>/klaar/", views.bundle_ready, name="bundle-ready"),
]
