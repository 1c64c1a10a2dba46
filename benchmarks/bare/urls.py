"""A bare Django view: a constant body of BENCH_BODY_SIZE bytes, the baseline for the web benchmark."""

import os

from django.http import HttpResponse
from django.urls import path

BODY = (b"<!doctype html><title>bare</title>" + b"x" * int(os.environ.get("BENCH_BODY_SIZE", "8000")))[
    : int(os.environ.get("BENCH_BODY_SIZE", "8000"))
]


def constant(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", constant), path("<path:anything>", constant)]
