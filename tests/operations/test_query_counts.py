"""No page gets slower as content grows: each page type and listing runs the same number of queries
with 3 items as with 30 (themes, countries, images, contacts, listed pages), within a fixed budget."""

import datetime
import json
import re

import pytest
import wagtail_factories

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from consortium_site.models import CollectionLanguage, LibraryService
from members.factories import MemberLibraryContactFactory, MemberLibraryPageFactory

FEW, MANY = 3, 30
# With nothing cached (tests turn the data cache off): the shell's data (site, locales, menu, translations,
# privacy rules), routing, filter choices and the page's own content. Cached, far fewer: test_render_cost.py.
QUERY_BUDGET = 16
COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def queries_for(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries), response


def image_stream(count, start=0):
    images = wagtail_factories.ImageFactory.create_batch(count)
    return json.dumps(
        [
            {"type": "image", "value": {"image": image.pk, "alt_text": f"Reading room {start + i}", "caption": ""}}
            for i, image in enumerate(images)
        ]
        + [{"type": "paragraph", "value": f"<p>Paragraph {start + i}</p>"} for i in range(count)]
    )


def assert_constant(client, url, grow, budget):
    """Render `url` after growing its content to FEW, warm it once, then to MANY; compare."""
    grow(FEW)
    client.get(url)  # first render creates image renditions; later visits only read them
    few, _ = queries_for(client, url)
    grow(MANY)
    client.get(url)
    many, response = queries_for(client, url)
    assert many == few, f"{url}: {few} queries with {FEW} items, {many} with {MANY}"
    assert many <= budget, f"{url}: {many} queries, budget {budget}"
    return response


def test_home_page_queries_do_not_grow_with_content(client, home_page, practices_index, members_index):
    def grow(total):
        for _n in range(total - BestPracticeArticlePageFactory._meta.model.objects.count()):
            BestPracticeArticlePageFactory(parent=practices_index)
            StaffingCaseStudyPageFactory(parent=practices_index)
            MemberLibraryPageFactory(parent=members_index)

    response = assert_constant(client, home_page.url, grow, budget=QUERY_BUDGET)
    assert response.content.decode().count('class="card"') == 6 + 3


@pytest.mark.parametrize(
    "query", ["", "?theme=digitisation", "?theme=digitisation&country=KZ", "?type=case_study&page=2"]
)
def test_best_practice_listing_queries_do_not_grow_with_content(client, practices_index, query):
    now = timezone.now()

    def grow(total):
        # Articles and case studies alternate in time, so every listing page shows both types.
        for n in range(practices_index.get_children().count() // 2, total):
            article = BestPracticeArticlePageFactory(
                parent=practices_index,
                countries=COUNTRIES[: 1 + n % 5],
                publication_date=now.date() - datetime.timedelta(days=2 * n),
                first_published_at=now - datetime.timedelta(minutes=2 * n),
            )
            article.themes.add("digitisation", f"theme-{n}")
            article.save()
            case_study = StaffingCaseStudyPageFactory(
                parent=practices_index,
                publication_date=now.date() - datetime.timedelta(days=2 * n + 1),
                first_published_at=now - datetime.timedelta(minutes=2 * n + 1),
            )
            case_study.themes.add("digitisation")
            case_study.save()

    if "page=2" in query:
        # The second page exists only once there are more than a page of case studies.
        def grow_past_first_page(total):
            grow(total + 13)

        assert_constant(client, practices_index.url + query, grow_past_first_page, budget=QUERY_BUDGET)
    else:
        assert_constant(client, practices_index.url + query, grow, budget=QUERY_BUDGET)


def test_article_queries_do_not_grow_with_themes_countries_and_images(client, practices_index):
    article = BestPracticeArticlePageFactory(parent=practices_index)

    def grow(total):
        article.themes.set([f"theme-{n}" for n in range(total)])
        article.countries = (COUNTRIES * 6)[:total] if total <= 5 else COUNTRIES
        article.body = image_stream(total)
        article.save_revision().publish()

    response = assert_constant(client, article.url, grow, budget=QUERY_BUDGET)
    images = re.findall(r"<img [^>]*>", response.content.decode())
    assert len(images) == MANY
    # Width and height let the browser reserve the space before the image arrives on a slow line.
    assert all(re.search(r'width="\d+"', tag) and re.search(r'height="\d+"', tag) for tag in images)


def test_case_study_queries_do_not_grow_with_themes_and_images(client, practices_index):
    case_study = StaffingCaseStudyPageFactory(parent=practices_index)

    def grow(total):
        case_study.themes.set([f"theme-{n}" for n in range(total)])
        case_study.body = image_stream(total)
        case_study.save_revision().publish()

    response = assert_constant(client, case_study.url, grow, budget=QUERY_BUDGET)
    assert response.content.decode().count("<img") == MANY


def test_member_profile_queries_do_not_grow_with_contacts_languages_services_and_images(client, members_index):
    library = MemberLibraryPageFactory(parent=members_index)

    def grow(total):
        for n in range(library.contacts.count(), total):
            MemberLibraryContactFactory(page=library, name=f"Contact {n}")
        library.collection_languages.set(
            CollectionLanguage.objects.get_or_create(slug=f"l{n}", defaults={"name": f"Language {n}"})[0]
            for n in range(total)
        )
        library.services_offered.set(
            LibraryService.objects.get_or_create(slug=f"s{n}", defaults={"name": f"Service {n}"})[0]
            for n in range(total)
        )
        library.description = image_stream(total)
        library.save_revision().publish()

    response = assert_constant(client, library.url, grow, budget=QUERY_BUDGET)
    assert response.content.decode().count("<img") == MANY


@pytest.mark.parametrize("query", ["", "?country=KZ", "?type=university"])
def test_member_directory_queries_do_not_grow_with_members(client, members_index, query):
    def grow(total):
        for n in range(members_index.get_children().count(), total):
            MemberLibraryPageFactory(parent=members_index, country=COUNTRIES[n % 5])

    response = assert_constant(client, members_index.url + query, grow, budget=QUERY_BUDGET)
    assert "University Library" in response.content.decode()
