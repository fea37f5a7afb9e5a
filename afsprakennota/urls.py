from django.urls import path

from . import export_views, views

app_name = "afsprakennota"

urlpatterns = [
    path("", views.nota_index, name="index"),
    path("nieuw/", views.nota_create, name="create"),
    path("nieuw/voorbeeld/", views.nota_import_preview, name="import-preview"),
    path("bestuursperiodes/", views.term_status, name="terms"),
    path("verificatie/", views.verify, name="verify"),
    path("<int:pk>/", views.nota_detail, name="detail"),
    path("<int:pk>/kop/", views.header_edit, name="header-edit"),
    path("<int:pk>/artikels/nieuw/", views.article_create, name="article-create"),
    path("<int:pk>/artikels/<int:article_pk>/", views.article_edit, name="article-edit"),
    path(
        "<int:pk>/artikels/<int:article_pk>/omhoog/",
        views.article_move,
        {"up": True},
        name="article-up",
    ),
    path(
        "<int:pk>/artikels/<int:article_pk>/omlaag/",
        views.article_move,
        {"up": False},
        name="article-down",
    ),
    path(
        "<int:pk>/artikels/<int:article_pk>/verwijderen/",
        views.article_delete,
        name="article-delete",
    ),
    path("<int:pk>/stap/bespreken/", views.nota_open_discussion, name="open-discussion"),
    path(
        "<int:pk>/stap/ter-goedkeuring/",
        views.nota_submit_for_approval,
        name="submit-for-approval",
    ),
    path("<int:pk>/stap/terug/", views.nota_back_to_discussion, name="back-to-discussion"),
    path("<int:pk>/versies/", views.nota_versions, name="versions"),
    path("<int:pk>/word/", export_views.nota_word, name="word"),
    path("<int:pk>/versies/<int:number>/word/", export_views.version_word, name="version-word"),
    path("<int:pk>/ondertekenen/", views.nota_sign, name="sign"),
    path("<int:pk>/weigeren/", views.nota_refuse, name="refuse"),
    path("<int:pk>/pdf/", views.nota_pdf_view, name="pdf"),
    path("<int:pk>/opmerkingen/", views.thread_create, name="thread-create"),
    path(
        "<int:pk>/opmerkingen/<int:thread_pk>/<int:comment_pk>/antwoord/",
        views.comment_reply_view,
        name="comment-reply",
    ),
]
