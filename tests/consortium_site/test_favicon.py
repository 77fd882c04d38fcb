"""The site's icon: browsers ask for /favicon.ico on every first visit, and pages name an SVG icon."""

import re

from django.contrib.staticfiles import finders


def test_favicon_ico_is_a_small_icon_answered_without_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\x00\x00\x01\x00"), "an ICO file"
    assert len(body) < 4096
    assert "max-age" in response["Cache-Control"]


def test_pages_name_the_svg_icon(client, home_page):
    html = client.get("/en/").content.decode()
    link = re.search(r'<link rel="icon" href="/static/([^"]+)" type="image/svg\+xml">', html)
    assert link
    path = finders.find(link.group(1))
    assert path
    with open(path, encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")
