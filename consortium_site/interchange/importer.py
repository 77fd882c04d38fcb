"""Import interchange records (JSON Lines) as pages, one transaction per line."""

import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from wagtail.models import Locale

from consortium_site.interchange.mapping import CODECS, TYPE_ORDER, References, find_page
from consortium_site.interchange.records import RecordError, parse_record
from consortium_site.site_tree import find_index_page

# Fields the tree owns; they are set when a new page is added under its index page.
TREE_FIELDS = ["slug", "path", "depth", "url_path"]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line number, message)
    warnings: list = field(default_factory=list)

    @property
    def failed(self):
        return len({line for line, _message in self.errors})

    def summary(self):
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.failed} failed, {len(self.warnings)} warning{'' if len(self.warnings) == 1 else 's'}"
        )


def _reject_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def decode_line(raw, line_number):
    """bytes of one line → the decoded JSON value; raises RecordError with the reason."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RecordError(f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    if line_number == 1:
        text = text.removeprefix("\ufeff")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as error:
        raise RecordError(f"invalid JSON: {error}") from None


class ContentImporter:
    """Creates or updates one page per record, keyed by the record's id.

    Every line runs in its own transaction: a bad line is reported and rolled back, the rest go in.
    With dry_run, the whole run happens inside a transaction that is rolled back at the end, so the
    validation is exactly the import's (references to records earlier in the file resolve too).
    """

    def __init__(self, *, dry_run=False, draft=False, progress=None):
        self.dry_run = dry_run
        self.draft = draft
        self.progress = progress or (lambda iterable, total: iterable)
        self.refs = References()

    def import_lines(self, lines):
        report = ImportReport()
        records = self._read(lines, report)
        if self.dry_run:
            with transaction.atomic():
                self._import_all(records, report)
                transaction.set_rollback(True)
        else:
            self._import_all(records, report)
        report.errors.sort()
        report.warnings.sort()
        return report

    def _read(self, lines, report):
        records, first_line = [], {}
        for line_number, raw in enumerate(lines, start=1):
            if not raw.strip():
                continue
            try:
                record = parse_record(decode_line(raw, line_number))
            except RecordError as error:
                report.errors.append((line_number, str(error)))
                continue
            for name in record.unknown_fields:
                report.warnings.append(
                    (line_number, f"unknown field {name!r} ignored (not part of a {record.type} record)")
                )
            if record.id in first_line:
                report.warnings.append(
                    (line_number, f"id {record.id!r} also on line {first_line[record.id]}; this line updates it")
                )
            first_line.setdefault(record.id, line_number)
            records.append((line_number, record))
        return self._in_dependency_order(records)

    @staticmethod
    def _in_dependency_order(records):
        """Member libraries before what refers to them; a translation after the record it translates."""
        by_id = {record.id: record for _line, record in records}

        def translation_depth(record):
            depth, seen = 0, {record.id}
            while record.translation_of in by_id and record.translation_of not in seen:
                record = by_id[record.translation_of]
                seen.add(record.id)
                depth += 1
            return depth

        return sorted(records, key=lambda item: (TYPE_ORDER.index(item[1].type), translation_depth(item[1]), item[0]))

    def _import_all(self, records, report):
        for line_number, record in self.progress(records, len(records)):

            def warn(message, line_number=line_number):
                report.warnings.append((line_number, message))

            try:
                with transaction.atomic():
                    outcome = self._import_record(record, warn)
            except RecordError as error:
                outcome = None
                report.errors.append((line_number, str(error)))
            except DatabaseError as error:
                outcome = None
                report.errors.append((line_number, f"the database refused the record: {error}".strip()))
            if outcome is None:
                self.refs.failed_ids.setdefault(record.id, line_number)
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)

    def _import_record(self, record, warn):
        codec = CODECS[record.type]
        locale, _created = Locale.objects.get_or_create(language_code=record.locale)
        existing = find_page(record.id)
        if existing is not None:
            if not isinstance(existing, codec.model):
                raise RecordError(f"id {record.id!r} is already used by a {existing.interchange_type} record")
            if existing.locale_id != locale.pk:
                raise RecordError(
                    f"id {record.id!r} is already used in locale {existing.locale.language_code!r}; "
                    "a record cannot change its locale"
                )
            page = existing.get_latest_revision_as_object()
            before, _skipped = codec.export(page)
        else:
            page = codec.model(locale=locale, live=not self.draft)
        codec.apply(page, record, self.refs, warn)
        self._link_translation(page, record, codec)
        if existing is not None:
            after, _skipped = codec.export(page)
            published = existing.live and not existing.has_unpublished_changes
            if before == after and (self.draft or published) and not self._translation_changed(existing, page):
                return "unchanged"
        self._validate(page, codec, new=existing is None)
        if existing is None:
            find_index_page(codec.index_model, locale).add_child(instance=page)
        revision = page.save_revision(log_action=True)
        if not self.draft:
            revision.publish(log_action=True)
        return "created" if existing is None else "updated"

    @staticmethod
    def _translation_changed(existing, page):
        return existing.translation_key != page.translation_key

    def _link_translation(self, page, record, codec):
        """Translations share Wagtail's translation_key; leaving translation_of out keeps an existing link."""
        if not record.translation_of:
            return
        if record.translation_of == record.id:
            raise RecordError("translation_of: a record cannot be a translation of itself")
        source = find_page(record.translation_of)
        if source is None:
            if record.translation_of in self.refs.failed_ids:
                line = self.refs.failed_ids[record.translation_of]
                raise RecordError(f"translation_of: {record.translation_of!r} failed to import (line {line})")
            raise RecordError(f"translation_of: unknown id {record.translation_of!r}")
        if not isinstance(source, codec.model):
            raise RecordError(
                f"translation_of: {record.translation_of!r} is a {source.interchange_type}, not a {record.type}"
            )
        clash = (
            codec.model.objects.filter(translation_key=source.translation_key, locale=page.locale)
            .exclude(pk=page.pk)
            .first()
        )
        if clash is not None:
            raise RecordError(
                f"translation_of: {record.translation_of!r} already has a {record.locale!r} translation "
                f"({clash.external_id!r})"
            )
        page.translation_key = source.translation_key

    @staticmethod
    def _validate(page, codec, new):
        try:
            page.full_clean(exclude=TREE_FIELDS if new else None)
        except ValidationError as error:
            problems = []
            for name, messages in error.message_dict.items():
                where = "" if name == "__all__" else f"{codec.record_field(name)}: "
                problems.extend(f"{where}{message}" for message in messages)
            raise RecordError("; ".join(problems)) from None
