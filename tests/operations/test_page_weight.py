"""Pages stay light for slow connections: an article with its CSS and JS is well under 150 KB before
images, and no page asks the browser for anything from another host (no CDN, no remote fonts)."""

import json
import re
from html.parser import HTMLParser

import pytest
import wagtail_factories

from django.contrib.staticfiles import finders

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from members.factories import MemberLibraryPageFactory

ARTICLE_BUDGET_BYTES = 150 * 1024


class Resources(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls = []
        self.stylesheets_and_scripts = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "srcset", "action", "poster", "data"):
            if attrs.get(name) and tag != "a" and not (tag == "link" and attrs.get("rel") == "alternate"):
                self.urls.append(attrs[name])
        if tag == "link" and attrs.get("rel") == "stylesheet":
            self.stylesheets_and_scripts.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.stylesheets_and_scripts.append(attrs["src"])


def resources(html):
    parser = Resources()
    parser.feed(html)
    return parser


def static_size(url):
    path = finders.find(re.sub(r"^/static/", "", url.split("?")[0]))
    assert path, f"{url} is not a static file of this site"
    with open(path, "rb") as handle:
        return len(handle.read())


@pytest.fixture
def article(practices_index, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    images = wagtail_factories.ImageFactory.create_batch(3)
    paragraph = "<p>" + "Mobile library services for students in rural districts. " * 20 + "</p>"
    body = [{"type": "paragraph", "value": paragraph} for _ in range(12)]
    body += [
        {"type": "image", "value": {"image": image.pk, "alt_text": "Reading room", "caption": ""}} for image in images
    ]
    page = BestPracticeArticlePageFactory(parent=practices_index, body=json.dumps(body))
    page.themes.add("digitisation", "rural-services")
    page.save_revision().publish()
    return page


def test_article_with_its_css_and_js_weighs_under_150_kb_before_images(client, article):
    response = client.get(article.url)
    html = response.content.decode()
    assert html.count("<img") == 3
    linked = resources(html).stylesheets_and_scripts
    total = len(response.content) + sum(static_size(url) for url in linked)
    assert total <= ARTICLE_BUDGET_BYTES, f"{total} bytes: HTML {len(response.content)}, linked {linked}"


def test_no_page_loads_anything_from_another_host(client, home_page, practices_index, members_index, article):
    case_study = StaffingCaseStudyPageFactory(parent=practices_index)
    library = MemberLibraryPageFactory(parent=members_index)
    urls = [home_page.url, practices_index.url, members_index.url, article.url, case_study.url, library.url]
    urls.append("/en/search/?q=library")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found = resources(response.content.decode()).urls
        external = [
            found_url for found_url in found if re.match(r"^(https?:)?//", found_url) or found_url.startswith("inline")
        ]
        assert not external, f"{url} loads {external}"
