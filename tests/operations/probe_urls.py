"""Views outside the page tree for the page cache tests: one reads the session, as a personalised page
would; one answers in the language LocaleMiddleware chose from the cookie or Accept-Language header."""

from django.http import HttpResponse
from django.urls import path
from django.utils import translation

from consortium_site.urls import urlpatterns as site_urlpatterns


def greeting(request):
    return HttpResponse(f"Visits this session: {request.session.get('visits', 0)}")


def language(request):
    return HttpResponse(f'<html lang="{translation.get_language()}">')


# The site's own URLs too: middleware reverses admin URLs on every request.
urlpatterns = [path("greeting/", greeting), path("language/", language), *site_urlpatterns]
