from django.urls import path

from operations import health

app_name = "operations"
urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
]
