"""Imported text and HTML: sanitised, and stable through export and re-import."""

from hypothesis import given, settings
from hypothesis import strategies as st

from consortium_site.blocks import BodyStreamBlock
from consortium_site.interchange import richtext

FRAGMENTS = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<b>",
        "</b>",
        "<h2>",
        "</h2>",
        "<ul><li>",
        "</li></ul>",
        "<br>",
        "\n",
        "\n\n",
        "&amp;",
        "<",
        ">",
        '<a href="https://example.kz">',
        "</a>",
        "<script>x()</script>",
        '<p onclick="x()">',
        "Қазақ ",
        "Ўзбек ",
        "text ",
        " ",
    ]
)
BODIES = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=25).map("".join)


@settings(max_examples=300, deadline=None)
@given(BODIES)
def test_exported_text_imports_back_to_the_same_html(body):
    stored = richtext.to_html(body)
    exported = richtext.from_html(stored)

    assert richtext.to_html(exported) == stored


@settings(max_examples=300, deadline=None)
@given(BODIES)
def test_nothing_executable_survives_the_import(body):
    stored = richtext.to_html(body) + "".join(str(value) for _type, value in richtext.to_stream_blocks(body))

    assert "<script" not in stored
    assert "onclick" not in stored


def test_plain_text_paragraphs_and_line_breaks_survive_a_round_trip():
    text = "First line\nsecond line\n\nA & B < C"

    assert richtext.from_html(richtext.to_html(text)) == text


@settings(max_examples=300, deadline=None)
@given(BODIES)
def test_exported_body_imports_back_to_the_same_blocks(body):
    stream_block = BodyStreamBlock()
    stored = stream_block.normalize(richtext.to_stream_blocks(body))
    exported, skipped = richtext.from_stream(stored)

    again = stream_block.normalize(richtext.to_stream_blocks(exported))

    assert skipped == 0
    assert richtext.from_stream(again)[0] == exported
    assert [block.block_type for block in again] == [block.block_type for block in stored]


def test_windows_line_ends_and_control_characters_are_cleaned():
    assert richtext.to_html("one\r\ntwo\x07\r\n\r\nthree") == "<p>one<br/>two</p><p>three</p>"
