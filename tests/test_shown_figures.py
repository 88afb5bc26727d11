"""Shown figures are rounded half up, exactly, and a miss is never rounded onto its target
(issue 22, "Words a 通报 can carry"). Expected strings worked out by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from plan_check.numbers import completion, number, percent


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (Fraction(68, 106), "64.2%"),  # 64.150…%: half up, never cut to 64.1%
        (Fraction(7, 9), "77.8%"),  # 77.777…%
        (Fraction(2, 3), "66.7%"),  # a ranking share
        (Fraction(1, 1), "100.0%"),
        (Fraction(3215, 3000), "107.2%"),  # 107.166…%
        (Fraction(2999, 3000), "99.97%"),  # 99.966…% would read 100.0% with one decimal
        (Fraction(75999, 76000), "99.999%"),  # 99.99868…%
    ],
)
def test_completion_is_rounded_half_up_and_a_miss_never_reads_100(
    value: Fraction, shown: str
) -> None:
    assert completion(value) == shown


def test_halves_round_up_where_binary_floats_round_down() -> None:
    assert number(Fraction(1, 8)) == "0.13"  # float formatting gives 0.12
    assert number(Fraction(2005, 1000)) == "2.01"  # 2.005 is 2.00499… as a float
    assert percent(Fraction(6415, 10000), 1) == "64.2%"
    assert number(Fraction(-1, 8)) == "-0.13"  # a change keeps its sign and its half
