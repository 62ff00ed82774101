"""tilmach: names and terms about Uyghurs and Kazakhs in Kazakhstan and Xinjiang, in every script.

A glossary of names with their statuses, dates and sources, the transliteration schemes
between Uyghur, Kazakh and Russian scripts, and a lookup that finds an entry from any form, in
any script, even misspelt. Every rule lives in the Rust crate ``tilmach``; this package is its
binding.

>>> import tilmach
>>> glossary = tilmach.Glossary.embedded()
>>> hit = glossary.lookup("Kuldja")[0]
>>> hit.entry.id, hit.entry.best_form("kk").text
('ghulja', 'Құлжа')
>>> [h and h.entry.id for h in glossary.lookup_many(["Алма-Ата", "Ürümqi"])]
['almaty', 'urumqi']
"""

from ._tilmach import (
    CompiledError,
    Entry,
    Expansion,
    Finding,
    Form,
    Glossary,
    GlossaryError,
    Hit,
    Index,
    IndexFileError,
    InvalidValue,
    Mention,
    NameHit,
    NameTableError,
    TilmachError,
    TilmachIOError,
    TranslitError,
    Transliterator,
    UnknownEntry,
    UnknownScheme,
    __version__,
    key,
    latin_key,
    normalize,
    schemes,
    skeleton,
)

__all__ = [
    "CompiledError",
    "Entry",
    "Expansion",
    "Finding",
    "Form",
    "Glossary",
    "GlossaryError",
    "Hit",
    "Index",
    "IndexFileError",
    "InvalidValue",
    "Mention",
    "NameHit",
    "NameTableError",
    "TilmachError",
    "TilmachIOError",
    "TranslitError",
    "Transliterator",
    "UnknownEntry",
    "UnknownScheme",
    "__version__",
    "key",
    "latin_key",
    "normalize",
    "schemes",
    "skeleton",
]
