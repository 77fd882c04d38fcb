"""A synthetic multilingual corpus for `bench_search`: pages in the five interface languages (Uzbek in both
scripts), with Zipf-distributed words, inflected forms, themes, countries and dates.

Words are library vocabulary stems with each language's common endings, plus a long tail of rarer made-up
words from the language's own syllables, so the index sees a realistic number of distinct terms. Pages are
inserted in bulk: creating 20,000 pages through Wagtail one by one takes many minutes.
"""

import datetime
import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from taggit.models import Tag
from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from best_practices.models import (
    ArticleThemeTag,
    BestPracticeArticlePage,
    BestPracticeIndexPage,
    CaseStudyThemeTag,
    StaffingCaseStudyPage,
)
from members.models import MemberLibraryIndexPage, MemberLibraryPage


def _words(text):
    return text.split()


STEMS = {
    "en": _words(
        "library catalogue record system migration reader student service collection digital archive staff training "
        "research data repository access journal book loan reference workshop network university faculty budget "
        "software metadata licence subscription search portal literacy plagiarism thesis manuscript preservation "
        "scanning mentoring retention recruitment workload club reading community partner project survey"
    ),
    "ru": _words(
        "библиотек каталог запис систем миграц читател студент служб коллекц цифров архив сотрудник обучен "
        "исследован данн репозитор доступ журнал книг выдач справочн семинар сет университет факультет бюджет "
        "программ метаданн лиценз подписк поиск портал грамотност плагиат диссертац рукопис сохранност сканирован "
        "наставничеств удержан подбор нагрузк клуб чтен сообществ партнер проект опрос"
    ),
    "kk": _words(
        "кітапхана каталог жазба жүйе көшіру оқырман студент қызмет қор цифрлық мұрағат қызметкер оқыту зерттеу "
        "дерек репозиторий қолжетім журнал кітап беру анықтама семинар желі университет факультет бюджет бағдарлама "
        "метадерек лицензия жазылым іздеу портал сауат плагиат диссертация қолжазба сақтау сканерлеу тәлімгер ұстау "
        "жалдау жүктеме клуб оқу қауымдастық серіктес жоба сауалнама"
    ),
    "ky": _words(
        "китепкана каталог жазуу систем көчүрүү окурман студент кызмат фонд санариптик архив кызматкер окутуу "
        "изилдөө маалымат репозиторий жеткиликтүү журнал китеп берүү маалымдама семинар тармак университет "
        "факультет бюджет программа метамаалымат лицензия жазылуу издөө портал сабаттуулук плагиат диссертация кол "
        "жазма сактоо сканерлөө насаатчы кармоо жалдоо жүк клуб окуу коомчулук өнөктөш долбоор сурамжылоо"
    ),
    "uz": _words(
        "кутубхона каталог ёзув тизим кўчириш ўқувчи талаба хизмат фонд рақамли архив ходим ўқитиш тадқиқот "
        "маълумот репозиторий фойдаланиш журнал китоб бериш маълумотнома семинар тармоқ университет факультет "
        "бюджет дастур метамаълумот лицензия обуна қидирув портал саводхонлик плагиат диссертация қўлёзма сақлаш "
        "сканерлаш мураббий сақлаб ёллаш юклама клуб ўқиш жамоа ҳамкор лойиҳа сўровнома"
    ),
}
ENDINGS = {
    "en": ["", "", "", "s", "ing", "ed", "al"],
    "ru": ["а", "ы", "у", "ов", "ами", "ах", "ой", "ий", "ого", "ие", "ия", "ию"],
    "kk": ["", "", "тар", "лар", "ның", "дың", "ға", "ге", "да", "де", "ын", "ді", "мен"],
    "ky": ["", "", "тар", "лар", "дын", "нын", "га", "ге", "да", "де", "ды", "ну", "менен"],
    "uz": ["", "", "лар", "нинг", "га", "да", "ни", "дан", "ли", "ларни"],
}
SYLLABLES = {
    "en": _words("ba ca de fi go ha ke li mo nu pa re si to vu wa ry ex in on st er an"),
    "ru": _words("ба ве ги до жу за ки ло му но пе ра си то фу хо ча ше ще ю я ов ск ст"),
    "kk": _words("ба бе қа қо ға ғы да ды жа жұ қы кө мұ на ны ор са сы та ты ұл ше ің ә"),
    "ky": _words("ба бо да ды жа жү ка кы көл ма мү на ны ор са сы та ты түр ча чы ый ө"),
    "uz": _words("ба бо ва да до жа зо ка қа ла ма на но па ра са со та ту ўқ ғо ҳа ча ша"),
}
# Uzbek Cyrillic → the 1995 Latin alphabet; half of the Uzbek pages are written in Latin.
UZBEK_LATIN = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gʻ", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z",
        "и": "i", "й": "y", "к": "k", "қ": "q", "л": "l", "м": "m", "н": "n", "о": "o", "ў": "oʻ", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ҳ": "h", "ц": "s", "ч": "ch", "ш": "sh",
        "ъ": "ʼ", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    }
)  # fmt: skip
LANGUAGES = ("en", "ru", "kk", "uz", "ky")
COUNTRIES = {
    "en": ["KZ", "KG", "UZ", "TJ", "TM"],
    "ru": ["KZ", "KG", "UZ", "TJ"],
    "kk": ["KZ"],
    "ky": ["KG"],
    "uz": ["UZ"],
}
THEMES = _words(
    "library-systems cataloguing research-data staffing academic-integrity reading-promotion remote-services "
    "reference-services digitisation open-access information-literacy preservation e-resources accessibility "
    "mentoring training community-outreach rare-books repositories metadata"
)
TAIL_WORDS = 4000
BATCH = 500


class Vocabulary:
    """One language's words, most frequent first, drawn with a Zipf (1/rank) distribution."""

    def __init__(self, lang, rng):
        forms = [stem + ending for stem in STEMS[lang] for ending in ENDINGS[lang]]
        rng.shuffle(forms)
        tail = {"".join(rng.choices(SYLLABLES[lang], k=rng.randint(2, 4))) for _ in range(TAIL_WORDS)}
        self.words = forms + sorted(tail)
        self.weights = [1 / rank for rank in range(1, len(self.words) + 1)]
        self.rng = rng

    def sample(self, count):
        return self.rng.choices(self.words, weights=self.weights, k=count)


def sentence(vocabulary, rng, low, high):
    words = vocabulary.sample(rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def generate(pages, seed=7, progress=None):
    """Insert `pages` live pages spread over the languages; returns {language: count}."""
    rng = random.Random(seed)
    vocabularies = {lang: Vocabulary(lang, rng) for lang in LANGUAGES}
    tags = {slug: Tag.objects.get_or_create(slug=slug, defaults={"name": slug.replace("-", " ")})[0] for slug in THEMES}
    counts = dict.fromkeys(LANGUAGES, 0)
    plan = [LANGUAGES[number % len(LANGUAGES)] for number in range(pages)]
    for lang in LANGUAGES:
        locale = Locale.objects.get(language_code=lang)
        numbers = [number for number, planned in enumerate(plan) if planned == lang]
        kinds = [rng.choices(["article", "case_study", "member_library"], weights=[60, 25, 15])[0] for _ in numbers]
        for kind, model, index_model in (
            ("article", BestPracticeArticlePage, BestPracticeIndexPage),
            ("case_study", StaffingCaseStudyPage, BestPracticeIndexPage),
            ("member_library", MemberLibraryPage, MemberLibraryIndexPage),
        ):
            wanted = [number for number, chosen in zip(numbers, kinds, strict=True) if chosen == kind]
            parent = index_model.objects.get(locale=locale)
            for start in range(0, len(wanted), BATCH):
                chunk = wanted[start : start + BATCH]
                _insert(model, kind, parent, locale, chunk, vocabularies[lang], lang, tags, rng)
                counts[lang] += len(chunk)
                if progress:
                    progress(len(chunk))
    return counts


@transaction.atomic
def _insert(model, kind, parent, locale, numbers, vocabulary, lang, tags, rng):
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    base_rows, details = [], []
    for offset, number in enumerate(numbers, start=parent.numchild + 1):
        latin = lang == "uz" and number % 2 == 0
        title = sentence(vocabulary, rng, 3, 8).rstrip(".")
        summary = sentence(vocabulary, rng, 12, 25)
        body = " ".join(sentence(vocabulary, rng, 8, 18) for _ in range(rng.randint(6, 14)))
        if latin:
            title, summary, body = (text.translate(UZBEK_LATIN) for text in (title, summary, body))
        slug = f"{slugify(title, allow_unicode=True)[:60]}-{number}"
        base_rows.append(
            Page(
                path=Page._get_path(parent.path, parent.depth + 1, offset),
                depth=parent.depth + 1,
                numchild=0,
                title=title,
                draft_title=title,
                slug=slug,
                url_path=f"{parent.url_path}{slug}/",
                content_type=content_type,
                locale=locale,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
        date = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 3800))
        details.append((title, summary, body, date, rng.sample(THEMES, rng.randint(1, 3)), number))
    created = Page.objects.bulk_create(base_rows)
    specific, tag_rows = [], []
    for page, (title, summary, body, date, themes, number) in zip(created, details, strict=True):
        fields = {
            "page_ptr_id": page.pk,
            "summary": summary,
            "publication_date": date,
            "external_id": f"bench-{number}",
        }
        country = rng.choice(COUNTRIES[lang])
        if kind == "member_library":
            specific.append(model(**fields, country=country, city=title.split()[0], description=_body(body)))
            continue
        if kind == "article":
            specific.append(model(**fields, countries=[country], body=_body(body)))
            through = ArticleThemeTag
        else:
            specific.append(model(**fields, country=country, body=_body(body)))
            through = CaseStudyThemeTag
        tag_rows += [through(content_object_id=page.pk, tag=tags[theme]) for theme in themes]
    # bulk_create refuses multi-table models; this is the INSERT that save() runs, for many rows at once.
    model._base_manager._insert(specific, fields=model._meta.local_concrete_fields, using="default")
    if tag_rows:
        type(tag_rows[0]).objects.bulk_create(tag_rows)
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(created))


def _body(text):
    return [("paragraph", RichText(f"<p>{text}</p>"))]
