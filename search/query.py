"""What a visitor typed: cleaned, limited, and split into the words that carry meaning."""

import re
import unicodedata

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8

# Words that carry no meaning in a query such as "isotretinoin for eczema".
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "can",
        "does",
        "for",
        "how",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "the",
        "to",
        "what",
        "with",
    ]
)


def clean_query(raw):
    """Drop control and format characters (NUL bytes included) and collapse whitespace."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in raw or "")
    return " ".join(text.split())


def query_words(query):
    words = []
    for word in re.findall(r"\w+", query.lower()):
        if len(word) >= 2 and word not in STOP_WORDS and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def phrases(words, longest=3):
    """Every run of up to ``longest`` consecutive query words: "atopic", "atopic dermatitis", …"""
    return {" ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words) - n + 1)}
