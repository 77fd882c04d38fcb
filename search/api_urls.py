"""Search URLs outside the language prefix: the JSON API and /search/, which redirects to the visitor's language."""

from django.urls import path

from search import views

app_name = "search_api"
urlpatterns = [
    path("api/v1/search/", views.search_api, name="search"),
    path("api/v1/search/suggest/", views.suggest_api, name="suggest"),
    path("search/", views.redirect_to_localised_search, name="unprefixed_page"),
]
