"""Stems in matching-key space: Snowball for Russian and English, a light suffix stripper for Turkic languages."""

from functools import lru_cache

import Stemmer

from .normalize import script_of
from .transliteration import matching_key

TURKIC_LANGUAGES = frozenset({"kk", "ky", "uz", "tk"})
# Tajik is Persian, not Turkic: it gets the matching key without stemming.
UNSTEMMED_LANGUAGES = frozenset({"tg"})

# Snowball has no Kazakh, Kyrgyz, Uzbek or Turkmen stemmer and no maintained package covers all four in
# both scripts, so this is the one hand-written table: common inflectional endings (plural, case,
# third-person possessive, -lik/-dik derivation, verbal noun), spelled in matching-key space, where vowel
# harmony variants have already folded together (-лар/-лер/-лор → lar/ler/lor, -дық/-дік → dik, ...).
# Stripping a few suffixes is about as effective as lemmatising for Turkish IR (Can et al. 2008);
# the query side adds prefix matching over the vocabulary for what it misses.
TURKIC_SUFFIXES = tuple(
    sorted(
        {
            # plural
            *("lar", "ler", "lor", "dar", "der", "dor", "tar", "ter", "tor", "lari", "leri"),
            # genitive, accusative
            *("nin", "din", "tin", "nun", "dun", "tun", "ni", "di", "ti", "nu", "du", "tu"),
            # dative, locative, ablative, instrumental
            *("ga", "ge", "ka", "ke", "go", "ko", "na", "ne", "da", "de", "ta", "te", "do", "to", "nda", "nde"),
            *("dan", "den", "tan", "ten", "nan", "nen", "don", "ton", "non", "men", "ben", "pen", "menen"),
            # possessive (third person; first and second plural); -lik/-dik/-tik (-лық/-лік/-лык, Uzbek -lik)
            *("si", "su", "imiz", "iniz", "miz", "niz", "lik", "dik", "tik", "luk", "duk", "tuk"),
        },
        key=len,
        reverse=True,
    )
)
_SUFFIXES_BY_LENGTH = {
    length: frozenset(s for s in TURKIC_SUFFIXES if len(s) == length) for length in map(len, TURKIC_SUFFIXES)
}
_SUFFIX_LENGTHS = sorted(_SUFFIXES_BY_LENGTH, reverse=True)
# Single-vowel endings (possessive -ы/-і/-у, verbal noun -у/-уу) are stripped too, leaving three letters or more.
TURKIC_VOWEL_ENDINGS = ("i", "u")
MIN_TURKIC_STEM = 3
# Voicing assimilation: an ending's t-/k- form (-та, -тар, -ты, -тан, -тық, -қа, -ке) follows only a voiceless
# consonant, or б в г д, in Kazakh and Kyrgyz (Uzbek's -ka only k), so қарта (map) and парта (desk) keep their
# last syllable instead of becoming қар (snow) and пар (steam).
VOICELESS_ENDING_STARTS = ("t", "k")
ENDS_BEFORE_VOICELESS_ENDING = frozenset("kpstfhcbvgd")
# Possessive -сы/-сі/-су follows a vowel, and roots rarely end in ы/і/у: there the key's s is the root's own с or
# ш (жұмысы = жұмыс + ы, оқушы = оқу + шы) and only the final vowel goes.
VOWEL_ONLY_POSSESSIVES = ("si", "su")
FINAL_DEVOICING = {"b": "p", "g": "k"}
MAX_TURKIC_STRIPS = 3

MAX_WORD_CHARS = 40
MAX_TERM_CHARS = 64

_snowball = {"en": Stemmer.Stemmer("english"), "ru": Stemmer.Stemmer("russian")}


def strip_turkic_suffixes(key):
    """Remove up to three inflectional endings from a Turkic word's matching key, then devoice its last
    consonant: кітап/кітабы, тілек/тілегі, китеп/китеби meet (b → p, g → k, as the bare root is spelt)."""
    for _round in range(MAX_TURKIC_STRIPS):
        # The longest ending that may follow what it leaves: one set lookup per ending length, not one test per ending.
        for length in _SUFFIX_LENGTHS:
            suffix = key[-length:]
            if suffix in _SUFFIXES_BY_LENGTH[length] and _strippable(key[:-length], suffix):
                key = key[:-length]
                break
        else:
            if key.endswith(TURKIC_VOWEL_ENDINGS) and len(key) > MIN_TURKIC_STEM:
                key = key[:-1]
            else:
                break
    return key[:-1] + FINAL_DEVOICING[key[-1]] if key and key[-1] in FINAL_DEVOICING else key


def _strippable(stem, suffix):
    """Whether `suffix` can be an ending after `stem`: a stem of three letters or more, a t-/k- ending only where
    voicing assimilation would choose it, a possessive -сы only after a vowel other than ы/і/у."""
    if len(stem) < MIN_TURKIC_STEM:
        return False
    if suffix in VOWEL_ONLY_POSSESSIVES and stem.endswith(TURKIC_VOWEL_ENDINGS):
        return False
    return not suffix.startswith(VOICELESS_ENDING_STARTS) or stem[-1] in ENDS_BEFORE_VOICELESS_ENDING


@lru_cache(maxsize=262_144)
def stem(word, lang):
    """The index term of one normalised word written in a text of language `lang` (None: script default)."""
    return _stem(word[:MAX_WORD_CHARS], lang)[:MAX_TERM_CHARS]


def _stem(word, lang):
    script = script_of(word)
    if lang in TURKIC_LANGUAGES:
        return strip_turkic_suffixes(matching_key(word))
    if lang in UNSTEMMED_LANGUAGES or script is None:
        return matching_key(word)
    if script == "cyrillic":
        return matching_key(_snowball["ru"].stemWord(word.replace("ё", "е")))
    return matching_key(_snowball["en"].stemWord(word))


def candidate_stems(word):
    """Every term `word` could have been indexed under, whatever language its document is in."""
    script = script_of(word)
    stems = {stem(word, "kk"), matching_key(word)}
    if script == "cyrillic":
        stems.add(stem(word, "ru"))
    elif script == "latin":
        stems.add(stem(word, "en"))
    return stems
