"""A page that reads the session, as a personalised page would, for the page cache tests."""

from django.http import HttpResponse
from django.urls import path


def greeting(request):
    return HttpResponse(f"Visits this session: {request.session.get('visits', 0)}")


urlpatterns = [path("greeting/", greeting)]
