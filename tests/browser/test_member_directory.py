"""The member directory in a real browser with JavaScript off: countries, the filter form, a profile."""

import re

import pytest


def listed_libraries(page):
    return page.locator("ul.directory a").all_inner_texts()


@pytest.mark.browser
@pytest.mark.browser_context(java_script_enabled=False)
def test_directory_groups_by_country_filters_without_javascript_and_opens_a_profile(browser_page, site_content):
    page = browser_page
    page.goto(f"{page.base_url}/en/")
    page.get_by_role("link", name="Member directory").click()
    page.wait_for_url("**/en/members/")
    assert page.locator(".result-count").inner_text() == "3 member libraries"
    assert page.locator(".country-group h2").all_inner_texts() == ["Kazakhstan (2)", "Kyrgyzstan (1)"]
    kazakhstan = page.get_by_role("region", name="Kazakhstan")
    assert kazakhstan.get_by_role("link").all_inner_texts() == [
        "Al-Farabi Kazakh National University Library",
        "Almaty College of Communications Library",
    ]

    page.get_by_label("Country").select_option(label="Kyrgyzstan")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"[?&]country=KG"))
    assert page.locator(".result-count").inner_text() == "1 member library"
    assert listed_libraries(page) == ["Jusup Balasagyn Kyrgyz National University Library"]
    assert page.get_by_label("Country").input_value() == "KG"

    page.get_by_role("link", name="Clear filters").click()
    page.wait_for_url(re.compile(r"/en/members/\?$"))
    assert len(listed_libraries(page)) == 3

    page.get_by_label("Library type").select_option(label="College library")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"[?&]type=college"))
    assert listed_libraries(page) == ["Almaty College of Communications Library"]

    page.goto(f"{page.base_url}/en/members/")
    page.get_by_role("link", name="Al-Farabi Kazakh National University Library").click()
    page.wait_for_url(f"**{site_content.kaznu.url}")
    assert page.get_by_role("heading", level=1).inner_text() == "Al-Farabi Kazakh National University Library"
    facts = page.get_by_role("region", name="Facts")
    assert "Country\nKazakhstan" in facts.inner_text()
    assert "Collection\n2,150,000 items" in facts.inner_text()
    contacts = page.get_by_role("region", name="Contacts")
    assert "Aigerim Sadykova, Director" in contacts.inner_text()
    assert contacts.get_by_role("link", name="+7 727 377 33 33").get_attribute("href") == "tel:+77273773333"

    case_studies = page.get_by_role("region", name="Staffing case studies from this library")
    case_studies.get_by_role("link", name="Keeping young librarians: a mentoring scheme that halved turnover").click()
    page.wait_for_url(f"**{site_content.case_study.url}")
    figures = page.get_by_role("table", name="Figures before and after")
    assert figures.get_by_role("row", name=re.compile("Staff turnover per year")).inner_text().split("\t") == [
        "Staff turnover per year",
        "18 %",
        "9 %",
        "−9 percentage points",
    ]
