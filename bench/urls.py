"""The whole site plus ``/bench/bare/``: the cheapest Django response possible."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("config.urls")),
]
