"""Figures behind the sample releases written by :mod:`offshoring.sample`.

PUBLISHED (press, Office des Changes with the ministry, conference of 27 January 2026):
jobs 148 500 at end-2024 and 130 000 at end-2022 (18 500 net creations in 2023-2024);
1 200 companies in 2024; exports under the old scope 7.54 bn MAD in 2015, about 10 bn in
2018 and about 18 bn in 2023; under the new scope (the 2023 change of definition, a
series break) 26.17 bn in 2023 and 26.22 bn in 2024 (preliminary); the 2024 split by
segment (ITO 10.578, CRM 9.797, ESO 3.462, BPO 2.334, KPO 0.048 bn, preliminary); CRM
exports of Q3 and Q4 2024 (2.814 and 2.183 bn).
SYNTHETIC (invented to fit them): every other year of jobs, net creations, companies and
old-scope exports; jobs by segment and region; the 2023 export split; the other
quarters, months and regions.

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
# Exports under the old scope (published by the Office des Changes before the 2023
# change of definition): 2015, 2018 and 2023 published (rounded), the others invented.
OLD_SCOPE_YEARS = tuple(range(2015, 2024))
EXPORTS_OLD_SCOPE_MAD = dict(zip(OLD_SCOPE_YEARS, (
    7_540_000_000, 8_200_000_000, 9_100_000_000, 10_000_000_000, 11_000_000_000,
    11_600_000_000, 13_200_000_000, 15_600_000_000, 18_000_000_000), strict=True))
# Exports under the new scope (the break release): 2023 and 2024, published.
EXPORTS_MAD = {2023: 26_170_000_000, 2024: 26_220_000_000}

# Jobs by segment at year end (stock). 2022 is the unpublished opening stock of the
# quarterly file; each year adds up to JOBS[year]. CRM is the largest employer.
SEGMENT_JOBS = {
    2022: {"ITO": 30000, "CRM": 70000, "BPO": 17000, "KPO": 2000, "ESO": 11000},
    2023: {"ITO": 33000, "CRM": 73500, "BPO": 17800, "KPO": 2200, "ESO": 12500},
    2024: {"ITO": 36500, "CRM": 77000, "BPO": 18600, "KPO": 2400, "ESO": 14000},
}

# Exports by segment, million MAD. 2024: the published split (sums to 26 219 against a
# published total of 26 220: rounding). 2023: an invented split of the new-scope total.
EXPORT_SEGMENTS_MILLION = {
    2023: {"ITO": 10400, "CRM": 9900, "BPO": 2520, "KPO": 50, "ESO": 3300},
    2024: {"ITO": 10578, "CRM": 9797, "BPO": 2334, "KPO": 48, "ESO": 3462},
}
# Published quarters (million MAD): CRM Q3 and Q4 2024; Q1 and Q2 invented to add up.
EXPORT_QUARTERS_MILLION = {(2024, "CRM"): (2350, 2450, 2814, 2183)}
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
    "old_scope": "2024-06-28",
    "new_scope": "2025-02-10",
    "quarterly": "2025-02-28",
    "regional": "2025-04-30",
    "monthly": "2025-02-14",
}
