"""Member profiles and the member directory."""

from decimal import Decimal

import pytest

from consortium_site.models import CollectionLanguage, LibraryService
from members.factories import MemberLibraryContactFactory, MemberLibraryPageFactory

pytestmark = pytest.mark.django_db


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_profile_with_every_field_shows_contacts_location_and_facts(client, members_index):
    library = MemberLibraryPageFactory(
        parent=members_index,
        title="Al-Farabi Kazakh National University Library",
        short_name="KazNU Library",
        parent_institution="Al-Farabi Kazakh National University",
        address="71 al-Farabi Avenue",
        latitude=Decimal("43.225"),
        longitude=Decimal("76.9235"),
        website="https://library.kaznu.kz",
        year_joined=2008,
        collection_size=2500000,
        staff_fte=Decimal("120.5"),
        registered_users=30000,
        library_system="IRBIS",
    )
    library.collection_languages.set(CollectionLanguage.objects.filter(slug__in=["kk", "ru"]))
    library.services_offered.set(LibraryService.objects.filter(slug="interlibrary-loan"))
    library.save()
    MemberLibraryContactFactory(page=library, name="Aigerim Sadykova", role="Director", phone="+7 727 377 33 33")

    html = html_of(client, library.url)

    assert "KazNU Library" in html
    assert "71 al-Farabi Avenue" in html
    assert "https://www.openstreetmap.org/?mlat=43.225000&amp;mlon=76.923500" in html
    assert 'href="geo:43.225000,76.923500"' in html
    assert '<a href="https://library.kaznu.kz" rel="noopener">' in html
    assert "2,500,000 items" in html
    assert "120.5" in html
    assert "IRBIS" in html
    assert "Kazakh, Russian" in html
    assert "Interlibrary loan" in html
    assert "Aigerim Sadykova</span>, Director" in html
    assert 'href="tel:+77273773333"' in html
    assert 'href="mailto:director@example.edu.kz"' in html
    assert "<iframe" not in html


def test_profile_with_only_required_fields_renders(client, members_index):
    library = MemberLibraryPageFactory(parent=members_index, title="Small College Library", city="", short_name="")

    html = html_of(client, library.url)

    assert "<h1>Small College Library</h1>" in html
    for absent in ("Contacts", "openstreetmap", "Website", "Services", "Member since"):
        assert absent not in html


def test_profile_lists_live_case_studies_of_the_library(client, members_index, practices_index):
    from best_practices.factories import StaffingCaseStudyPageFactory

    library = MemberLibraryPageFactory(parent=members_index)
    StaffingCaseStudyPageFactory(parent=practices_index, title="Retaining cataloguers", reporting_library=library)
    StaffingCaseStudyPageFactory(parent=practices_index, title="Secret draft", reporting_library=library, live=False)

    html = html_of(client, library.url)

    assert "Retaining cataloguers" in html
    assert "Secret draft" not in html


def test_directory_groups_members_by_country_and_filters(client, members_index):
    MemberLibraryPageFactory(parent=members_index, title="Osh State University Library", country="KG", city="Osh")
    MemberLibraryPageFactory(parent=members_index, title="KazNU Library", country="KZ")
    MemberLibraryPageFactory(parent=members_index, title="Astana College Library", country="KZ", library_type="college")
    MemberLibraryPageFactory(parent=members_index, title="Hidden Library", country="KZ", live=False)

    html = html_of(client, members_index.url)
    assert html.index('<h2 id="country-KZ">Kazakhstan') < html.index("Astana College Library")
    assert html.index('<h2 id="country-KG">Kyrgyzstan') < html.index("Osh State University Library")
    assert "Hidden Library" not in html

    filtered = html_of(client, f"{members_index.url}?country=KZ&type=college")
    assert "Astana College Library" in filtered
    assert "KazNU Library" not in filtered
    assert "Osh State" not in filtered

    assert "KazNU Library" in html_of(client, f"{members_index.url}?country=ZZ&type=spaceship")


def test_directory_filters_by_theme_and_profile_themes_link_there(client, members_index):
    digitising = MemberLibraryPageFactory(parent=members_index, title="ENU Library")
    digitising.themes.add("digitisation")
    digitising.save()
    MemberLibraryPageFactory(parent=members_index, title="KazNU Library")

    filtered = html_of(client, f"{members_index.url}?theme=digitisation")
    assert "ENU Library" in filtered
    assert "KazNU Library" not in filtered
    assert '<option value="digitisation" selected>Digitisation</option>' in filtered
    assert f'href="{members_index.url}?theme=digitisation"' in html_of(client, digitising.url)


def test_long_directory_comes_in_pages_that_keep_the_country_groups(client, members_index, monkeypatch):
    monkeypatch.setattr("members.directory.DIRECTORY_PAGE_SIZE", 3)
    for title in ("Almaty Library", "Astana Library", "Karaganda Library", "Shymkent Library"):
        MemberLibraryPageFactory(parent=members_index, title=title, country="KZ")
    MemberLibraryPageFactory(parent=members_index, title="Osh Library", country="KG")

    first = html_of(client, members_index.url)
    assert "5 member libraries" in first
    assert '<h2 id="country-KZ">Kazakhstan <span class="count">(4)</span></h2>' in first
    assert "Karaganda Library" in first
    assert "Shymkent Library" not in first
    assert 'href="?page=2"' in first
    # Each country has a listing of its own.
    assert '<a href="?country=KG">Kyrgyzstan <span class="count">(1)</span></a>' in first

    second = html_of(client, f"{members_index.url}?page=2")
    assert (
        '<h2 id="country-KZ">Kazakhstan <span class="count">(4)</span> <span class="continued">(continued)</span>'
        in second
    )
    assert second.index("Shymkent Library") < second.index('<h2 id="country-KG">Kyrgyzstan')
    assert "Almaty Library" not in second

    kyrgyz = html_of(client, f"{members_index.url}?country=KG")
    assert "Osh Library" in kyrgyz
    assert "Almaty Library" not in kyrgyz
    assert 'class="country-index"' not in kyrgyz
