"""A small, fixed site for the browser tests: every page type with every kind of block, translations in
Russian and Kazakh, and pages with no translation.

Built with factories in about a second; the demo content (`load_demo_content`) holds the same kinds of
pages but takes about ten seconds to import, and the live server's database is emptied after each test.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import wagtail_factories

from wagtail.models import Locale
from wagtail.rich_text import RichText

from best_practices.factories import BestPracticeArticlePageFactory, StaffingCaseStudyPageFactory
from best_practices.models import BestPracticeIndexPage
from consortium_site.models import (
    CollectionLanguage,
    HomePage,
    LibraryService,
    LibraryType,
    StaffingChallenge,
    SustainableDevelopmentGoal,
)
from members.factories import MemberLibraryContactFactory, MemberLibraryPageFactory
from members.models import MemberLibraryIndexPage

ARTICLE_BODY = [
    ("paragraph", RichText("<p>The library moved <b>2.1 million records</b> from a home-grown system to Koha.</p>")),
    ("heading", {"text": "Preparing the records", "level": "h2"}),
    (
        "paragraph",
        RichText(
            '<p>Three steps, tested on a <a href="https://koha-community.org/">Koha</a> copy first:</p>'
            "<ul><li>clean duplicate authors</li><li>map local fields to MARC 21</li><li>load by year</li></ul>"
        ),
    ),
    ("heading", {"text": "Timeline", "level": "h3"}),
    (
        "table",
        {
            "data": [["Stage", "Months"], ["Cleaning", "4"], ["Loading", "2"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Stages of the migration",
        },
    ),
    ("quote", {"text": "Clean the authors first; everything else follows.", "attribution": "Head of cataloguing"}),
]


def _index(model, language):
    return model.objects.get(locale__language_code=language)


def _translate(source, language, **fields):
    """A live translation of `source` under the same parent in `language` (shares its translation_key)."""
    factory = {
        "bestpracticearticlepage": BestPracticeArticlePageFactory,
        "staffingcasestudypage": StaffingCaseStudyPageFactory,
        "memberlibrarypage": MemberLibraryPageFactory,
    }[source.specific_class._meta.model_name]
    parent_model = type(source.get_parent().specific)
    return factory(
        parent=_index(parent_model, language),
        locale=Locale.objects.get(language_code=language),
        translation_key=source.translation_key,
        **fields,
    )


def build_site_content(settings, tmp_path):
    """Publish the fixed site; returns its pages by role. Media files go to `tmp_path`."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    practices = _index(BestPracticeIndexPage, "en")
    members = _index(MemberLibraryIndexPage, "en")

    kaznu = MemberLibraryPageFactory(
        parent=members,
        title="Al-Farabi Kazakh National University Library",
        short_name="KazNU Library",
        parent_institution="Al-Farabi Kazakh National University",
        summary="The research library of Kazakhstan's largest university.",
        country="KZ",
        city="Almaty",
        address="71 al-Farabi Avenue\nAlmaty 050040",
        latitude=Decimal("43.224722"),
        longitude=Decimal("76.923611"),
        website="https://library.kaznu.example.kz",
        year_joined=2008,
        collection_size=2150000,
        staff_fte=Decimal("118.5"),
        registered_users=31500,
        library_system="Koha",
        description=[("paragraph", RichText("<p>Fourteen faculties, one central building.</p>"))],
        publication_date=datetime.date(2023, 9, 1),
    )
    kaznu.services_offered.set(LibraryService.objects.filter(slug__in=["reference", "open-access"]))
    kaznu.collection_languages.set(CollectionLanguage.objects.filter(slug__in=["kk", "ru", "en"]))
    kaznu.themes.add("Library systems", "Open access")
    MemberLibraryContactFactory(page=kaznu, name="Aigerim Sadykova", role="Director", phone="+7 727 377 33 33")
    kaznu.save_revision().publish()
    knu = MemberLibraryPageFactory(
        parent=members, title="Jusup Balasagyn Kyrgyz National University Library", country="KG", city="Bishkek"
    )
    college = MemberLibraryPageFactory(
        parent=members,
        title="Almaty College of Communications Library",
        country="KZ",
        city="Almaty",
        library_type=LibraryType.COLLEGE,
    )
    kaznu_ru = _translate(
        kaznu,
        "ru",
        title="Научная библиотека КазНУ имени аль-Фараби",
        summary="Научная библиотека крупнейшего университета Казахстана.",
        country="KZ",
        city="Алматы",
    )
    MemberLibraryContactFactory(page=kaznu_ru, name="Айгерим Садыкова", role="Директор")
    kaznu_kk = _translate(kaznu, "kk", title="Әл-Фараби атындағы ҚазҰУ ғылыми кітапханасы", country="KZ", city="Алматы")

    article = BestPracticeArticlePageFactory(
        parent=practices,
        title="Moving a two-million-record catalogue to Koha",
        summary="How KazNU moved its whole catalogue without closing the reading rooms.",
        countries=["KZ"],
        body=ARTICLE_BODY
        + [
            (
                "image",
                {
                    "image": wagtail_factories.ImageFactory(title="Reading room"),
                    "alt_text": "Students at the new catalogue terminals",
                    "caption": "The catalogue terminals in the main reading room",
                },
            )
        ],
        publication_date=datetime.date(2024, 5, 1),
    )
    article.themes.add("Library systems", "Cataloguing")
    article.sdg_goals.set(SustainableDevelopmentGoal.objects.filter(number=4))
    article.related_member_libraries.set([kaznu])
    article.save_revision().publish()
    article_ru = _translate(
        article,
        "ru",
        title="Перенос каталога в два миллиона записей в Koha",
        summary="Как КазНУ перенёс весь каталог, не закрывая читальные залы.",
        countries=["KZ"],
        body=[("paragraph", RichText("<p>Библиотека перенесла 2,1 миллиона записей в Koha.</p>"))],
    )
    article_ru.themes.add("Library systems")
    article_ru.save_revision().publish()
    article_kk = _translate(
        article,
        "kk",
        title="Екі миллион жазбасы бар каталогты Koha жүйесіне көшіру",
        summary="ҚазҰУ бүкіл каталогты оқу залдарын жаппай көшірді.",
        countries=["KZ"],
        body=[("paragraph", RichText("<p>Кітапхана 2,1 миллион жазбаны Koha жүйесіне көшірді.</p>"))],
    )
    untranslated_article = BestPracticeArticlePageFactory(
        parent=practices,
        title="Scan-on-demand and chat reference for distance learners",
        summary="Chapters scanned within a day, questions answered in chat.",
        countries=["KZ", "UZ"],
        publication_date=datetime.date(2024, 2, 1),
    )
    untranslated_article.themes.add("Remote services")
    untranslated_article.save_revision().publish()

    case_study = StaffingCaseStudyPageFactory(
        parent=practices,
        title="Keeping young librarians: a mentoring scheme that halved turnover",
        summary="Pairing each new librarian with a senior colleague for a year.",
        reporting_library=kaznu,
        country="KZ",
        library_type=LibraryType.UNIVERSITY,
        period_start=2021,
        period_end=2023,
        body=[("paragraph", RichText("<p>Half of the new librarians left within two years.</p>"))],
        interventions="<p>A mentor for every newcomer, one afternoon a week.</p>",
        outcomes="<p>Turnover fell from 18 % to 9 %.</p>",
        lessons_learned="<p>Mentors need time on their timetable, not good will.</p>",
        publication_date=datetime.date(2024, 6, 1),
    )
    case_study.challenge_categories.set(StaffingChallenge.objects.filter(slug__in=["retention", "training"]))
    case_study.themes.add("Staffing", "Mentoring")
    case_study.save_revision().publish()
    case_study_ru = _translate(
        case_study,
        "ru",
        title="Как удержать молодых библиотекарей: наставничество",
        summary="Каждому новому библиотекарю наставник на год.",
        country="KZ",
    )
    case_study_kk = _translate(
        case_study,
        "kk",
        title="Жас кітапханашыларды қалай сақтаймыз: тәлімгерлік",
        summary="Әр жаңа кітапханашыға бір жылға тәлімгер.",
        country="KZ",
    )
    return SimpleNamespace(
        home=HomePage.objects.get(locale__language_code="en"),
        practices=practices,
        members=members,
        kaznu=kaznu,
        kaznu_ru=kaznu_ru,
        kaznu_kk=kaznu_kk,
        knu=knu,
        college=college,
        article=article,
        article_ru=article_ru,
        article_kk=article_kk,
        untranslated_article=untranslated_article,
        case_study=case_study,
        case_study_ru=case_study_ru,
        case_study_kk=case_study_kk,
    )
