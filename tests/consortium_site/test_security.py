"""Deployment checks, Content-Security-Policy, uploads, media folders and escaping of every text field."""

import importlib
import io
import json
import os
import re
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import wagtail_factories
from PIL import Image

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse

from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from best_practices.factories import BestPracticeArticlePageFactory
from consortium_site.blocks import RICH_TEXT_FEATURES
from members.factories import MemberLibraryPageFactory
from members.models import MemberLibraryPage
from tests.editorial.conftest import make_user

BASE_DIR = Path(settings.BASE_DIR)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_production_settings_pass_check_deploy():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "consortium_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "commons.example.org",
        "DATABASE_URL": "postgres://consortium:secret@db.invalid:5432/consortium",
        # As docker-compose.yml sets it: a per-process cache would fail the page cache's deploy check.
        "CACHE_URL": "redis://redis.invalid:6379/0",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


# ---- Content-Security-Policy -------------------------------------------------------------------------


def csp_directives(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_public_pages_carry_a_strict_content_security_policy(client, home_page):
    directives = csp_directives(client.get(home_page.url))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


@pytest.mark.django_db
def test_admin_carries_its_own_content_security_policy(client):
    client.force_login(make_user("moderator-csp", "Association moderators"))
    directives = csp_directives(client.get(reverse("wagtailadmin_home")))
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'self'"]
    assert "https:" not in directives["img-src"]


# ---- Escaping ----------------------------------------------------------------------------------------


def rich_text_with(text):
    contentstate = {
        "blocks": [
            {"key": "a", "type": "unstyled", "text": text, "depth": 0, "inlineStyleRanges": [], "entityRanges": []}
        ],
        "entityMap": {},
    }
    return ContentstateConverter(RICH_TEXT_FEATURES).to_database_format(json.dumps(contentstate))


def assert_escaped(html):
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_payloads_in_titles_summaries_tables_and_rich_text_render_escaped(client, practices_index):
    article = BestPracticeArticlePageFactory(
        parent=practices_index,
        title=f"Title {XSS}",
        summary=f"Summary {XSS}",
        body=[
            ("paragraph", rich_text_with(f"Typed {XSS}")),
            ("table", {"data": [[f"cell {XSS}", "2"], ["3", "4"]], "first_row_is_table_header": True}),
        ],
    )
    assert_escaped(client.get(article.url).content.decode())
    assert_escaped(client.get(practices_index.url).content.decode())


@pytest.mark.django_db
def test_library_profile_escapes_text_and_never_links_a_javascript_url(client, members_index):
    library = MemberLibraryPageFactory(parent=members_index, title=f"Library {XSS}", city=f"City {XSS}")
    # Page.save() validates URLs; a bulk import writing rows directly would not.
    MemberLibraryPage.objects.filter(pk=library.pk).update(website="javascript:alert(1)")
    html = client.get(library.url).content.decode()
    assert_escaped(html)
    assert 'href="javascript:' not in html
    assert_escaped(client.get(members_index.url).content.decode())


@pytest.mark.django_db
def test_admin_listings_escape_titles(client, practices_index):
    BestPracticeArticlePageFactory(parent=practices_index, title=f"Title {XSS}")
    client.force_login(make_user("moderator-xss", "Association moderators"))
    for url, params in [
        (reverse("wagtailadmin_explore", args=[practices_index.pk]), {}),
        (reverse("wagtailadmin_pages:search"), {"q": "Title"}),
        (reverse("wagtailadmin_reports:site_history"), {}),
    ]:
        html = client.get(url, params).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x onerror" not in html, url


# ---- Uploads -------------------------------------------------------------------------------------------


def office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def uploader(client):
    client.force_login(make_user("moderator-upload", "Association moderators"))
    return client


def upload_document(client, name, content):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"),
        ("staffing.docx", office_document()),
        ("figures.csv", "library,staff\nAlmaty,40\nБишкек,12\n".encode()),
        ("notes.txt", "Заметки о наборе персонала".encode()),
    ],
)
def test_allowed_documents_upload(uploader, name, content):
    assert upload_document(uploader, name, content).status_code == 302
    assert get_document_model().objects.filter(title=name).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.html", b"<html><body>hi</body></html>"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("notes.txt", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("staffing.docx", b"%PDF-1.7 not a word file"),
        ("tool.exe", b"MZ\x90\x00"),
    ],
)
def test_markup_executables_and_mislabelled_documents_are_refused(uploader, name, content):
    response = upload_document(uploader, name, content)
    assert response.status_code == 200
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
def test_documents_over_the_size_limit_are_refused(uploader, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    response = upload_document(uploader, "big.txt", b"a" * 2048)
    assert "too big" in response.content.decode()
    assert not get_document_model().objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("logo.png", b"<html><script>alert(1)</script></html>"),
        ("logo.html", png_bytes()),
    ],
)
def test_svg_and_html_images_are_refused(uploader, name, content):
    response = uploader.post(
        reverse("wagtailimages:add"),
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_documents_are_served_as_attachments_through_wagtail(client):
    document = wagtail_factories.DocumentFactory(title="Report", file=SimpleUploadedFile("report.pdf", b"%PDF-1.7\n"))
    response = client.get(document.url)
    assert document.url.startswith("/documents/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


# ---- Media folders ---------------------------------------------------------------------------------------


@pytest.fixture
def development_urls(settings):
    """The URLconf as `make run` builds it (DEBUG=True), restored afterwards."""
    import consortium_site.urls

    settings.DEBUG = True
    importlib.reload(consortium_site.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(consortium_site.urls)
    clear_url_caches()


@pytest.mark.django_db
def test_development_server_serves_renditions_but_never_documents_or_original_images(client, development_urls):
    media = Path(settings.MEDIA_ROOT)
    for folder, name in [("images", "logo.width-400.png"), ("original_images", "logo.png"), ("documents", "a.pdf")]:
        (media / folder).mkdir(parents=True, exist_ok=True)
        (media / folder / name).write_bytes(b"content")
    assert client.get("/media/images/logo.width-400.png").status_code == 200
    for path in ("/media/original_images/logo.png", "/media/documents/a.pdf", "/media/images/../documents/a.pdf"):
        response = client.get(path, follow=True)
        assert response.status_code in (400, 404), path


def test_production_front_server_exposes_only_renditions():
    config = (BASE_DIR / "deploy" / "nginx.conf").read_text()
    media_locations = re.findall(r"location\s+(/media/\S*)\s*\{([^}]*)\}", config)
    exposed = [path for path, body in media_locations if "alias" in body or "root" in body]
    assert exposed == ["/media/images/"]
    assert ("/media/", "\n        return 404;\n    ") in media_locations
