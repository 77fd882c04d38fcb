"""Articles and case studies render with and without their optional fields."""

import pytest

from wagtail.rich_text import RichText

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from consortium_site.models import StaffingChallenge, SustainableDevelopmentGoal
from members.factories import MemberLibraryPageFactory

pytestmark = pytest.mark.django_db


def html_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_article_with_every_optional_field_shows_them(client, practices_index, members_index):
    library = MemberLibraryPageFactory(parent=members_index, title="Satbayev University Library", city="Almaty")
    article = BestPracticeArticlePageFactory(
        parent=practices_index,
        title="Open access repository on DSpace",
        countries=["KZ", "KG"],
        body=[("heading", {"text": "What we did", "level": "h2"}), ("paragraph", RichText("<p>Step by step.</p>"))],
    )
    article.themes.add("open-access")
    article.sdg_goals.set(SustainableDevelopmentGoal.objects.filter(number__in=[4, 9]))
    article.related_member_libraries.set([library])
    article.save()

    html = html_of(client, article)

    assert "<h1>Open access repository on DSpace</h1>" in html
    assert "<h2>What we did</h2>" in html
    assert "Kazakhstan, Kyrgyzstan" in html
    assert "4. Quality education" in html
    assert f'href="{library.url}"' in html
    assert '?theme=open-access"' in html
    assert '<time datetime="2024-05-01">' in html


def test_article_without_optional_fields_renders_without_empty_sections(client, practices_index):
    article = BestPracticeArticlePageFactory(
        parent=practices_index, title="Bare article", summary="", countries=[], publication_date=None
    )

    html = html_of(client, article)

    assert "<h1>Bare article</h1>" in html
    for absent in ("Sustainable Development Goals", "Member libraries involved", "themes-heading", 'class="summary"'):
        assert absent not in html


def test_case_study_shows_figures_before_and_after_with_the_change(client, practices_index, members_index):
    library = MemberLibraryPageFactory(parent=members_index, title="KazNU Library")
    case_study = StaffingCaseStudyPageFactory(
        parent=practices_index,
        reporting_library=library,
        period_start=2019,
        period_end=2022,
        library_type="university",
        interventions="<p>Mentors for every new librarian.</p>",
        lessons_learned="<p>Start small.</p>",
    )
    case_study.challenge_categories.set(StaffingChallenge.objects.filter(slug="retention"))
    case_study.save()

    html = html_of(client, case_study)

    assert "2019–2022" in html
    assert "Retention" in html
    assert f'href="{library.url}"' in html
    assert "<td>40</td><td>44</td><td>+4</td>" in html
    assert "<td>18 %</td><td>9 %</td><td>−9 percentage points</td>" in html
    assert "Mentors for every new librarian." in html
    assert "Lessons learned" in html


def test_case_study_without_figures_has_no_figures_table(client, practices_index):
    case_study = StaffingCaseStudyPageFactory(
        parent=practices_index,
        staff_count_before=None,
        staff_count_after=None,
        turnover_before_pct=None,
        turnover_after_pct=None,
        country="",
    )

    html = html_of(client, case_study)

    assert "<table" not in html
    assert "Reported by" not in html


def test_case_study_with_only_one_figure_shows_a_dash_for_the_missing_ones(client, practices_index):
    case_study = StaffingCaseStudyPageFactory(
        parent=practices_index, staff_count_after=None, turnover_before_pct=None, turnover_after_pct=None
    )

    html = html_of(client, case_study)

    assert "<td>40</td><td>–</td><td>–</td>" in html


def test_draft_related_library_is_not_linked_from_an_article(client, practices_index, members_index):
    hidden = MemberLibraryPageFactory(parent=members_index, title="Unpublished Library", live=False)
    article = BestPracticeArticlePageFactory(parent=practices_index)
    article.related_member_libraries.set([hidden])
    article.save()

    assert "Unpublished Library" not in html_of(client, article)
