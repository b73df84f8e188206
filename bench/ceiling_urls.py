"""Two ceiling views, ~20 KB each: a constant page, and a template rendered with no database."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

PARAGRAPH = "<p>Isotretinoin for eczema: what the evidence says, and what patients report. </p>\n"
CONSTANT_PAGE = ("<!DOCTYPE html><html><body>" + PARAGRAPH * 250 + "</body></html>").encode()
ROWS = [{"title": f"Review number {n}", "rating": n % 10 + 1, "name": "Sam & Jo"} for n in range(95)]


def constant(request):
    return HttpResponse(CONSTANT_PAGE)


def template(request):
    return render(request, "ceiling.html", {"rows": ROWS, "title": "Isotretinoin for eczema"})


urlpatterns = [path("constant/", constant), path("template/", template)]
