"""Tiny releases: a clean one built on real published figures, and one defect per rule."""

from __future__ import annotations

# 2024 exports by segment, bn MAD (Office des Changes and ministry): sum 26.219, total 26.22.
EXPORTS_2024_BN = {"ITO": "10,578", "CRM": "9,797", "ESO": "3,462", "BPO": "2,334",
                   "KPO": "0,048", "ALL": "26,22"}
# Jobs at end-2024 by region: invented split of the 148 500 national figure.
JOBS_2024_REGIONS = {"MA-01": 9000, "MA-02": 3000, "MA-03": 12000, "MA-04": 30000,
                     "MA-05": 500, "MA-06": 70000, "MA-07": 9000, "MA-08": 200,
                     "MA-09": 8000, "MA-10": 300, "MA-11": 4000, "MA-12": 2500}
# CRM exports by quarter, bn MAD: Q3 and Q4 published, Q1 and Q2 invented to add up.
CRM_QUARTERS_BN = {"2024-Q1": "2,35", "2024-Q2": "2,45", "2024-Q3": "2,814", "2024-Q4": "2,183"}


def clean_release() -> list[dict]:
    """A release that trips no rule."""
    rows = [
        {"indicator": "jobs", "period": "2023", "value": "130 000"},
        {"indicator": "jobs", "period": "2024", "value": "148 500"},
        {"indicator": "net_jobs", "period": "2024", "value": "18 500"},
        {"indicator": "jobs", "period": "T3 2024", "value": "145000"},
        {"indicator": "jobs", "period": "2024-Q4", "value": "148500"},
        {"indicator": "net_jobs", "period": "2024-Q4", "value": "3500"},
    ]
    rows += [{"indicator": "exports_mad", "period": "2024", "segment": seg, "value": v,
              "unit": "Mds DH", "source": "ODC"} for seg, v in EXPORTS_2024_BN.items()]
    rows += [{"indicator": "jobs", "period": "2024", "region": reg, "value": v}
             for reg, v in JOBS_2024_REGIONS.items()]
    rows += [{"indicator": "exports_mad", "period": p, "segment": "CRM", "value": v,
              "unit": "Mds DH", "source": "ODC"} for p, v in CRM_QUARTERS_BN.items()]
    return rows


def replace_value(rows: list[dict], match: dict, **changes) -> list[dict]:
    """A copy of rows where the (unique) row matching ``match`` gets ``changes``."""
    out, hits = [], 0
    for row in rows:
        full = {"segment": "ALL", "region": "MA", **row}
        if all(full.get(k) == v for k, v in match.items()):
            row = {**row, **changes}
            hits += 1
        out.append(row)
    assert hits == 1, f"{match} matched {hits} rows"
    return out
