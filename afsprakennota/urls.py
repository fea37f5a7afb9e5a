from django.urls import path

from . import views

app_name = "afsprakennota"

urlpatterns = [
    path("", views.nota_index, name="index"),
    path("nieuw/", views.nota_create, name="create"),
    path("bestuursperiodes/", views.term_status, name="terms"),
    path("verificatie/", views.verify, name="verify"),
    path("<int:pk>/", views.nota_detail, name="detail"),
    path("<int:pk>/kop/", views.header_edit, name="header-edit"),
    path("<int:pk>/artikels/nieuw/", views.article_create, name="article-create"),
    path("<int:pk>/artikels/<int:article_pk>/", views.article_edit, name="article-edit"),
    path(
        "<int:pk>/artikels/<int:article_pk>/<slug:action>/",
        views.article_action,
        name="article-action",
    ),
    path("<int:pk>/stap/<slug:step>/", views.nota_step, name="step"),
    path("<int:pk>/versies/", views.nota_versions, name="versions"),
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
