"""Which of the site's content languages a text is in, from its letters first and CLD2 second."""

import pycld2

from .normalize import normalize, script_of, tokenize
from .transliteration import matching_key

CONTENT_LANGUAGES = ("en", "ru", "kk", "uz", "ky", "tg", "tk")
# Letters only one or a few of our languages use; a text containing them is narrowed to those.
_CYRILLIC_MARKERS = {
    "ә": {"kk"},
    "ұ": {"kk"},
    "і": {"kk"},
    "һ": {"kk"},
    "ў": {"uz"},
    "ҳ": {"uz", "tg"},
    "ӣ": {"tg"},
    "ӯ": {"tg"},
    "ҷ": {"tg"},
    "ғ": {"kk", "uz", "tg"},
    "қ": {"kk", "uz", "tg"},
    "ң": {"kk", "ky"},
    "ө": {"kk", "ky"},
    "ү": {"kk", "ky"},
}
_LATIN_MARKERS = {
    "ň": {"tk"},
    "ž": {"tk"},
    "ý": {"tk"},
    "ū": {"kk"},
    "ñ": {"kk"},
    "ı": {"kk"},
    "ğ": {"kk"},
    "ä": {"kk", "tk"},
    "ö": {"kk", "tk"},
    "ü": {"kk", "tk"},
    "ş": {"kk", "tk"},
    "ç": {"tk"},
}
# Uzbek Latin's oʻ and gʻ (any apostrophe, after normalisation) are as telling as a letter.
_UZBEK_LATIN_MARKERS = ("o'", "g'")
_CLD2_CODES = {"kk": "kk", "ky": "ky", "uz": "uz", "ru": "ru", "en": "en", "tg": "tg", "tk": "tk"}


def _letter_candidates(text, script):
    markers = _CYRILLIC_MARKERS if script == "cyrillic" else _LATIN_MARKERS
    candidates = None
    for char, languages in markers.items():
        if char in text:
            candidates = set(languages) if candidates is None else (candidates & languages or candidates)
    if script == "latin" and any(marker in text for marker in _UZBEK_LATIN_MARKERS):
        candidates = {"uz"}
    return candidates


def _cld2_ranking(text):
    try:
        _reliable, _bytes, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:
        return []
    return [_CLD2_CODES[code] for _name, code, percent, _score in details if code in _CLD2_CODES and percent > 0]


def dominant_script(text):
    counts = {"cyrillic": 0, "latin": 0}
    for word in tokenize(text):
        script = script_of(word)
        if script:
            counts[script] += 1
    if not any(counts.values()):
        return None
    return max(counts, key=counts.get)


def _index_evidence(text, word_locales, allowed):
    """Languages ranked by how many of the text's words their indexed documents use (rarer words count more)."""
    scores = {}
    for word in tokenize(text):
        locales = set(word_locales(matching_key(word))) & allowed
        for locale in locales:
            scores[locale] = scores.get(locale, 0.0) + 1.0 / len(locales)
    if not scores:
        return []
    best = max(scores.values())
    return [locale for locale, score in scores.items() if score == best]


def detect_language(text, word_locales=None):
    """The content language of `text` (en, ru, kk, uz, ky, tg, tk), or None when it cannot tell.

    Script and language-specific letters decide first (ұ is Kazakh, ў is Uzbek, oʻ is Uzbek Latin); then
    the index, when `word_locales` is given (a matching key -> the languages of documents using the word):
    a query whose words only Kazakh documents use, in whatever script, is Kazakh; CLD2 breaks ties and
    decides alone without an index. A Cyrillic text with no clue defaults to Russian, a Latin one to
    English, only when nothing better is known.
    """
    text = normalize(text)
    script = dominant_script(text)
    if script is None:
        return None
    candidates = _letter_candidates(text, script)
    ranking = _cld2_ranking(text)
    if word_locales is not None:
        evidence = _index_evidence(text, word_locales, candidates or set(CONTENT_LANGUAGES))
        if len(evidence) == 1:
            return evidence[0]
        if evidence:
            ranking = [language for language in ranking if language in evidence] + sorted(evidence)
    if script == "cyrillic":
        allowed = candidates or {"ru", "kk", "ky", "uz", "tg"}
        default = "ru" if candidates is None else None
    else:
        allowed = candidates or {"en", "uz", "kk", "tk"}
        default = "en" if candidates is None else None
    for language in ranking:
        if language in allowed:
            return language
    if candidates and len(candidates) == 1:
        return next(iter(candidates))
    return default
