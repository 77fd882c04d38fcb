"""The association's publishing path in a real browser: an editor writes an article and submits it, a
moderator approves it, and only then is it on its public URL and found by the public search (Elasticsearch)."""

import re
import time

import pytest

from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage
from editorial.roles import ASSOCIATION_EDITORS, ASSOCIATION_MODERATORS
from tests.browser.conftest import sign_in
from tests.editorial.conftest import make_user
from tests.search.conftest import elasticsearch_backend  # noqa: F401 - a throwaway Elasticsearch alias per test

PASSWORD = "a-long-passphrase-9"
TITLE = "Student-run reading clubs"
BODY = "Twelve readers meet each month; the library buys three copies of the book they choose."


@pytest.fixture
def staff(db, settings):
    # The after-commit index update gets 0.5 s in production; a busy shared test machine may need longer.
    settings.SEARCH_INLINE_TIMEOUT = 5
    make_user("editor", ASSOCIATION_EDITORS)
    make_user("moderator", ASSOCIATION_MODERATORS)
    return BestPracticeIndexPage.objects.get(locale__language_code="en")


def search_public_site(page, words):
    """Type `words` into the public search box and submit it; returns the titles of the hits."""
    page.goto(f"{page.base_url}/en/search/")
    page.get_by_role("combobox").fill(words)
    page.get_by_role("combobox").press("Enter")
    page.wait_for_url(re.compile(r"/en/search/\?q="))
    assert page.locator(".notice").count() == 0, "search fell back to the database engine"
    return page.locator(".search-hit h3").all_inner_texts()


@pytest.mark.browser
@pytest.mark.elasticsearch
@pytest.mark.usefixtures("elasticsearch_backend")
def test_editor_submits_moderator_approves_and_the_article_is_public_and_searchable(browser_page, staff):
    page = browser_page
    practices = staff
    sign_in(page, "editor", PASSWORD)
    page.goto(f"{page.base_url}/admin/pages/{practices.pk}/")
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Best-practice article", exact=True).click()
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_summary").fill("Students choose the book.")
    page.get_by_role("button", name="Insert a block").click()
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.type(BODY)
    # Draftail copies what was typed into the form's hidden input a moment later; saving before that loses it.
    page.wait_for_function(
        "text => [...document.querySelectorAll('form input[type=hidden]')].some(i => i.value.includes(text))",
        arg="Twelve readers",
    )
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text(f"Page '{TITLE}' created.").wait_for()

    page.locator("#id_summary").fill("Students choose the book; the library buys the copies.")
    page.get_by_role("button", name="More actions").last.click()
    page.get_by_role("button", name="Submit to Best-practice review").click()
    page.get_by_text("submitted for moderation").wait_for()
    article = BestPracticeArticlePage.objects.get(title=TITLE)
    assert not article.live
    page.context.clear_cookies()
    assert page.goto(f"{page.base_url}/en/practices/{article.slug}/").status == 404
    assert TITLE not in search_public_site(page, "reading clubs")

    sign_in(page, "moderator", PASSWORD)
    page.locator("main").get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"**/admin/pages/{article.pk}/edit/")
    page.get_by_role("button", name="More actions").last.click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    page.get_by_text(f"Page '{TITLE}' has been updated.").wait_for()

    page.context.clear_cookies()
    public = page.goto(f"{page.base_url}/en/practices/{article.slug}/")
    assert public.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == TITLE
    assert "the library buys the copies" in page.locator(".summary").inner_text()
    assert BODY in page.locator("main .body").inner_text()

    # Elasticsearch shows a new document after its next refresh (one second).
    deadline = time.monotonic() + 10
    while TITLE not in (titles := search_public_site(page, "reading clubs")) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert TITLE in titles
    page.locator(".search-hit").get_by_role("link", name=TITLE).click()
    page.wait_for_url(f"**/en/practices/{article.slug}/")
