from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include("editorial.admin_urls")),  # narrows two of Wagtail's page chooser views
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("search.api_urls")),
    path("", include("operations.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only image renditions are public files: documents go through Wagtail's serve view, originals stay private.
    urlpatterns += static(f"{settings.MEDIA_URL}images/", document_root=Path(settings.MEDIA_ROOT) / "images")

# Pages are served under a language prefix (/en/, /ru/, /kk/, ...); "/" redirects by Accept-Language.
# Wagtail's page URLs, served with fewer queries (consortium_site/routing.py).
urlpatterns += i18n_patterns(
    path("", include("search.urls")), path("", include("consortium_site.routing")), prefix_default_language=True
)
