"""The text pipeline, per language and script: the same word in any spelling gives the same index terms."""

import threading

import pytest

from search.text import (
    Vocabulary,
    VocabularyWord,
    analyze,
    analyze_query,
    detect_language,
    did_you_mean,
    excerpt_of,
    excerpt_terms,
    expand_query,
    highlight,
    highlight_excerpt,
)
from search.text.stemming import stem
from search.text.vocabulary import INCREMENTAL_LIMIT


def same_terms(lang, *texts):
    analysed = [analyze(text, lang) for text in texts]
    return all(terms == analysed[0] for terms in analysed[1:])


class TestNormalisation:
    def test_case_and_unicode_forms_are_folded(self):
        assert analyze("КІТАПХАНА", "kk") == analyze("кітапхана", "kk")
        # "é" typed as e + combining accent and as one character.
        assert analyze("re\u0301sume\u0301", "en") == analyze("résumé", "en")

    @pytest.mark.parametrize("apostrophe", ["'", "ʻ", "ʼ", "’", "`", "‘"])
    def test_every_apostrophe_variant_is_the_same_uzbek_letter(self, apostrophe):
        assert analyze(f"o{apostrophe}qituvchilar g{apostrophe}oya", "uz") == analyze("o'qituvchilar g'oya", "uz")

    def test_russian_yo_is_e(self):
        assert same_terms("ru", "ещё учёт", "еще учет")

    def test_control_characters_split_words_and_vanish(self):
        assert analyze("каталог\x00\x1fкаталог", "ru") == analyze("каталог каталог", "ru")


class TestKazakh:
    def test_cyrillic_2021_latin_and_informal_latin_meet(self):
        assert same_terms(
            "kk",
            "Қарағанды университетінің кітапханасы",
            "Qarağandı universitetiniñ kitaphanası",
            "Karagandy universitetinin kitaphanasy",
        )

    def test_apostrophe_latin_spellings_meet_cyrillic(self):
        assert same_terms("kk", "Қазақстанның әлемі", "Qazaqstannyn' a'lemi")

    def test_informal_digraphs_meet_cyrillic_letters(self):
        assert same_terms("kk", "шығыс жүйесі", "shyghys zhuyesi")

    def test_inflected_forms_share_a_stem(self):
        assert stem("каталогтар", "kk") == stem("каталогты", "kk") == stem("каталог", "kk")
        assert stem("плагиатқа", "kk") == stem("плагиат", "kk")

    def test_voiced_consonant_before_an_ending_meets_the_bare_root(self):
        assert stem("кітабы", "kk") == stem("кітап", "kk")
        assert stem("тілегі", "kk") == stem("тілек", "kk")
        assert stem("китеби", "ky") == stem("китеп", "ky")

    def test_plural_and_case_endings_are_stripped_in_latin_too(self):
        assert stem("kitaptardy", "kk") == stem("кітаптарды", "kk")

    @pytest.mark.parametrize(
        "forms",
        [
            ("тіл", "тілдер", "тілде", "тілі"),
            ("кітап", "кітабы", "кітапта", "кітаптар"),
            ("мектеп", "мектепке", "мектептер"),
            ("жұмыс", "жұмыста", "жұмысы"),
            ("көз", "көзде", "көзі"),
            ("орта", "ортада", "ортасы"),
            ("сырт", "сырты"),
            ("университет", "университетінің", "университетке"),
        ],
    )
    def test_forms_of_one_word_conflate(self, forms):
        assert {stem(form, "kk") for form in forms} == {stem(forms[0], "kk")}

    @pytest.mark.parametrize(
        ("word", "other"),
        [
            ("қарта", "қар"),  # map, snow: -та never follows р (that would be қарда)
            ("карталар", "қар"),
            ("парта", "пар"),  # desk, steam
            ("балта", "бал"),  # axe, honey
            ("оқушы", "оқу"),  # pupil, reading: -шы is not the possessive -сы
        ],
    )
    def test_different_words_do_not_conflate(self, word, other):
        assert stem(word, "kk") != stem(other, "kk")


class TestUzbek:
    def test_latin_and_cyrillic_meet(self):
        assert same_terms("uz", "Ўқитувчилар кутубхонага", "O‘qituvchilar kutubxonaga")

    def test_uzbek_yo_and_ye_meet_across_scripts(self):
        assert same_terms("uz", "ёрдам ер қўлёзма", "yordam yer qo'lyozma")

    def test_hard_sign_and_tutuq_belgisi_meet(self):
        assert same_terms("uz", "таълим", "ta'lim", "taʼlim")

    def test_kh_spellings_meet(self):
        assert same_terms("uz", "ахборот", "axborot")


class TestKyrgyz:
    def test_inflected_forms_share_a_stem(self):
        assert stem("китепканалар", "ky") == stem("китепканасы", "ky") == stem("китепкана", "ky")
        assert stem("клубдары", "ky") == stem("клубу", "ky")

    def test_latin_spelling_meets_cyrillic(self):
        assert same_terms("ky", "Ош мамлекеттик университети", "Osh mamlekettik universiteti")


class TestRussianAndEnglish:
    @pytest.mark.parametrize("form", ["библиотеки", "библиотекой", "библиотеках", "библиотеку"])
    def test_russian_inflections_share_the_snowball_stem(self, form):
        assert stem(form, "ru") == stem("библиотека", "ru")

    @pytest.mark.parametrize(
        ("form", "base"), [("services", "service"), ("migrating", "migrate"), ("libraries", "library")]
    )
    def test_english_forms_share_the_snowball_stem(self, form, base):
        assert stem(form, "en") == stem(base, "en")

    def test_transliterated_name_meets_cyrillic(self):
        assert stem("Satbayev", "en") == stem("Сатбаев", "kk")


class TestLanguageDetection:
    @pytest.mark.parametrize(
        ("text", "language"),
        [
            ("open access repository", "en"),
            ("открытый доступ к научным статьям", "ru"),
            ("кітапхананың электрондық каталогы", "kk"),
            ("ахборот-ресурс марказидаги ўқув зали", "uz"),
            ("o'quv zali va kutubxona", "uz"),
            ("китепкананын окуу залы", "ky"),
            ("Qarağandı universitetiniñ kitaphanası", "kk"),
            ("Донишгоҳи миллии Тоҷикистон", "tg"),
        ],
    )
    def test_language_of_typical_queries(self, text, language):
        assert detect_language(text) == language

    def test_words_the_index_knows_tell_informal_latin_kazakh(self):
        indexed = {"elektrondik": {"kk"}, "katalog": {"kk", "ky", "ru", "uz"}, "elektron": {"uz", "ky"}}
        assert detect_language("elektrondyq katalog", word_locales=lambda key: indexed.get(key, set())) == "kk"

    def test_index_evidence_keeps_to_the_query_script(self):
        indexed = {"oku": {"kk", "ky"}, "zali": {"ru"}}
        assert detect_language("oqu zaly", word_locales=lambda key: indexed.get(key, set())) in {"kk", "ky"}

    def test_index_evidence_never_overrules_telling_letters(self):
        indexed = {"kitap": {"tk"}}
        assert detect_language("кітап", word_locales=lambda key: indexed.get(key, set())) == "kk"

    @pytest.mark.parametrize("text", ["", "   ", "12345", "***"])
    def test_no_language_without_words(self, text):
        assert detect_language(text) is None


class TestTypos:
    vocabulary = Vocabulary(
        [
            VocabularyWord("services", stem("services", "en"), "services", 3),
            VocabularyWord("remote", stem("remote", "en"), "remote", 2),
            VocabularyWord("katalog", stem("каталог", "kk"), "каталог", 5),
        ]
    )

    frequencies = {stem("services", "en"): 3, stem("remote", "en"): 2, stem("каталог", "kk"): 5}

    def suggestion(self, text):
        analysed = analyze_query(text, lang="en")
        expand_query(analysed, self.vocabulary)
        return analysed, did_you_mean(analysed, self.frequencies)

    def test_misspelt_word_is_corrected_from_the_vocabulary(self):
        analysed, suggestion = self.suggestion("remote servises")
        assert suggestion == "remote services"
        assert stem("services", "en") in analysed.words[1].terms

    def test_known_words_give_no_suggestion(self):
        assert self.suggestion("remote services")[1] is None

    def test_short_words_are_never_corrected(self):
        assert self.suggestion("cat")[1] is None

    def test_same_word_under_another_stem_is_matched_but_not_suggested(self):
        vocabulary = Vocabulary([VocabularyWord("zali", stem("залы", "ru"), "залы", 1)])
        analysed = analyze_query("oqu zaly", lang="kk")
        expand_query(analysed, vocabulary)
        assert stem("залы", "ru") in analysed.words[1].terms
        assert did_you_mean(analysed, {stem("залы", "ru"): 1}) is None

    def test_no_suggestion_of_a_word_no_longer_indexed(self):
        analysed = analyze_query("remote servises", lang="en")
        expand_query(analysed, self.vocabulary)
        assert did_you_mean(analysed, {stem("remote", "en"): 2}) is None

    def test_typo_inside_an_inflected_word_is_corrected_by_its_stem(self):
        vocabulary = Vocabulary(
            [VocabularyWord("isledovatelskimi", stem("исследовательскими", "ru"), "исследовательскими", 1)]
        )
        analysed = analyze_query("исследовательскх данных", lang="ru")
        expand_query(analysed, vocabulary)
        assert stem("исследовательских", "ru") in analysed.words[0].terms

    def test_inflected_word_matches_by_prefix(self):
        analysed = analyze_query("каталогтарымыздан", lang="kk")
        expand_query(analysed, self.vocabulary)
        assert stem("каталог", "kk") in analysed.words[0].terms


class TestHighlight:
    def test_marks_inflected_matches_and_escapes_html(self):
        snippet = highlight("<b>Библиотеки</b> и каталог", {stem("библиотека", "ru")}, "ru")
        assert snippet == "&lt;b&gt;<mark>Библиотеки</mark>&lt;/b&gt; и каталог"

    def test_marks_words_matched_across_scripts(self):
        snippet = highlight("Kutubxona katalogi", {stem("кутубхона", "uz")}, "uz")
        assert snippet == "<mark>Kutubxona</mark> katalogi"

    def test_stored_excerpt_terms_mark_the_same_words(self):
        excerpt = excerpt_of("Kutubxona katalogi, kutubxonalar tarmog'i")
        terms = excerpt_terms(excerpt, "uz")
        matched = {stem("кутубхона", "uz")}
        assert highlight_excerpt(excerpt, terms, matched, "uz") == highlight(excerpt, matched, "uz")
        assert highlight_excerpt(excerpt, terms, matched, "uz").count("<mark>") == 2

    def test_excerpt_indexed_without_terms_is_still_highlighted(self):
        snippet = highlight_excerpt("Библиотеки и каталог", "", {stem("библиотека", "ru")}, "ru")
        assert snippet == "<mark>Библиотеки</mark> и каталог"

    def test_long_text_is_cut_around_the_matches(self):
        text = "filler words " * 60 + "the Koha catalogue migration " + "more filler " * 60
        snippet = highlight(text, {stem("koha", "en")}, "en")
        assert "<mark>Koha</mark>" in snippet
        assert snippet.startswith("…")
        assert snippet.endswith("…")
        assert len(snippet) < 300


def test_vocabulary_answers_queries_from_many_threads_while_new_words_arrive():
    # A gunicorn worker's threads share one vocabulary; a publish adds words while others search with it.
    def words(batch):
        return [
            VocabularyWord(f"kutuphane{batch}x{n}", f"kutuphane{batch}x{n}", f"kutuphane{batch}x{n}", 1)
            for n in range(INCREMENTAL_LIMIT + 1)
        ]

    vocabulary = Vocabulary(words(0))
    failures = []
    stop = threading.Event()

    def search():
        while not stop.is_set():
            try:
                vocabulary.corrections("kutuphaneOx1", stems=["kutuphaneOx1"])
                vocabulary.completions("kutuphane0", 5)
                vocabulary.prefix_expansions("kutuphane0x")
            except Exception as error:  # any failure is the finding
                failures.append(repr(error))
                return

    searchers = [threading.Thread(target=search) for _ in range(4)]
    for thread in searchers:
        thread.start()
    try:
        for batch in range(1, 13):
            vocabulary.update(words(batch))
    finally:
        stop.set()
        for thread in searchers:
            thread.join()
    assert failures == []
    assert vocabulary.completions("kutuphane12x", 1)
