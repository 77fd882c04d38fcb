"""The Cyrillic↔Latin matching key: one spelling for Kazakh, Uzbek, Kyrgyz and Russian words in any script.

anyascii does the general Unicode → ASCII folding. What no transliteration library does is make the
*different* official and informal spellings of the same Turkic word meet, so the key then folds the
ASCII form further (documented in docs/search.md):

- digraphs and their one-letter equivalents meet: sh/ş/ш → s, ch/ç/ч → c, zh/ж/j → j, kh/x/х/ҳ/һ → h,
  gh/ğ/ғ/g' → g, ng/ñ/ң → n; q/қ → k; y/й/ы/ı/і → i; the front/back vowel pairs fold (ә/ä → a, ө/ö/ў → o,
  ү/ұ/ü/ū → u), as informal Latin spells them;
- apostrophes (oʻ, gʻ, ta'lim / таълим) and hard/soft signs vanish; doubled letters become one;
- iotated vowels meet: Cyrillic ё is yo, as Uzbek Latin writes it (қўлёзма = qo'lyozma; Russian ё = е is
  done before Russian stemming); a word-initial ye (Uzbek Latin yer = ер) and ye after a vowel
  (Satbayev = Сатбаев) lose their y.

The key is lossy on purpose: ranking still prefers exact stems, and the loss is the same at index and query time.
"""

import re
from functools import lru_cache

from anyascii import anyascii

# Letters where anyascii's choice would keep two spellings of one word apart.
_LETTER_OVERRIDES = str.maketrans({"ў": "o", "ž": "zh"})
_DIGRAPH_RE = re.compile(r"shch|sh|ch|zh|kh|gh|ng")
_DIGRAPHS = {"shch": "s", "sh": "s", "ch": "c", "zh": "j", "kh": "h", "gh": "g", "ng": "n"}
_LETTERS = str.maketrans({"x": "h", "q": "k", "y": "i"})
_NOT_ALNUM_RE = re.compile(r"[^a-z0-9]+")
_DOUBLED_RE = re.compile(r"(.)\1+")


@lru_cache(maxsize=262_144)
def matching_key(word):
    """The script-independent key of one normalised word (see module docstring)."""
    word = word.replace("ё", "yo")
    ascii_word = _NOT_ALNUM_RE.sub("", anyascii(word.translate(_LETTER_OVERRIDES)).lower())
    if ascii_word.startswith("ye"):
        ascii_word = ascii_word[1:]
    ascii_word = re.sub(r"(?<=[aeiou])ye", "e", ascii_word)
    ascii_word = _DIGRAPH_RE.sub(lambda match: _DIGRAPHS[match.group()], ascii_word)
    return _DOUBLED_RE.sub(r"\1", ascii_word.translate(_LETTERS))
