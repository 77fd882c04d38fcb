"""The anonymous page cache: fast for visitors, never stale after a change, never personal."""

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.checks import run_checks

from wagtail.models import PageViewRestriction

from best_practices.factories import BestPracticeArticlePageFactory, BestPracticeIndexPageFactory
from operations import page_cache
from operations.page_cache import STATUS_HEADER


@pytest.fixture
def page_cache_on(settings, data_cache_on):
    settings.PAGE_CACHE_SECONDS = 600


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Runs a change as its own committed transaction would: on-commit invalidation included."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def article(practices_index, publish):
    page = BestPracticeArticlePageFactory(parent=practices_index, title="Mobile library for rural students")
    publish(page.save_revision().publish)
    return page


def test_second_anonymous_visit_is_served_from_cache_without_database_queries(
    page_cache_on, client, article, django_assert_num_queries
):
    first = client.get(article.url)
    assert first.status_code == 200
    assert first[STATUS_HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get(article.url)
    assert second[STATUS_HEADER] == "hit"
    assert second.content == first.content


def test_each_filtered_listing_is_cached_apart(page_cache_on, client, practices_index, article):
    article.themes.add("digitisation")
    article.save()
    assert client.get(practices_index.url + "?theme=digitisation")[STATUS_HEADER] == "miss"
    other = client.get(practices_index.url + "?type=case_study")
    assert other[STATUS_HEADER] == "miss"
    assert "Mobile library for rural students" not in other.content.decode()
    hit = client.get(practices_index.url + "?theme=digitisation")
    assert hit[STATUS_HEADER] == "hit"
    assert "Mobile library for rural students" in hit.content.decode()


def test_cached_page_carries_an_etag_and_revalidates_to_304(page_cache_on, client, article):
    first = client.get(article.url)
    assert "no-cache" in first["Cache-Control"]
    revalidated = client.get(article.url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert revalidated.status_code == 304


def test_publishing_an_article_shows_it_on_the_cached_listing_and_home_page(
    page_cache_on, client, practices_index, home_page, article, publish
):
    for url in (practices_index.url, home_page.url):
        client.get(url)
        assert client.get(url)[STATUS_HEADER] == "hit"
    draft = BestPracticeArticlePageFactory(parent=practices_index, title="Night opening hours", live=False)
    publish(draft.save_revision().publish)
    for url in (practices_index.url, home_page.url):
        response = client.get(url)
        assert response[STATUS_HEADER] == "miss"
        assert "Night opening hours" in response.content.decode()


def test_unpublishing_removes_the_page_and_its_listing_entry_at_once(
    page_cache_on, client, practices_index, article, publish
):
    client.get(article.url)
    client.get(practices_index.url)
    publish(article.unpublish)
    assert client.get(article.url).status_code == 404
    assert "Mobile library for rural students" not in client.get(practices_index.url).content.decode()


def test_editing_a_published_article_shows_the_new_text(page_cache_on, client, article, publish):
    client.get(article.url)
    article.title = "Mobile library for rural and mountain students"
    publish(article.save_revision().publish)
    assert "rural and mountain students" in client.get(article.url).content.decode()


def test_moving_a_page_sends_the_old_address_to_the_new_one(
    page_cache_on, client, home_page, practices_index, article, publish
):
    old_url = article.url
    assert client.get(old_url).status_code == 200
    client.get(practices_index.url)
    archive = BestPracticeIndexPageFactory(parent=home_page, title="Archive", slug="archive")
    publish(article.move, archive, pos="last-child")
    article.refresh_from_db()
    moved = client.get(old_url)
    assert moved.status_code == 301
    assert moved["Location"].endswith(article.url)
    assert client.get(article.url).status_code == 200
    assert "Mobile library for rural students" not in client.get(practices_index.url).content.decode()


def test_deleting_a_page_removes_it_from_the_cache(page_cache_on, client, practices_index, article, publish):
    url = article.url
    client.get(url)
    client.get(practices_index.url)
    publish(article.delete)
    assert client.get(url).status_code == 404
    assert "Mobile library for rural students" not in client.get(practices_index.url).content.decode()


def test_making_a_page_private_takes_it_out_of_the_cache(page_cache_on, client, article, publish):
    client.get(article.url)
    publish(PageViewRestriction.objects.create, page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302
    assert "Mobile library" not in response.content.decode()


def test_password_form_with_csrf_token_is_never_cached(page_cache_on, client, article, publish):
    publish(
        PageViewRestriction.objects.create,
        page=article,
        restriction_type=PageViewRestriction.PASSWORD,
        password="librarians",
    )
    first = client.get(article.url)
    assert first.status_code == 200
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert first[STATUS_HEADER] == "skip"
    assert client.get(article.url)[STATUS_HEADER] != "hit"


def test_logged_in_visits_are_neither_served_from_nor_stored_in_the_cache(page_cache_on, client, article):
    client.get(article.url)
    editor = get_user_model().objects.create_user("editor", password="x")
    client.force_login(editor)
    assert client.get(article.url)[STATUS_HEADER] == "skip"
    client.logout()
    cache.clear()
    client.force_login(editor)
    client.get(article.url)
    client.logout()
    assert client.get(article.url)[STATUS_HEADER] == "miss"


def test_admin_and_preview_responses_are_never_cached(page_cache_on, client, article):
    admin = get_user_model().objects.create_superuser("chief", "chief@example.org", "x")
    client.force_login(admin)
    assert client.get("/admin/")[STATUS_HEADER] == "skip"
    preview = client.get(f"/admin/pages/{article.pk}/view_draft/")
    assert preview.status_code == 200
    assert preview[STATUS_HEADER] == "skip"
    client.logout()
    # Not even an anonymous request for an admin address is answered from the cache.
    client.get("/admin/login/")
    assert client.get("/admin/login/")[STATUS_HEADER] == "skip"


@pytest.mark.urls("tests.operations.probe_urls")
@pytest.mark.parametrize("first_language", ["ru", "kk"])
def test_page_chosen_by_accept_language_is_cached_per_language(page_cache_on, client, first_language):
    client.get("/language/", HTTP_ACCEPT_LANGUAGE=first_language)
    assert client.get("/language/", HTTP_ACCEPT_LANGUAGE=first_language)[STATUS_HEADER] == "hit"
    for code in ("ru", "kk", "en"):
        response = client.get("/language/", HTTP_ACCEPT_LANGUAGE=code)
        assert f'<html lang="{code}">' in response.content.decode()


@pytest.mark.urls("tests.operations.probe_urls")
def test_language_cookie_is_honoured_on_cached_pages(page_cache_on, client, settings):
    client.get("/language/", HTTP_ACCEPT_LANGUAGE="ru")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
    assert '<html lang="kk">' in client.get("/language/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_search_page_is_cached_for_a_minute_at_most(page_cache_on, client, settings):
    response = client.get("/en/search/?q=library")
    assert response.status_code == 200
    assert client.get("/en/search/?q=library")[STATUS_HEADER] == "hit"
    assert page_cache._timeout_for(response.wsgi_request) == page_cache.SEARCH_MAX_SECONDS


def test_search_api_costs_no_page_cache_round_trip(page_cache_on, client, monkeypatch):
    # The API answers no-store: a lookup per call (a Redis round trip in production) could never hit.
    asked = []
    real_page_cache = page_cache.page_cache

    def counting_page_cache():
        asked.append(1)
        return real_page_cache()

    monkeypatch.setattr(page_cache, "page_cache", counting_page_cache)
    response = client.get("/api/v1/search/?q=library")
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert asked == []
    client.get("/en/search/?q=library")
    assert asked, "the search page itself is still cached"


def test_site_keeps_serving_when_the_cache_server_is_down(settings, client, article):
    settings.PAGE_CACHE_SECONDS = 600
    # Port 9 (discard) on loopback: nothing listens, so every cache call fails at once.
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        }
    }
    for _attempt in range(2):
        response = client.get(article.url)
        assert response.status_code == 200
        assert "Mobile library for rural students" in response.content.decode()


@pytest.mark.urls("tests.operations.probe_urls")
def test_response_that_varies_on_cookie_is_shared_only_by_the_same_cookies(page_cache_on, client, settings):
    first = client.get("/greeting/")
    assert "Cookie" in first["Vary"]
    assert client.get("/greeting/")[STATUS_HEADER] == "hit"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get("/greeting/")[STATUS_HEADER] == "miss"


def test_deploy_check_warns_when_the_page_cache_is_not_shared_between_workers(settings):
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert "operations.W001" in {message.id for message in run_checks(include_deployment_checks=True)}
    settings.CACHES = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}
    assert "operations.W001" not in {message.id for message in run_checks(include_deployment_checks=True)}


def test_listing_filter_choices_follow_a_publish(page_cache_on, client, practices_index, article, publish):
    assert 'value="night-opening"' not in client.get(practices_index.url).content.decode()
    draft = BestPracticeArticlePageFactory(parent=practices_index, title="Night opening hours", live=False)
    draft.themes.add("night-opening")
    publish(draft.save_revision().publish)
    assert 'value="night-opening"' in client.get(practices_index.url + "?type=article").content.decode()


def test_cache_hit_carries_the_headers_of_the_rendered_page(page_cache_on, client, article):
    rendered = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip")
    hit = client.get(article.url, HTTP_ACCEPT_ENCODING="gzip")
    assert (rendered[STATUS_HEADER], hit[STATUS_HEADER]) == ("miss", "hit")
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Language", "Content-Encoding", "ETag"):
        assert hit[header] == rendered[header], header
    assert hit.get("Vary") == rendered.get("Vary")
    assert "frame-ancestors 'none'" in hit["Content-Security-Policy"]


def test_anonymous_pages_do_not_vary_on_cookie_so_every_visitor_shares_them(page_cache_on, client, article, settings):
    # Production asks staff for their code; the check must not read a session anonymous visitors do not have.
    settings.WAGTAIL_2FA_REQUIRED = True
    response = client.get(article.url)
    assert "Cookie" not in response.get("Vary", "")
    client.cookies["csrftoken"] = "x" * 32
    assert client.get(article.url)[STATUS_HEADER] == "miss"


def test_language_switcher_follows_a_published_translation(page_cache_on, client, article, locales, publish):
    russian_home = client.get(article.url).content.decode()
    assert '<a href="/ru/" lang="ru" hreflang="ru" class="to-home">' in russian_home
    translation = article.copy_for_translation(locales["ru"])
    publish(translation.save_revision().publish)
    html = client.get(article.url).content.decode()
    assert f'<a href="{translation.url}" lang="ru" hreflang="ru">' in html
    assert f'<link rel="alternate" hreflang="ru" href="{translation.full_url}">' in html
    translation.refresh_from_db()
    publish(translation.unpublish)
    assert '<a href="/ru/" lang="ru" hreflang="ru" class="to-home">' in client.get(article.url).content.decode()


def test_moving_a_page_into_a_private_section_makes_it_private_at_once(
    page_cache_on, client, home_page, article, publish
):
    archive = BestPracticeIndexPageFactory(parent=home_page, title="Archive", slug="archive")
    publish(PageViewRestriction.objects.create, page=archive, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(article.url).status_code == 200
    publish(article.move, archive, pos="last-child")
    article.refresh_from_db()
    response = client.get(article.url)
    assert response.status_code == 302
    assert "Mobile library" not in response.content.decode()


def test_private_section_leaves_the_menu(page_cache_on, client, practices_index, publish):
    menu_link = f'<li><a href="{practices_index.url}"'
    assert menu_link in client.get("/en/").content.decode()
    publish(PageViewRestriction.objects.create, page=practices_index, restriction_type=PageViewRestriction.LOGIN)
    assert menu_link not in client.get("/en/").content.decode()


def test_listing_count_and_order_follow_a_publish(page_cache_on, client, practices_index, article, publish):
    assert ">1 result<" in client.get(practices_index.url).content.decode()
    newer = BestPracticeArticlePageFactory(parent=practices_index, title="Night opening hours", live=False)
    publish(newer.save_revision().publish)
    html = client.get(practices_index.url).content.decode()
    assert ">2 results<" in html
    assert html.index("Night opening hours") < html.index("Mobile library for rural students")


def test_home_page_member_count_follows_a_publish(page_cache_on, client, home_page, members_index, publish):
    from members.factories import MemberLibraryPageFactory

    assert "0 member libraries" in client.get(home_page.url).content.decode()
    library = MemberLibraryPageFactory(parent=members_index, live=False)
    publish(library.save_revision().publish)
    assert "1 member library" in client.get(home_page.url).content.decode()


def test_remembered_data_is_kept_in_the_process_until_content_changes(page_cache_on):
    computed = []

    def libraries():
        computed.append(1)
        return ["KazNU Library"]

    assert page_cache.remember("test-libraries", libraries) == ["KazNU Library"]
    # Another process's eviction of the shared copy does not matter while the content is unchanged.
    cache.delete("test-libraries")
    again = page_cache.remember("test-libraries", libraries)
    assert again == ["KazNU Library"]
    assert len(computed) == 1
    # Each caller gets its own copy: changing one changes nothing for the next request.
    again.append("Osh Library")
    assert page_cache.remember("test-libraries", libraries) == ["KazNU Library"]

    page_cache.invalidate()
    assert page_cache.remember("test-libraries", lambda: ["Osh Library"]) == ["Osh Library"]


def test_process_copy_of_remembered_data_stays_within_its_budget(page_cache_on, monkeypatch):
    monkeypatch.setattr(page_cache, "PROCESS_VALUES_MAX_BYTES", 4096)
    for number in range(20):
        page_cache.remember(f"test-block-{number}", lambda: "x" * 1000)
    assert sum(len(blob) for _generation, blob in page_cache._process_values.values()) <= 4096
    assert page_cache.remember("test-block-19", lambda: "recomputed") == "x" * 1000


def test_editing_the_home_page_shows_the_new_introduction(page_cache_on, client, home_page, publish):
    assert "Welcome, new members" not in client.get("/en/").content.decode()
    home_page.intro = "<p>Welcome, new members</p>"
    publish(home_page.save_revision().publish)
    assert "Welcome, new members" in client.get("/en/").content.decode()
