"""Writing interchange files and running the import/export commands as a user would."""

import io
import json

from django.core.management import CommandError, call_command


def record(record_id, record_type="article", locale="en", **fields):
    data = {
        "id": record_id,
        "type": record_type,
        "locale": locale,
        "title": f"Record {record_id}",
        "summary": "One sentence.",
        "body": "A paragraph.",
        "themes": ["cataloguing"],
        "country": "KZ",
        "published": "2024-03-01",
    }
    data.update(fields)
    return data


def write_lines(path, lines):
    """Each item is a dict (written as JSON) or a str (written as it is, for malformed lines)."""
    with open(path, "w", encoding="utf-8") as stream:
        for line in lines:
            stream.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n")
    return path


class CommandRun:
    def __init__(self, stdout, stderr, error):
        self.stdout, self.stderr, self.error = stdout, stderr, error

    @property
    def failed(self):
        return self.error is not None


def run_command(name, *args):
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(name, *map(str, args), stdout=stdout, stderr=stderr)
        error = None
    except CommandError as raised:
        error = raised
    return CommandRun(stdout.getvalue(), stderr.getvalue(), error)


def read_records(path):
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]
