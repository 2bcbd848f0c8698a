"""Canonical columns of a statistics release and the header spellings accepted for them."""

from __future__ import annotations

import re
import unicodedata

REQUIRED_COLUMNS = ("indicator", "period", "segment", "region", "value", "source", "published_on")
OPTIONAL_COLUMNS = ("unit", "status", "series_break", "note")
RELEASE_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

# Header spellings, compared after header_key(): accents and punctuation removed.
HEADER_ALIASES = {
    "indicator": ("indicator", "indicateur", "indicatorcode", "code_indicateur"),
    "period": ("period", "periode", "date_periode"),
    "segment": ("segment", "metier", "segment_code"),
    "region": ("region", "region_code", "code_region"),
    "value": ("value", "valeur", "montant", "effectif"),
    "unit": ("unit", "unite"),
    "source": ("source", "publisher", "editeur", "producteur"),
    "published_on": ("published_on", "date_publication", "publication_date", "publie_le",
                     "date_de_publication"),
    "status": ("status", "statut"),
    "series_break": ("series_break", "rupture", "rupture_de_serie", "break"),
    "note": ("note", "notes", "commentaire", "comment"),
}


def header_key(name: str) -> str:
    """'Période ' -> 'periode'; 'Date de publication' -> 'date_de_publication'."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "_", text.strip().lower())
    return text.strip("_")


_LOOKUP = {header_key(alias): canon for canon, aliases in HEADER_ALIASES.items()
           for alias in aliases}


def canonical_column(name: str) -> str | None:
    """The canonical column for a header, or None when the header is unknown."""
    return _LOOKUP.get(header_key(name))
