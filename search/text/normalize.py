"""Unicode normalisation, case folding and tokenisation: the first step of every analysis."""

import re
import unicodedata

# Every way people type the Uzbek/Kazakh apostrophe (oʻ, gʻ, tutuq belgisi) becomes one ASCII apostrophe.
APOSTROPHES = "'ʻʼ’‘`´ʹ′ʾʿ＇"
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
# A word: letters/digits, possibly joined by apostrophes (o'zbek, ta'lim); hyphens and other punctuation split.
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def normalize(text):
    """NFKC, full case folding and one apostrophe; ё is kept here and folded by the matching key."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _CONTROL_RE.sub(" ", text).translate(_APOSTROPHE_TABLE).casefold()
    # Case folding turns İ into i + combining dot above; the dot carries no meaning for matching.
    return text.replace("i\u0307", "i")


def tokenize(text):
    """Normalised words of `text`, in order."""
    return _WORD_RE.findall(normalize(text))


def iter_word_spans(text):
    """(start, end, word) of each word in the original `text`, for highlighting; `word` is normalised."""
    normalised = unicodedata.normalize("NFC", text or "").translate(_APOSTROPHE_TABLE)
    # NFC keeps offsets aligned with the stored (NFC) text; the word itself gets the full normalisation.
    for match in _WORD_RE.finditer(normalised):
        yield match.start(), match.end(), normalize(match.group())


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
