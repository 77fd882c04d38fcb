"""Unicode normalisation, case folding and tokenisation: the first step of every analysis."""

import re
import unicodedata

# Every way people type the Uzbek/Kazakh apostrophe (oʻ, gʻ, tutuq belgisi) becomes one ASCII apostrophe.
APOSTROPHES = "'ʻʼ’‘`´ʹ′ʾʿ＇"
# A regex, not str.translate: translate with a table is ~15 times slower on non-ASCII text.
_APOSTROPHE_RE = re.compile("[" + re.escape(APOSTROPHES.replace("'", "")) + "]")
# A word: letters/digits, possibly joined by apostrophes (o'zbek, ta'lim); hyphens and other punctuation split.
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalize(text):
    """NFKC, full case folding and one apostrophe; ё is kept here and folded by the matching key."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _APOSTROPHE_RE.sub("'", _CONTROL_RE.sub(" ", text)).casefold()
    # Case folding turns İ into i + combining dot above; the dot carries no meaning for matching.
    return text.replace("i\u0307", "i")


def tokenize(text):
    """Normalised words of `text`, in order."""
    return _WORD_RE.findall(normalize(text))


def words_of(text):
    """The words of an NFC `text` as they appear in it (apostrophes unified), in the order `word_matches` finds them."""
    return _WORD_RE.findall(_APOSTROPHE_RE.sub("'", text or ""))


def word_matches(text):
    """Regex matches of the words of an NFC `text`, for highlighting: their spans are offsets in `text` (the
    apostrophes are replaced one character for one); `normalize(match.group())` is the word as the pipeline reads it."""
    return _WORD_RE.finditer(_APOSTROPHE_RE.sub("'", text or ""))


def script_of(word):
    """'cyrillic', 'latin' or None (digits, other scripts) for one word."""
    for char in word:
        if char.isalpha():
            name = unicodedata.name(char, "")
            if name.startswith("CYRILLIC"):
                return "cyrillic"
            if name.startswith("LATIN"):
                return "latin"
            return None
    return None
