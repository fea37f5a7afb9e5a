"""The application's URLs plus the floor view: the base layout for the signed-in person,
and nothing else. Every page's time is reported as a ratio to it (bench.measure)."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as app_urlpatterns


@login_not_required  # the public decision list has an anonymous floor
def floor(request):
    return render(request, "base.html", {})


urlpatterns = [path("_bench/vloer/", floor, name="bench-floor"), *app_urlpatterns]
