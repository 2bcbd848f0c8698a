"""Texts of the dashboard in English and French, and number formats."""

from __future__ import annotations

PAGES = {"en": "index.html", "fr": "index.fr.html"}

LABELS = {
    "en": {
        "title": "Offshoring Morocco: progress toward the 2030 objectives",
        "other_lang": "Version française",
        "generated": "Generated",
        "indicator.jobs": "Stable jobs",
        "indicator.exports_mad": "Service export revenue",
        "latest": "Latest",
        "target": "Target",
        "required_cagr": "Required growth per year",
        "observed_cagr": "Observed growth per year",
        "projected": "Projected at the observed rate",
        "to_add_next": "To add next year",
        "to_add_avg": "To add per year (average)",
        "cagr_status": "CAGR ratio",
        "projection_status": "Projection ratio",
        "projection_badge": "Projection status",
        "load": "load",
        "checked": "checked",
        "actual": "Actual",
        "required": "Required path",
        "trend_rate": "Observed rate",
        "trend_linear": "Linear trend",
        "segments": "By segment",
        "regions": "By region",
        "name": "Name",
        "value": "Value",
        "share": "Share",
        "growth": "Growth",
        "contribution": "Contribution to growth",
        "vintage": "Vintage",
        "quality": "Data quality (latest check of each release)",
        "file": "File",
        "rules_passed": "Rules passed",
        "rules_failed": "Rules failed",
        "no_quality": "No quality results yet.",
        "published": "published",
        "source": "source",
        "status.on_track": "on track",
        "status.acceleration_needed": "acceleration needed",
        "status.limited_progress": "limited progress",
        "status.deterioration": "deterioration",
        "status.stagnation_or_regression": "stagnation or regression",
        "status.target_achieved": "target achieved",
        "status.target_not_achieved": "target not achieved",
        "status.insufficient_data": "insufficient data",
        "status.none": "n/a",
        "observed": "Observed growth over {start}–{end}: {years} year(s), {basis}.",
        "basis.direct": "one definition",
        "basis.linked": "earlier years linked across a series break (ratio splicing)",
        "basis.since_break": "from the series break (no overlap to link the earlier years)",
        "linked": "Linked history",
        "method": ("CAGR ratio: observed / required growth (≥ 0.95 on track, 0.60–0.95 "
                   "acceleration needed; target achieved, target not achieved once the "
                   "target year is reached, insufficient data with fewer than the minimum "
                   "years observed). "
                   "Projection ratio (UN Statistics Division): "
                   "(projection − baseline) / (target − baseline), baseline = reference "
                   "year of the objectives (≥ 0.95 on track, 0.10–0.95 acceleration needed, "
                   "< 0.10 stagnation or regression)."),
        "synthetic": "Sample releases (files named sample_*) are synthetic.",
    },
    "fr": {
        "title": "Offshoring Maroc : progression vers les objectifs 2030",
        "other_lang": "English version",
        "generated": "Généré le",
        "indicator.jobs": "Emplois stables",
        "indicator.exports_mad": "Recettes d'exportation de services",
        "latest": "Dernière valeur",
        "target": "Objectif",
        "required_cagr": "Croissance annuelle requise",
        "observed_cagr": "Croissance annuelle observée",
        "projected": "Projection au rythme observé",
        "to_add_next": "À ajouter l'an prochain",
        "to_add_avg": "À ajouter par an (moyenne)",
        "cagr_status": "Ratio des TCAM",
        "projection_status": "Ratio de projection",
        "projection_badge": "Statut de projection",
        "load": "chargement",
        "checked": "contrôlé le",
        "actual": "Observé",
        "required": "Trajectoire requise",
        "trend_rate": "Rythme observé",
        "trend_linear": "Tendance linéaire",
        "segments": "Par segment",
        "regions": "Par région",
        "name": "Nom",
        "value": "Valeur",
        "share": "Part",
        "growth": "Croissance",
        "contribution": "Contribution à la croissance",
        "vintage": "Millésime",
        "quality": "Qualité des données (dernier contrôle de chaque publication)",
        "file": "Fichier",
        "rules_passed": "Règles respectées",
        "rules_failed": "Règles en échec",
        "no_quality": "Pas encore de résultats de qualité.",
        "published": "publié le",
        "source": "source",
        "status.on_track": "en bonne voie",
        "status.acceleration_needed": "accélération nécessaire",
        "status.limited_progress": "progrès limités",
        "status.deterioration": "détérioration",
        "status.stagnation_or_regression": "stagnation ou régression",
        "status.target_achieved": "objectif atteint",
        "status.target_not_achieved": "objectif non atteint",
        "status.insufficient_data": "données insuffisantes",
        "status.none": "n.d.",
        "observed": "Croissance observée sur {start}–{end} : {years} an(s), {basis}.",
        "basis.direct": "une seule définition",
        "basis.linked": ("années antérieures raccordées à travers une rupture de série "
                         "(rétropolation)"),
        "basis.since_break": ("depuis la rupture de série (pas de chevauchement pour "
                              "raccorder les années antérieures)"),
        "linked": "Historique raccordé",
        "method": ("Ratio des TCAM : croissance observée / requise (≥ 0,95 en bonne voie, "
                   "0,60–0,95 accélération nécessaire ; objectif atteint, objectif non atteint une "
                   "fois l'année cible atteinte, données insuffisantes sous le minimum "
                   "d'années observées). Ratio de projection (Division de "
                   "statistique de l'ONU) : (projection − référence) / (objectif − "
                   "référence), référence = année de référence des objectifs (≥ 0,95 en "
                   "bonne voie, 0,10–0,95 accélération nécessaire, < 0,10 stagnation ou "
                   "régression)."),
        "synthetic": "Les publications d'exemple (fichiers sample_*) sont synthétiques.",
    },
}

UNIT_SCALE = {"MAD": (1e9, {"en": "bn MAD", "fr": "Mds MAD"}),
              "jobs": (1, {"en": "jobs", "fr": "emplois"}),
              "companies": (1, {"en": "companies", "fr": "entreprises"})}


def number(value: float | None, digits: int = 0, lang: str = "en") -> str:
    """148500 -> '148 500' (space thousands); decimal point in English, comma in French."""
    if value is None:
        return "–"
    text = f"{value:,.{digits}f}".replace(",", " ")
    return text.replace(".", ",") if lang == "fr" else text


def percent(value: float | None, digits: int = 2, lang: str = "en") -> str:
    """0.10477 -> '10.48 %' ('10,48 %' in French)."""
    return "–" if value is None else number(100 * value, digits, lang) + " %"


def amount(value: float | None, unit: str, lang: str) -> str:
    """A value in its display unit: jobs as counts, MAD in billions."""
    scale, names = UNIT_SCALE.get(unit, (1, {"en": unit, "fr": unit}))
    digits = 2 if scale > 1 else 0
    return f"{number(None if value is None else value / scale, digits, lang)} {names[lang]}"
