"""Text normalisation for search. Pure Python, no Django import."""

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'", "ʹ": "'"})
_SPACES = re.compile(r"\s+")


def search_key(*parts: str) -> str:
    """Case-folded, NFC-normalised, apostrophe-unified text; used on both the stored side and the query."""
    text = " ".join(p for p in parts if p)
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES).casefold()
    return _SPACES.sub(" ", text).strip()
