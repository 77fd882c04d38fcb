"""Export live pages as interchange records, in an order that imports cleanly into an empty site."""

import json
from dataclasses import dataclass

from consortium_site.interchange.mapping import CODECS, TYPE_ORDER


@dataclass
class ExportReport:
    records: int = 0
    skipped_blocks: int = 0  # images, videos, documents and tables the text format cannot carry


def translation_sources(codec):
    """translation_key → external id of the group's first-created live page (what translation_of points to)."""
    sources = {}
    for key, external_id in codec.model.objects.live().order_by("-pk").values_list("translation_key", "external_id"):
        sources[key] = external_id
    return sources


def pages_to_export(*, locales=None, types=None):
    """[(codec, page, translation_of)] for every live content page, sources before their translations."""
    selected = []
    for record_type in TYPE_ORDER:
        if types and record_type not in types:
            continue
        codec = CODECS[record_type]
        sources = translation_sources(codec)
        pages = codec.model.objects.live().select_related("locale").order_by("pk")
        if locales:
            pages = pages.filter(locale__language_code__in=locales)
        for page in pages:
            source = sources.get(page.translation_key)
            translation_of = source if source != page.external_id else None
            selected.append((codec, page, translation_of))
    selected.sort(
        key=lambda item: (TYPE_ORDER.index(item[0].model.interchange_type), item[2] is not None, item[1].external_id)
    )
    return selected


def write_jsonl(selected, stream, report=None):
    """Write one record per line; returns the ExportReport."""
    report = report or ExportReport()
    for codec, page, translation_of in selected:
        record, skipped = codec.export(page, translation_of)
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        report.records += 1
        report.skipped_blocks += skipped
    return report
