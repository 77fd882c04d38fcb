"""Placeholder search page; the multilingual search layer replaces it (issue 3)."""

from django.template.response import TemplateResponse


def search_page(request):
    return TemplateResponse(request, "pages/search_page.html", {"query": ""})
