"""import_content / export_content: the interchange format as the user runs it (docs/interchange.md)."""

import pytest

from taggit.models import Tag
from wagtail.models import Page, Revision

from best_practices.models import BestPracticeArticlePage, BestPracticeIndexPage, StaffingCaseStudyPage
from members.models import MemberLibraryContact, MemberLibraryPage
from tests.consortium_site.interchange_helpers import read_records, record, run_command, write_lines

pytestmark = pytest.mark.django_db

LIBRARY = record(
    "lib-satbayev",
    "member_library",
    title="Satbayev University Library",
    short_name="SU Library",
    institution="Satbayev University",
    city="Almaty",
    address="22 Satpaev Street, Almaty 050013",
    latitude=43.236389,
    longitude=76.930556,
    website="https://library.satbayev.university",
    library_type="university",
    year_joined=2012,
    collection_size=1200000,
    staff_fte=64.5,
    registered_users=18000,
    collection_languages=["en", "kk", "ru"],
    services=["interlibrary-loan", "research-data"],
    library_system="Koha",
    contacts=[
        {"name": "Aigerim Sadykova", "role": "Director", "email": "director@example.edu.kz"},
        {"name": "Daniyar Omarov", "phone": "+7 727 292 00 00"},
    ],
)
ARTICLE = record(
    "art-koha",
    title="Migrating the catalogue to Koha",
    body="<h2>Why</h2><p>We <strong>had</strong> to move.</p><ul><li>MARC cleaning</li></ul>",
    themes=["cataloguing", "library-systems"],
    countries=["KZ", "UZ"],
    sdg_goals=[4, 9],
    related_libraries=["lib-satbayev"],
)
ARTICLE_RU = record(
    "art-koha-ru",
    locale="ru",
    title="Переход на Koha",
    body="Первый абзац.\n\nВторой абзац.",
    themes=["cataloguing"],
    translation_of="art-koha",
)
CASE_STUDY = record(
    "cs-mentoring",
    "case_study",
    title="Mentoring young librarians",
    reporting_library="lib-satbayev",
    library_type="university",
    period_start=2019,
    period_end=2022,
    challenges=["retention", "training"],
    interventions="Paired every new librarian with a mentor.",
    outcomes="<p>Turnover <em>halved</em>.</p>",
    lessons_learned="Start small.",
    staff_count_before=40,
    staff_count_after=46,
    turnover_before_pct=18.5,
    turnover_after_pct=9.0,
)
TAJIK_ARTICLE = record("art-tg", locale="tg", title="Китобхонаи рақамӣ", country="TJ")


def content_counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "tags": Tag.objects.count(),
        "contacts": MemberLibraryContact.objects.count(),
    }


def test_records_are_published_under_the_index_page_of_their_locale(tmp_path):
    path = write_lines(
        tmp_path / "ru.jsonl",
        [
            record("d02", locale="ru", title="Переход на Koha"),
            record("d15", "member_library", locale="ru", title="Библиотека ТашГТУ", country="UZ", city="Ташкент"),
        ],
    )
    run = run_command("import_content", path)

    assert not run.failed, run.stderr
    assert "2 created" in run.stdout
    article = BestPracticeArticlePage.objects.get(external_id="d02")
    assert article.live
    assert article.locale.language_code == "ru"
    parent = article.get_parent().specific
    assert isinstance(parent, BestPracticeIndexPage)
    assert parent.locale.language_code == "ru"
    library = MemberLibraryPage.objects.get(external_id="d15")
    assert library.city == "Ташкент"
    assert library.get_parent().locale.language_code == "ru"


def test_importing_the_same_file_twice_changes_nothing(tmp_path):
    path = write_lines(tmp_path / "content.jsonl", [LIBRARY, ARTICLE, ARTICLE_RU, CASE_STUDY])
    assert not run_command("import_content", path).failed
    before = content_counts()

    run = run_command("import_content", path)

    assert not run.failed, run.stderr
    assert "0 created, 0 updated, 4 unchanged" in run.stdout
    assert content_counts() == before


def test_a_changed_record_updates_its_page_instead_of_duplicating_it(tmp_path):
    write_lines(tmp_path / "a.jsonl", [record("art-1", title="First title")])
    run_command("import_content", tmp_path / "a.jsonl")
    write_lines(tmp_path / "b.jsonl", [record("art-1", title="Better title")])

    run = run_command("import_content", tmp_path / "b.jsonl")

    assert "1 updated" in run.stdout
    page = BestPracticeArticlePage.objects.get(external_id="art-1")
    assert page.title == "Better title"
    assert BestPracticeArticlePage.objects.filter(title__endswith="title").count() == 1


def test_every_field_of_every_type_lands_on_its_page(tmp_path):
    path = write_lines(tmp_path / "content.jsonl", [CASE_STUDY, ARTICLE, LIBRARY])

    run = run_command("import_content", path)

    assert not run.failed, run.stderr
    library = MemberLibraryPage.objects.get(external_id="lib-satbayev")
    assert (library.short_name, library.parent_institution, library.city) == (
        "SU Library",
        "Satbayev University",
        "Almaty",
    )
    assert str(library.latitude) == "43.236389"
    assert library.website == "https://library.satbayev.university"
    assert [contact.name for contact in library.contacts.all()] == ["Aigerim Sadykova", "Daniyar Omarov"]
    assert sorted(service.slug for service in library.services_offered.all()) == ["interlibrary-loan", "research-data"]
    article = BestPracticeArticlePage.objects.get(external_id="art-koha")
    assert [country.code for country in article.countries] == ["KZ", "UZ"]
    assert [goal.number for goal in article.sdg_goals.all()] == [4, 9]
    assert list(article.related_member_libraries.all()) == [library]
    assert [block.block_type for block in article.body] == ["heading", "paragraph"]
    case_study = StaffingCaseStudyPage.objects.get(external_id="cs-mentoring")
    assert case_study.reporting_library == library
    assert (case_study.staff_count_before, case_study.staff_count_after) == (40, 46)
    assert case_study.turnover_change == -9.5
    assert sorted(challenge.slug for challenge in case_study.challenge_categories.all()) == ["retention", "training"]
    assert "<i>halved</i>" in case_study.outcomes


def test_export_then_import_into_an_empty_site_then_export_gives_identical_records(tmp_path):
    source = write_lines(tmp_path / "source.jsonl", [ARTICLE_RU, CASE_STUDY, ARTICLE, LIBRARY, TAJIK_ARTICLE])
    assert not run_command("import_content", source).failed
    first = tmp_path / "first.jsonl"
    assert not run_command("export_content", first).failed

    for model in (BestPracticeArticlePage, StaffingCaseStudyPage, MemberLibraryPage):
        for page in model.objects.all():
            page.delete()
    Tag.objects.all().delete()
    assert not BestPracticeArticlePage.objects.exists()

    run = run_command("import_content", first)
    assert not run.failed, run.stderr
    second = tmp_path / "second.jsonl"
    run_command("export_content", second)

    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    exported = {item["id"]: item for item in read_records(first)}
    assert exported["art-koha-ru"]["translation_of"] == "art-koha"
    assert exported["art-koha-ru"]["body"] == "Первый абзац.\n\nВторой абзац."
    assert exported["lib-satbayev"]["contacts"][1] == {"name": "Daniyar Omarov", "phone": "+7 727 292 00 00"}
    assert exported["cs-mentoring"]["turnover_before_pct"] == 18.5
    assert exported["art-koha"]["countries"] == ["KZ", "UZ"]
    assert exported["art-tg"]["locale"] == "tg"


def test_malformed_lines_are_reported_by_line_number_and_the_good_lines_still_import(tmp_path):
    path = write_lines(
        tmp_path / "mixed.jsonl",
        [
            record("good-1"),
            '{"id": "broken", "type": ',
            {key: value for key, value in record("no-title").items() if key != "title"},
            record("bad-type", record_type="podcast"),
            record("bad-locale", locale="fr"),
            record("bad-country", country="XX"),
            record("bad-date", published="01.03.2024"),
            record("bad-staff", "case_study", staff_count_before=-3),
            record("bad-url", "member_library", website="not a web address"),
            record("bad-latitude", "member_library", latitude=123.4, longitude=10),
            "[1, 2, 3]",
            record("good-2"),
        ],
    )

    run = run_command("import_content", path)

    assert run.failed
    assert run.error.returncode == 1
    assert "2 created" in str(run.error)
    assert "10 failed" in str(run.error)
    for line, reason in [
        (2, "invalid JSON"),
        (3, "missing field: title"),
        (4, "unknown type 'podcast'"),
        (5, "unknown locale 'fr'"),
        (6, "unknown country 'XX'"),
        (7, "not a date in the form YYYY-MM-DD"),
        (8, "staff_count_before: A staff count cannot be negative."),
        (9, "website: Enter a web address starting with http:// or https://."),
        (10, "latitude: Latitude must be between -90 and 90 degrees."),
        (11, "a line must hold one JSON object"),
    ]:
        assert f"mixed.jsonl:{line}: error: " in run.stderr
        assert reason in [message for message in run.stderr.splitlines() if f":{line}: error" in message][0]
    assert set(BestPracticeArticlePage.objects.values_list("external_id", flat=True)) == {"good-1", "good-2"}
    assert not StaffingCaseStudyPage.objects.filter(external_id="bad-staff").exists()
    assert not MemberLibraryPage.objects.exists()


def test_a_line_that_fails_validation_writes_nothing_at_all(tmp_path):
    before = content_counts()
    bad_contact = dict(LIBRARY, id="lib-bad", year_joined=1850, themes=["brand-new-theme"])
    path = write_lines(tmp_path / "bad.jsonl", [bad_contact])

    run = run_command("import_content", path)

    assert "year_joined: The year joined must be between 1991 and this year." in run.stderr
    assert content_counts() == before
    assert not Tag.objects.filter(slug="brand-new-theme").exists()


def test_dry_run_validates_every_line_and_writes_nothing(tmp_path):
    before = content_counts()
    path = write_lines(
        tmp_path / "content.jsonl", [LIBRARY, ARTICLE, CASE_STUDY, TAJIK_ARTICLE, record("x", country="ZZ")]
    )

    run = run_command("import_content", path, "--dry-run")

    assert run.failed
    assert "4 created" in str(run.error)
    assert "1 failed" in str(run.error)
    assert "dry run: nothing was written" in str(run.error)
    assert ":5: error: country: unknown country 'ZZ'" in run.stderr
    assert content_counts() == before
    assert not Page.objects.filter(locale__language_code="tg").exists()


def test_draft_import_saves_pages_that_are_not_live(tmp_path, client):
    path = write_lines(tmp_path / "draft.jsonl", [record("draft-1", title="Unpublished plan")])

    run = run_command("import_content", path, "--draft")

    assert not run.failed, run.stderr
    page = BestPracticeArticlePage.objects.get(external_id="draft-1")
    assert not page.live
    assert client.get(page.get_parent().url).content.decode().count("Unpublished plan") == 0


def test_an_id_used_by_another_type_is_an_error_for_that_line(tmp_path):
    run_command("import_content", write_lines(tmp_path / "a.jsonl", [record("shared-id")]))

    run = run_command("import_content", write_lines(tmp_path / "b.jsonl", [record("shared-id", "case_study")]))

    assert run.failed
    assert "b.jsonl:1: error: id 'shared-id' is already used by a article record" in run.stderr
    assert not StaffingCaseStudyPage.objects.exists()


def test_a_record_cannot_move_to_another_locale(tmp_path):
    run_command("import_content", write_lines(tmp_path / "a.jsonl", [record("art-1")]))

    run = run_command("import_content", write_lines(tmp_path / "b.jsonl", [record("art-1", locale="kk")]))

    assert "a record cannot change its locale" in run.stderr


def test_unknown_fields_are_reported_as_warnings_and_the_record_imports(tmp_path):
    path = write_lines(tmp_path / "extra.jsonl", [record("art-1", colour="blue", city="Almaty")])

    run = run_command("import_content", path)

    assert not run.failed
    assert "extra.jsonl:1: warning: unknown field 'city' ignored (not part of a article record)" in run.stderr
    assert "unknown field 'colour'" in run.stderr
    assert BestPracticeArticlePage.objects.filter(external_id="art-1").exists()


def test_html_in_the_body_is_sanitised(tmp_path):
    body = (
        '<p onclick="steal()">Safe <a href="javascript:alert(1)">bad link</a> '
        '<a href="https://koha-community.org" style="color:red">good link</a></p>'
        "<script>alert('x')</script><h1>Title</h1><img src=x onerror=alert(1)>"
    )
    run_command("import_content", write_lines(tmp_path / "html.jsonl", [record("art-html", body=body)]))

    page = BestPracticeArticlePage.objects.get(external_id="art-html")
    stored = str(page.body.raw_data)
    for unsafe in ("onclick", "javascript:", "script", "alert", "style=", "onerror", "<img"):
        assert unsafe not in stored
    assert '<a href="https://koha-community.org">good link</a>' in stored
    assert [block.block_type for block in page.body] == ["paragraph", "heading"]


def test_translations_share_a_translation_key_and_a_clash_is_an_error(tmp_path):
    run = run_command(
        "import_content", write_lines(tmp_path / "t.jsonl", [ARTICLE_RU, dict(ARTICLE, related_libraries=[])])
    )
    assert not run.failed, run.stderr
    english = BestPracticeArticlePage.objects.get(external_id="art-koha")
    russian = BestPracticeArticlePage.objects.get(external_id="art-koha-ru")
    assert english.translation_key == russian.translation_key

    second_russian = record("art-koha-ru-2", locale="ru", translation_of="art-koha")
    run = run_command("import_content", write_lines(tmp_path / "clash.jsonl", [second_russian]))
    assert "already has a 'ru' translation ('art-koha-ru')" in run.stderr


def test_a_reference_to_an_unknown_member_library_fails_that_line(tmp_path):
    run = run_command(
        "import_content", write_lines(tmp_path / "r.jsonl", [record("art-1", related_libraries=["nowhere"])])
    )

    assert "related_libraries: unknown member library id 'nowhere'" in run.stderr
    assert not BestPracticeArticlePage.objects.exists()


def test_content_in_tajik_gets_a_page_tree_of_its_own(tmp_path, client):
    run_command("import_content", write_lines(tmp_path / "tg.jsonl", [TAJIK_ARTICLE]))

    page = BestPracticeArticlePage.objects.get(external_id="art-tg")
    assert page.get_parent().locale.language_code == "tg"
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Китобхонаи рақамӣ" in response.content.decode()


def test_a_record_without_a_date_keeps_the_first_publication_date_and_reimports_unchanged(tmp_path):
    path = write_lines(tmp_path / "undated.jsonl", [record("art-undated", published=None)])
    run_command("import_content", path)
    first_date = BestPracticeArticlePage.objects.get(external_id="art-undated").publication_date
    assert first_date is not None

    run = run_command("import_content", path)

    assert "1 unchanged" in run.stdout
    assert BestPracticeArticlePage.objects.get(external_id="art-undated").publication_date == first_date


def test_updating_the_text_keeps_images_and_tables_an_editor_added(tmp_path):
    run_command("import_content", write_lines(tmp_path / "a.jsonl", [record("art-1", body="First text.")]))
    page = BestPracticeArticlePage.objects.get(external_id="art-1")
    table = {"data": [["Year", "Staff"], ["2024", "12"]], "first_row_is_table_header": True}
    page.body.append(("table", table))
    page.save_revision().publish()

    run = run_command("import_content", write_lines(tmp_path / "b.jsonl", [record("art-1", body="New text.")]))

    assert "kept 1 image, video, document or table blocks" in run.stderr
    page = BestPracticeArticlePage.objects.get(external_id="art-1")
    assert [block.block_type for block in page.body] == ["paragraph", "table"]
    assert "New text." in str(page.body[0].value)


def test_export_can_be_limited_to_a_locale_and_a_type(tmp_path):
    run_command(
        "import_content",
        write_lines(tmp_path / "all.jsonl", [LIBRARY, dict(ARTICLE, related_libraries=[]), ARTICLE_RU]),
    )
    out = tmp_path / "ru-articles.jsonl"

    run = run_command("export_content", out, "--locale", "ru", "--type", "article")

    assert not run.failed
    assert [item["id"] for item in read_records(out)] == ["art-koha-ru"]


def test_export_leaves_out_drafts(tmp_path):
    run_command("import_content", write_lines(tmp_path / "d.jsonl", [record("art-draft")]), "--draft")
    out = tmp_path / "out.jsonl"

    run_command("export_content", out)

    assert read_records(out) == []


def test_a_nul_character_is_a_clear_error_not_a_crash(tmp_path):
    path = write_lines(tmp_path / "nul.jsonl", [record("art-nul", title="Bad\u0000title"), record("art-ok")])

    run = run_command("import_content", path)

    assert "nul.jsonl:1: error: a text value holds a NUL character" in run.stderr
    assert list(BestPracticeArticlePage.objects.values_list("external_id", flat=True)) == ["art-ok"]


def test_quiet_import_prints_errors_but_no_warnings_or_summary(tmp_path):
    path = write_lines(tmp_path / "q.jsonl", [record("art-1", colour="blue"), record("art-2", country="XX")])

    run = run_command("import_content", path, "--quiet")

    assert run.stdout == ""
    assert "warning" not in run.stderr
    assert "q.jsonl:2: error: country: unknown country 'XX'" in run.stderr


def test_draft_import_over_a_live_page_keeps_the_live_version(tmp_path, client):
    run_command("import_content", write_lines(tmp_path / "a.jsonl", [record("art-1", title="Published title")]))

    run = run_command(
        "import_content", write_lines(tmp_path / "b.jsonl", [record("art-1", title="Draft title")]), "--draft"
    )

    assert "1 updated" in run.stdout
    page = BestPracticeArticlePage.objects.get(external_id="art-1")
    assert page.title == "Published title"
    assert page.has_unpublished_changes
    assert page.get_latest_revision_as_object().title == "Draft title"
    assert "Draft title" not in client.get(page.url).content.decode()
