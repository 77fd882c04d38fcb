"""The content interchange format (JSON Lines): validators per record type, import and export.

The management commands `import_content` and `export_content` are thin wrappers around this package;
the format itself is described in docs/interchange.md.
"""
