"""The benchmark loader writes a valid page tree that the site serves like any other."""

import pytest

from django.core.management import CommandError, call_command

from wagtail.models import Page

from best_practices.models import BestPracticeArticlePage, StaffingCaseStudyPage
from members.models import MemberLibraryPage


@pytest.mark.django_db
def test_bulk_loaded_pages_form_a_valid_tree_and_are_served(client, practices_index, members_index):
    call_command("load_bench_content", pages=60, stdout=None)
    assert BestPracticeArticlePage.objects.count() + StaffingCaseStudyPage.objects.count() == 60 - 5
    assert MemberLibraryPage.objects.count() == 5
    # treebeard's own consistency check: paths, depths and child counts all agree.
    assert all(not problems for problems in Page.find_problems())
    article = BestPracticeArticlePage.objects.filter(locale__language_code="ru").first()
    assert article.get_translations().count() == 4
    response = client.get(article.url)
    assert response.status_code == 200
    assert article.title in response.content.decode()
    listing = client.get(practices_index.url + "?theme=digitisation").content.decode()
    assert 'class="card"' in listing
    library = MemberLibraryPage.objects.get(locale=members_index.locale)
    assert library.title in client.get(members_index.url).content.decode()


@pytest.mark.django_db
def test_loading_twice_into_the_same_database_is_refused(practices_index):
    call_command("load_bench_content", pages=10)
    with pytest.raises(CommandError, match="already holds benchmark content"):
        call_command("load_bench_content", pages=10)
