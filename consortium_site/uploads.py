"""Upload checks for documents: the content must be what the extension claims.

Wagtail checks the extension (WAGTAILDOCS_EXTENSIONS) and the size; a web page or SVG renamed to
.pdf or .txt passes those checks, so the first bytes are inspected too (with `filetype`, the library
Wagtail itself uses for images).
"""

import re
from pathlib import PurePath

import filetype

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from wagtail.documents.forms import BaseDocumentForm

ZIPPED_OFFICE_FORMATS = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
PLAIN_TEXT_FORMATS = {"txt", "csv"}
MARKUP_START = re.compile(rb"^\s*<(?:!doctype|html|head|body|svg|\?xml|script|iframe)", re.IGNORECASE)
SNIFF_BYTES = 8192


def check_document_content(uploaded_file):
    """Raise ValidationError unless the file's first bytes match its extension."""
    extension = PurePath(uploaded_file.name).suffix.lower().lstrip(".")
    position = uploaded_file.tell()
    head = uploaded_file.read(SNIFF_BYTES)
    uploaded_file.seek(position)
    kind = filetype.guess(head)
    detected = kind.extension if kind else None
    if extension == "pdf":
        acceptable = detected == "pdf"
    elif extension in ZIPPED_OFFICE_FORMATS:
        # Office files are ZIP containers; some writers order their entries so filetype sees only "zip".
        acceptable = detected in ZIPPED_OFFICE_FORMATS | {"zip"}
    elif extension in PLAIN_TEXT_FORMATS:
        if MARKUP_START.match(head.lstrip(b"\xef\xbb\xbf")):
            raise ValidationError(
                _("This file is a web page or an SVG image; those cannot be uploaded as documents."),
                code="markup_document",
            )
        acceptable = detected is None
    else:
        acceptable = True  # WagtailDocumentField has already refused extensions outside WAGTAILDOCS_EXTENSIONS
    if not acceptable:
        raise ValidationError(
            _("The content of this file is not a .%(extension)s document. Save it again in that format and retry."),
            code="content_mismatch",
            params={"extension": extension},
        )


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        uploaded_file = self.cleaned_data.get("file")
        if isinstance(uploaded_file, UploadedFile):
            check_document_content(uploaded_file)
        return uploaded_file
