"""Write a Dataset back to the import format (a CSV folder): the exact inverse of loading it."""

from __future__ import annotations

import csv
from pathlib import Path

from graph.model import Dataset, cell
from loaders.validate import SCHEMA


def _rows(data: Dataset) -> dict[str, list[dict[str, object]]]:
    return {
        "sources": [dict(id=s.id, title=s.title, url=s.url, published=s.published, **dict(s.extra)) for s in data.sources],
        "chains": [dict(id=c.id, name=c.name, name_en=c.name_en, status=c.status, leaders=c.leaders, sources=c.sources,
                        **dict(c.extra)) for c in data.chains],
        "segments": [dict(id=s.id, chain=s.chain, name=s.name, name_en=s.name_en, stage=s.stage, sources=s.sources,
                          **dict(s.extra)) for s in data.segments],
        "segment_links": [{"from": l.source, "to": l.target, "sources": l.sources, **dict(l.extra)}
                          for l in data.segment_links],
        "parks": [dict(id=p.id, name=p.name, name_en=p.name_en, area_mu=p.area_mu, focus=p.focus, status=p.status,
                       sources=p.sources, **dict(p.extra)) for p in data.parks],
        "firms": [dict(id=f.id, name=f.name, name_en=f.name_en, local=f.local, park=f.parks, segments=f.segments,
                       tags=f.tags, evidence=f.evidence, sources=f.sources,
                       **({"presence": f.presence} if f.presence else {}), **dict(f.extra)) for f in data.firms],
        "firm_links": [dict(supplier=l.supplier, customer=l.customer, product=l.product, sources=l.sources,
                            **dict(l.extra)) for l in data.firm_links],
        "projects": [dict(id=p.id, name=p.name, chain=p.chains, segment=p.segment, park=p.park, firm=p.firm,
                          investment_yi=p.investment_yi, year=p.year, status=p.status, sources=p.sources,
                          **dict(p.extra)) for p in data.projects],
        "meta": [dict(key=k, value=v) for k, v in data.meta],
    }


def write_csv_folder(data: Dataset, folder: str | Path) -> Path:
    """Write ``data`` as ``<kind>.csv`` files (UTF-8, header row) into ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, rows in _rows(data).items():
        columns = list(SCHEMA[kind][0])
        for row in rows:
            columns.extend(k for k in row if k not in columns)
        with open(folder / f"{kind}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell(row.get(c)) for c in columns])
    return folder
