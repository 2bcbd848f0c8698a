"""Figures behind the SYNTHETIC sample releases written by :mod:`offshoring.sample`.

Plausible invented series anchored on the conference figures (27 January 2026, Rabat):
148 500 jobs at end-2024, 130 000 at end-2022 (18 500 net creations in 2023-2024),
exports of 26.2 bn MAD in 2024 and 1 200 companies in 2024. Nothing here is official
except those anchors and the 2024 export split by segment seen in the press.

Amounts are integers in base units (jobs, companies, MAD). Weights are integers used
with a largest-remainder allocation so that every breakdown adds up exactly.
"""

from __future__ import annotations

YEARS = tuple(range(2015, 2025))
QUARTERLY_YEARS = (2023, 2024)
REGIONAL_YEARS = (2023, 2024)
MONTHLY_YEAR = 2024

NATIONAL_NAME_FR = "Maroc"

# National annual series, base units.
JOBS = dict(zip(YEARS, (96000, 102500, 108000, 114000, 120000,
                        118500, 124000, 130000, 139000, 148500), strict=True))
COMPANIES = dict(zip(YEARS, (800, 840, 880, 925, 970,
                             990, 1030, 1080, 1140, 1200), strict=True))
EXPORTS_MAD = dict(zip(YEARS, (14_000_000_000, 15_200_000_000, 16_500_000_000,
                               17_900_000_000, 19_600_000_000, 19_900_000_000,
                               21_800_000_000, 24_300_000_000, 26_170_000_000,
                               26_200_000_000), strict=True))

# Jobs by segment at year end (stock). 2022 is the unpublished opening stock of the
# quarterly file; each year adds up to JOBS[year]. CRM is the largest employer.
SEGMENT_JOBS = {
    2022: {"ITO": 30000, "CRM": 70000, "BPO": 17000, "KPO": 2000, "ESO": 11000},
    2023: {"ITO": 33000, "CRM": 73500, "BPO": 17800, "KPO": 2200, "ESO": 12500},
    2024: {"ITO": 36500, "CRM": 77000, "BPO": 18600, "KPO": 2400, "ESO": 14000},
}

# Export split by segment. 2024: the published split in million MAD (sums to 26 219,
# scaled to EXPORTS_MAD[2024]). 2023: an invented split of the same shape.
EXPORT_SEGMENT_WEIGHTS = {
    2023: {"ITO": 10400, "CRM": 9900, "BPO": 2520, "KPO": 50, "ESO": 3300},
    2024: {"ITO": 10578, "CRM": 9797, "BPO": 2334, "KPO": 48, "ESO": 3462},
}
# Exports are allocated in steps of 0.1 million MAD (one decimal in MDH).
EXPORT_STEP_MAD = 100_000

# How a year's change is spread over its quarters (Q1..Q4).
QUARTER_JOB_WEIGHTS = {2023: (20, 30, 20, 30), 2024: (20, 25, 25, 30)}
QUARTER_EXPORT_WEIGHTS = {2023: (24, 25, 25, 26), 2024: (25, 24, 27, 24)}
# Seasonality of monthly exports inside each quarter (January..December).
MONTH_EXPORT_WEIGHTS = (32, 33, 35, 33, 34, 33, 35, 34, 31, 34, 33, 32)

# Segment and region codes (those of seeds/segments.csv and seeds/regions.csv, the
# totals aside; a test checks they agree) in the order the files list them.
SEGMENTS = tuple(SEGMENT_JOBS[2024])

# Regional weights (per mille); every one of the 12 regions is listed.
REGION_JOB_WEIGHTS = {
    "MA-01": 75, "MA-02": 40, "MA-03": 80, "MA-04": 200, "MA-05": 4, "MA-06": 520,
    "MA-07": 45, "MA-08": 2, "MA-09": 30, "MA-10": 1, "MA-11": 2, "MA-12": 1,
}
REGION_COMPANY_WEIGHTS = {
    "MA-01": 70, "MA-02": 30, "MA-03": 70, "MA-04": 190, "MA-05": 3, "MA-06": 560,
    "MA-07": 45, "MA-08": 2, "MA-09": 25, "MA-10": 1, "MA-11": 2, "MA-12": 2,
}
REGIONS = tuple(REGION_JOB_WEIGHTS)

SOURCE = {"jobs": "MTNRA", "net_jobs": "MTNRA", "companies": "MTNRA", "exports_mad": "ODC"}

PUBLISHED_ON = {
    "annual": "2025-03-14",
    "quarterly": "2025-02-28",
    "regional": "2025-04-30",
    "monthly": "2025-02-14",
}
