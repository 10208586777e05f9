"""We test these aspects: Go ``text/tabwriter`` alignment as kubectl configures it.

Cases are those of Go's ``src/text/tabwriter/tabwriter_test.go`` (``tests`` table) that use no
flags and a non-tab pad character; the kubectl presets come from ``cli-runtime``'s
``printers/tabwriter.go`` (6/4/3) and ``kubectl/pkg/describe/describe.go`` ``tabbedString``
(0/8/2).
"""

from __future__ import annotations

import pytest

from jobsim.report.tabwriter import DESCRIBE, KUBECTL_GET, TabWriter, tabwrite

GO_CASES = [
    ("1a", 8, 1, ".", "", ""),
    ("2", 8, 1, ".", "\n\n\n", "\n\n\n"),
    ("3", 8, 1, ".", "a\nb\nc", "a\nb\nc"),
    ("4a", 8, 1, ".", "\t", ""),
    ("5", 8, 1, ".", "*\t*", "*.......*"),
    ("5b", 8, 1, ".", "*\t*\n", "*.......*\n"),
    ("5c", 8, 1, ".", "*\t*\t", "*.......*"),
    ("6", 8, 1, ".", "\t\n", "........\n"),
    ("7a", 8, 1, ".", "a) foo", "a) foo"),
    ("7b", 8, 1, " ", "b) foo\tbar", "b) foo  bar"),
    ("7c", 8, 1, ".", "c) foo\tbar\t", "c) foo..bar"),
    ("7d", 8, 1, ".", "d) foo\tbar\n", "d) foo..bar\n"),
    ("7e", 8, 1, ".", "e) foo\tbar\t\n", "e) foo..bar.....\n"),
    ("8", 8, 1, "*", "Hello, world!\n", "Hello, world!\n"),
    ("9a", 1, 0, ".", "1\t2\t3\t4\n11\t222\t3333\t44444\n", "1.2..3...4\n11222333344444\n"),
    ("10a", 5, 0, ".", "1\t2\t3\t4\n", "1....2....3....4\n"),
    ("10b", 5, 0, ".", "1\t2\t3\t4\t\n", "1....2....3....4....\n"),
    (
        "11",
        8,
        1,
        ".",
        "本\tb\tc\naa\t本本本\tcccc\tddddd\naaa\tbbbb\n",
        "本.......b.......c\naa......本本本.....cccc....ddddd\naaa.....bbbb\n",
    ),
    ("12b", 2, 0, " ", "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n", "a  b  c\naa bbbcccc\naaabbbb\n"),
    (
        "12c",
        8,
        1,
        "_",
        "a\tb\tc\naa\tbbb\tcccc\naaa\tbbbb\n",
        "a_______b_______c\naa______bbb_____cccc\naaa_____bbbb\n",
    ),
    (
        "13b",
        4,
        3,
        ".",
        "4444\t333\t22\t1\t333\n999999999\t22\n7\t22\n\t\t\t88888888\n\n"
        "666666\t666666\t666666\t4444\n1\t1\t999999999\t0000000000\n",
        "4444........333...22...1...333\n999999999...22\n7...........22\n"
        "....................88888888\n\n666666...666666...666666......4444\n"
        "1........1........999999999...0000000000\n",
    ),
    ("15a", 4, 0, ".", "a\t\tb", "a.......b"),
]


@pytest.mark.parametrize(
    ("minwidth", "padding", "padchar", "text", "want"),
    [case[1:] for case in GO_CASES],
    ids=[case[0] for case in GO_CASES],
)
def test_go_tabwriter_cases(
    minwidth: int, padding: int, padchar: str, text: str, want: str
) -> None:
    """Each case of Go's tabwriter test table aligns exactly as Go does."""
    assert tabwrite(text, TabWriter(minwidth, 0, padding, padchar)) == want


def test_kubectl_get_minwidth_and_padding() -> None:
    """kubectl tables pad columns by 3 and make them at least 6 wide (GetNewTabWriter)."""
    text = "NAME\tAGE\tX\na\t1s\tz"
    assert KUBECTL_GET.format(text) == "NAME   AGE   X\na      1s    z"


def test_describe_blocks_break_at_single_cell_lines() -> None:
    """A line without a tab ends a column block, so sections align separately (tabbedString)."""
    text = "Name:\tpi\nNamespace:\tdefault\nPod Template:\n  Labels:\tx=y\n"
    assert DESCRIBE.format(text) == (
        "Name:       pi\nNamespace:  default\nPod Template:\n  Labels:  x=y\n"
    )


def test_empty_last_cell_keeps_padding_of_previous_cell() -> None:
    """A row whose last cell is empty ends with the padding of the cell before it."""
    assert KUBECTL_GET.format("A\tB\nxx\t\n") == "A     B\nxx    \n"
