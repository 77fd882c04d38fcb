"""The search page, served under each language prefix (/en/search/, /ru/search/, ...) by i18n_patterns."""

from django.urls import path

from search import views

app_name = "search"
urlpatterns = [
    path("search/", views.search_page, name="search"),
]
