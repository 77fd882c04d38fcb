"""Bad figures, coordinates, URLs and years are rejected with a message an editor understands."""

import datetime
from decimal import Decimal

import pytest

from django.core.exceptions import ValidationError

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from members.factories import MemberLibraryPageFactory

pytestmark = pytest.mark.django_db


def errors_of(page):
    with pytest.raises(ValidationError) as raised:
        page.full_clean()
    return raised.value.message_dict


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", 91, "Latitude must be between -90 and 90 degrees."),
        ("longitude", Decimal("-180.5"), "Longitude must be between -180 and 180 degrees."),
        ("website", "javascript:alert(1)", "Enter a web address starting with http:// or https://."),
        ("website", "ftp://files.example.kz", "Enter a web address starting with http:// or https://."),
        ("staff_fte", -1, "Staff numbers cannot be negative."),
        ("collection_size", -10, "This number cannot be negative."),
        ("registered_users", -1, "This number cannot be negative."),
        ("year_joined", 1980, "The year joined must be between 1991 and this year."),
        ("year_joined", datetime.date.today().year + 1, "The year joined must be between 1991 and this year."),
    ],
)
def test_member_library_rejects_bad_values(members_index, field, value, message):
    library = MemberLibraryPageFactory(parent=members_index, latitude=Decimal("43.2"), longitude=Decimal("76.9"))
    setattr(library, field, value)

    assert message in errors_of(library)[field]


def test_member_library_needs_both_coordinates_or_neither(members_index):
    library = MemberLibraryPageFactory(parent=members_index)
    library.latitude = Decimal("43.2")

    assert "Give both latitude and longitude, or neither." in errors_of(library)["__all__"]


def test_member_library_with_good_values_is_valid(members_index):
    library = MemberLibraryPageFactory(
        parent=members_index,
        latitude=Decimal("-33.5"),
        longitude=Decimal("179.9"),
        website="https://library.example.kz",
        staff_fte=0,
    )

    library.full_clean()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"staff_count_before": -4}, "staff_count_before", "A staff count cannot be negative."),
        ({"staff_count_after": -1}, "staff_count_after", "A staff count cannot be negative."),
        ({"turnover_before_pct": 120}, "turnover_before_pct", "Turnover is a percentage between 0 and 100."),
        ({"turnover_after_pct": -5}, "turnover_after_pct", "Turnover is a percentage between 0 and 100."),
        ({"period_start": 2022, "period_end": 2019}, "period_end", "The period cannot end before it starts."),
        ({"period_start": 1850}, "period_start", "Give a year between 1900 and 2100."),
        ({"period_start": datetime.date.today().year + 2}, "period_start", "The period cannot start in the future."),
    ],
)
def test_case_study_rejects_bad_figures_and_periods(practices_index, changes, field, message):
    case_study = StaffingCaseStudyPageFactory(parent=practices_index)
    for name, value in changes.items():
        setattr(case_study, name, value)

    assert message in errors_of(case_study)[field]


def test_publication_date_cannot_be_in_the_future(practices_index):
    article = BestPracticeArticlePageFactory(parent=practices_index)
    article.publication_date = datetime.date.today() + datetime.timedelta(days=3)

    assert "The date cannot be in the future." in errors_of(article)["publication_date"]


def test_admin_edit_form_shows_the_coordinate_message_and_keeps_the_page(admin_client, members_index):
    library = MemberLibraryPageFactory(parent=members_index, title="Test Library")
    response = admin_client.post(
        f"/admin/pages/{library.pk}/edit/",
        {
            "title": "Test Library",
            "slug": library.slug,
            "country": "KZ",
            "latitude": "95",
            "longitude": "10",
            "library_type": "university",
            "contacts-TOTAL_FORMS": "0",
            "contacts-INITIAL_FORMS": "0",
            "contacts-MIN_NUM_FORMS": "0",
            "contacts-MAX_NUM_FORMS": "1000",
            "description-count": "0",
        },
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "Latitude must be between -90 and 90 degrees." in content
    library.refresh_from_db()
    assert library.latitude is None


def test_admin_shows_the_interchange_id_without_letting_editors_change_it(admin_client, practices_index):
    article = BestPracticeArticlePageFactory(parent=practices_index, external_id="art-koha")

    html = admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode()

    assert "art-koha" in html
    assert 'name="external_id"' not in html
