"""Fill a benchmark database with many live pages, fast: rows are written in bulk, not page by page.

    python manage.py load_bench_content --pages 20000

Saving 20,000 pages one by one through Wagtail (revisions, signals, search indexing) takes the best
part of an hour; this writes the tree rows directly (treebeard paths computed here), the type rows,
theme tags and translations, in batches, with a progress bar. Meant for throwaway benchmark
databases only: no revisions are written, and no signals fire (the index is rebuilt afterwards).
It refuses to run twice on the same database.
"""

import datetime
import json
import random
import uuid

from tqdm import tqdm

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.models import Locale, Page

from best_practices.models import (
    ArticleThemeTag,
    BestPracticeArticlePage,
    BestPracticeIndexPage,
    CaseStudyThemeTag,
    StaffingCaseStudyPage,
)
from consortium_site.site_tree import find_index_page
from members.models import MemberLibraryIndexPage, MemberLibraryPage

LANGUAGES = ["en", "ru", "kk", "uz", "ky"]
COUNTRIES = ["KZ", "KG", "UZ", "TJ", "TM"]
THEMES = [
    "digitisation", "open-access", "staff-training", "mobile-libraries", "rare-books", "information-literacy",
    "research-data", "repositories", "e-resources", "cataloguing", "preservation", "user-services",
    "accessibility", "multilingual-collections", "library-buildings", "community-outreach", "copyright",
    "reading-promotion", "metadata", "consortium-licensing",
]  # fmt: skip
WORD_TEXT = {
    "en": (
        "library readers collection digital access service staff training catalogue archive research "
        "university students open rural mobile books journals preservation data repository reading"
    ),
    "ru": (
        "библиотека читатели фонд цифровой доступ услуги сотрудники обучение каталог архив "
        "исследования университет студенты открытый сельский книги журналы сохранность данные репозиторий чтение"
    ),
    "kk": (
        "кітапхана оқырмандар қор цифрлық қолжетімділік қызмет қызметкерлер оқыту каталог мұрағат "
        "зерттеу университет студенттер ашық ауылдық кітаптар журналдар сақтау деректер оқу"
    ),
    "uz": (
        "kutubxona oʻquvchilar fond raqamli kirish xizmat xodimlar oʻqitish katalog arxiv "
        "tadqiqot universitet talabalar ochiq qishloq kitoblar jurnallar saqlash maʼlumotlar oʻqish"
    ),
    "ky": (
        "китепкана окурмандар фонд санариптик жеткиликтүүлүк кызмат кызматкерлер окутуу каталог архив "
        "изилдөө университет студенттер ачык айылдык китептер журналдар сактоо маалыматтар окуу"
    ),
}
VOCABULARY = {code: text.split() for code, text in WORD_TEXT.items()}
BATCH = 1000


def sentence(rng, language, words=12):
    text = " ".join(rng.choice(VOCABULARY[language]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body_stream(rng, language):
    blocks = [{"type": "heading", "value": {"text": sentence(rng, language, 5), "level": "h2"}}]
    for _ in range(4):
        paragraph = " ".join(sentence(rng, language, 14) for _ in range(4))
        blocks.append({"type": "paragraph", "value": f"<p>{paragraph}</p>"})
    return json.dumps([{**block, "id": str(uuid.UUID(int=rng.getrandbits(128)))} for block in blocks])


class TreeWriter:
    """Appends children under one parent by computing treebeard's materialised paths itself."""

    def __init__(self, parent):
        self.parent = parent
        last = parent.get_last_child()
        self.next_step = (Page._str2int(last.path[-Page.steplen :]) + 1) if last else 1
        self.added = 0

    def page_row(self, model, title, slug, locale, translation_key, published_at, **specific):
        path = Page._get_path(self.parent.path, self.parent.depth + 1, self.next_step)
        self.next_step += 1
        self.added += 1
        return model(
            path=path,
            depth=self.parent.depth + 1,
            numchild=0,
            title=title,
            draft_title=title,
            slug=slug,
            url_path=f"{self.parent.url_path}{slug}/",
            content_type=ContentType.objects.get_for_model(model),
            locale=locale,
            translation_key=translation_key,
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
            **specific,
        )

    def finish(self):
        Page.objects.filter(pk=self.parent.pk).update(numchild=self.parent.numchild + self.added)


def insert_pages(model, pages):
    """Bulk-insert multi-table pages: Django's bulk_create refuses them, so base rows go first
    through bulk_create (which returns their ids on PostgreSQL), then the type rows with one INSERT."""
    base_fields = [f.attname for f in Page._meta.concrete_fields if f.attname != "id"]
    base_rows = Page.objects.bulk_create([Page(**{name: getattr(p, name) for name in base_fields}) for p in pages])
    for page, base in zip(pages, base_rows, strict=True):
        page.pk = page.page_ptr_id = base.pk
        page.id = base.pk
    local = list(model._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in local)
    placeholders = ", ".join(["%s"] * len(local))
    rows = [[f.get_db_prep_save(getattr(p, f.attname), connection) for f in local] for p in pages]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
    return pages


class Command(BaseCommand):
    help = "Load many live pages in bulk into a throwaway benchmark database (progress bar)."

    def add_arguments(self, parser):
        parser.add_argument("--pages", type=int, default=20_000, help="how many content pages (default 20,000)")
        parser.add_argument("--seed", type=int, default=5, help="random seed, for repeatable content")

    def handle(self, *args, pages, seed, **options):
        if connection.vendor != "postgresql":
            raise CommandError("load_bench_content writes rows in bulk for PostgreSQL; set DATABASE_URL to one.")
        if BestPracticeArticlePage.objects.filter(external_id__startswith="bench-").exists():
            raise CommandError("This database already holds benchmark content; use a fresh one.")
        rng = random.Random(seed)  # noqa: S311 - repeatable filler text, not secrets
        locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
        tags = {
            slug: Tag.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ")})[0] for slug in THEMES
        }
        # Translations share a key across the five languages, as real translated pages do.
        members = max(len(LANGUAGES), pages // 20)
        case_studies = pages // 5
        articles = pages - members - case_studies
        plan = [
            (MemberLibraryPage, members),
            (StaffingCaseStudyPage, case_studies),
            (BestPracticeArticlePage, articles),
        ]
        today = datetime.date.today()
        with tqdm(total=pages, unit="page", desc="bench pages") as progress:
            for model, count in plan:
                index_model = MemberLibraryIndexPage if model is MemberLibraryPage else BestPracticeIndexPage
                with transaction.atomic():
                    writers = {code: TreeWriter(find_index_page(index_model, locales[code])) for code in LANGUAGES}
                    batch, tag_rows = [], []
                    for n in range(count):
                        code = LANGUAGES[n % len(LANGUAGES)]
                        group = n // len(LANGUAGES)
                        if n % len(LANGUAGES) == 0:
                            translation_key = uuid.uuid4()
                        days = rng.randrange(3650)
                        published = timezone.now() - datetime.timedelta(days=days)
                        title = f"{sentence(rng, code, 5)[:-1]} {group}"
                        specific = {
                            "summary": sentence(rng, code, 20),
                            "publication_date": today - datetime.timedelta(days=days),
                            "external_id": f"bench-{model._meta.model_name}-{n}",
                        }
                        if model is MemberLibraryPage:
                            specific.update(
                                country=COUNTRIES[group % 5],
                                city=f"City {group % 40}",
                                description=body_stream(rng, code),
                            )
                        elif model is StaffingCaseStudyPage:
                            specific.update(
                                country=COUNTRIES[group % 5],
                                body=body_stream(rng, code),
                                staff_count_before=40,
                                staff_count_after=44,
                            )
                        else:
                            specific.update(
                                countries=rng.sample(COUNTRIES, rng.randint(1, 3)), body=body_stream(rng, code)
                            )
                        slug = slugify(f"{model._meta.model_name}-{group}")
                        page = writers[code].page_row(
                            model, title, slug, locales[code], translation_key, published, **specific
                        )
                        batch.append(page)
                        if model is not MemberLibraryPage:
                            tag_rows.append((page, rng.sample(THEMES, 3)))
                        if len(batch) >= BATCH or n == count - 1:
                            insert_pages(model, batch)
                            through = ArticleThemeTag if model is BestPracticeArticlePage else CaseStudyThemeTag
                            through.objects.bulk_create(
                                [
                                    through(content_object_id=p.pk, tag=tags[slug])
                                    for p, slugs in tag_rows
                                    for slug in slugs
                                ]
                            )
                            progress.update(len(batch))
                            batch, tag_rows = [], []
                    for writer in writers.values():
                        writer.finish()
        with connection.cursor() as cursor:
            # Fresh statistics, or the planner treats the new tables as nearly empty.
            cursor.execute("ANALYZE")
        self.stdout.write(f"Loaded {articles} articles, {case_studies} case studies, {members} member libraries.")
