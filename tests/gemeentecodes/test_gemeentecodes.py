"""The dated gemeentecode table: counts against CBS's published numbers, herindelingen with their
successors (one chain of two), the planned Hilversum-Wijdemeren herindeling, and the table's integrity."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from app.gemeentecodes import (
    COMPLETE_FROM,
    SOURCE_DATE,
    explain_invalid,
    is_known,
    is_valid,
    name,
    record,
    records,
    successor,
    valid_codes,
)
from app.gemeentecodes.table import RECORDS, parse

D = dt.date


# Numbers of gemeenten as CBS published them, and the two dates the service cares about now.
@pytest.mark.parametrize(
    ("on", "count"),
    [
        (D(2012, 12, 31), 415),
        (D(2013, 1, 1), 408),
        (D(2014, 1, 1), 403),
        (D(2015, 1, 1), 393),
        (D(2016, 1, 1), 390),
        (D(2017, 1, 1), 388),
        (D(2018, 1, 1), 380),
        (D(2019, 1, 1), 355),
        (D(2020, 1, 1), 355),
        (D(2021, 1, 1), 352),
        (D(2022, 1, 1), 345),
        (D(2022, 3, 24), 344),
        (D(2023, 1, 1), 342),
        (D(2026, 12, 31), 342),
        (D(2027, 1, 1), 341),
    ],
)
def test_count_of_valid_codes(on: dt.date, count: int) -> None:
    assert len(valid_codes(on)) == count


def test_only_wijdemeren_ends_on_2027_01_01() -> None:
    assert valid_codes(D(2026, 12, 31)) - valid_codes(D(2027, 1, 1)) == {"1696"}
    assert valid_codes(D(2027, 1, 1)) <= valid_codes(D(2026, 12, 31))


def test_wijdemeren_planned_into_hilversum() -> None:
    assert is_valid("1696", D(2026, 12, 31))
    assert name("1696", D(2026, 12, 31)) == "Wijdemeren"
    assert not is_valid("1696", D(2027, 1, 1))
    assert successor("1696", D(2026, 12, 31)) == "1696"
    assert successor("1696", D(2027, 1, 1)) == "0402"
    assert is_valid("0402", D(2027, 1, 1))
    last = records("1696")[-1]
    assert (last.end, last.successor, last.status) == (D(2027, 1, 1), "0402", "gepland")

    why = explain_invalid("1696", D(2027, 1, 1))
    assert why is not None
    assert (why.reason, why.ended_on, why.successor, why.planned) == (
        "beeindigd",
        D(2027, 1, 1),
        "0402",
        True,
    )
    assert "geplande herindeling" in why.message
    assert "0402 (Hilversum)" in why.message


def test_weesp_added_to_amsterdam_on_2022_03_24() -> None:
    assert is_valid("0457", D(2022, 3, 23))
    assert not is_valid("0457", D(2022, 3, 24))
    assert successor("0457", D(2022, 3, 23)) == "0457"
    assert successor("0457", D(2022, 3, 24)) == "0363"
    why = explain_invalid("0457", D(2024, 6, 1))
    assert why is not None
    assert why.message == (
        "gemeentecode 0457 (Weesp) is beëindigd per 2022-03-24; op 2024-06-01 geldt 0363 (Amsterdam)"
    )
    assert not why.planned


def test_voorne_aan_zee_not_valid_before_2023() -> None:
    for old in ("0501", "0530", "0614"):
        assert is_valid(old, D(2022, 12, 31))
        assert not is_valid(old, D(2023, 1, 1))
        assert successor(old, D(2023, 1, 1)) == "1992"
    why = explain_invalid("1992", D(2022, 12, 31))
    assert why is not None
    assert (why.reason, why.valid_from) == ("nog-niet-geldig", D(2023, 1, 1))
    assert why.message == "gemeentecode 1992 (Voorne aan Zee) is pas geldig vanaf 2023-01-01"


def test_detentie_begun_with_an_old_code_still_validates_at_its_begin_date() -> None:
    # A detentie begun in 2021 in Uden (0856) keeps a valid code at its begin date; today Maashorst.
    assert is_valid("0856", D(2021, 5, 1))
    assert not is_valid("0856", D(2022, 1, 1))
    assert successor("0856", D(2026, 1, 1)) == "1991"
    assert name(successor("0856", D(2026, 1, 1)) or "", D(2026, 1, 1)) == "Maashorst"


def test_chain_of_two_herindelingen_liesveld_molenwaard_molenlanden() -> None:
    assert is_valid("0694", D(2012, 12, 31))
    assert not is_valid("0694", D(2013, 1, 1))
    assert successor("0694", D(2013, 1, 1)) == "1927"  # Molenwaard
    assert is_valid("1927", D(2018, 12, 31))
    assert not is_valid("1927", D(2019, 1, 1))
    assert successor("0694", D(2018, 12, 31)) == "1927"
    assert successor("0694", D(2019, 1, 1)) == "1978"  # Molenlanden, through Molenwaard
    why = explain_invalid("0694", D(2020, 1, 1))
    assert why is not None
    assert why.ended_on == D(2013, 1, 1)
    assert why.successor == "1978"
    assert "op 2020-01-01 geldt 1978 (Molenlanden)" in why.message


def test_chain_through_a_new_code_for_a_new_name() -> None:
    # Ubbergen into Groesbeek (2015), Groesbeek renamed Berg en Dal with a new code (2016).
    assert successor("0282", D(2015, 6, 1)) == "0241"
    assert successor("0282", D(2016, 1, 1)) == "1945"
    assert name("1945", D(2016, 1, 1)) == "Berg en Dal"


def test_split_gemeente_has_no_single_successor() -> None:
    assert is_valid("0788", D(2020, 12, 31))
    assert successor("0788", D(2021, 1, 1)) is None
    why = explain_invalid("0788", D(2021, 1, 1))
    assert why is not None
    assert why.successor is None
    assert why.split_over == ("0757", "0824", "0855", "0865")
    assert why.message == (
        "gemeentecode 0788 (Haaren) is beëindigd per 2021-01-01; het gebied is verdeeld over "
        "0757 (Boxtel), 0824 (Oisterwijk), 0855 (Tilburg), 0865 (Vught)"
    )


@pytest.mark.parametrize("code", ["9999", "0000", "402", "abcd", ""])
def test_unknown_code(code: str) -> None:
    assert not is_known(code)
    assert not is_valid(code, D(2026, 1, 1))
    assert name(code, D(2026, 1, 1)) is None
    assert successor(code, D(2026, 1, 1)) is None
    assert record(code, D(2026, 1, 1)) is None
    why = explain_invalid(code, D(2026, 1, 1))
    assert why is not None
    assert (why.reason, why.message) == ("onbekend", f"onbekende gemeentecode {code}")


def test_valid_code_has_no_explanation() -> None:
    assert explain_invalid("0363", D(2026, 12, 31)) is None
    assert name("0518", D(2026, 12, 31)) == "'s-Gravenhage"


# Integrity of the table itself.


def test_codes_are_four_digits_and_names_non_empty() -> None:
    for r in RECORDS:
        assert len(r.code) == 4, r
        assert r.code.isdigit(), r
        assert r.name.strip() == r.name, r
        assert r.name, r


def test_no_two_records_of_one_code_overlap() -> None:
    for code in {r.code for r in RECORDS}:
        rs = records(code)
        for earlier, later in itertools.pairwise(rs):
            assert earlier.end is not None, code
            assert earlier.end <= later.begin, code


def test_every_successor_exists_and_is_valid_on_the_end_date_of_its_predecessor() -> None:
    for r in RECORDS:
        for next_code in ((r.successor,) if r.successor else ()) + r.split_over:
            assert r.end is not None, r
            assert is_valid(next_code, r.end), (r.code, next_code, r.end)
            assert next_code != r.code, r


def test_every_ended_code_is_accounted_for() -> None:
    # A herindeling hands the territory on: each ended record names a successor or the receiving codes.
    for r in RECORDS:
        if r.end is not None:
            assert r.successor or len(r.split_over) >= 2, r


def test_every_successor_chain_ends_in_a_valid_code() -> None:
    on = D(2027, 1, 1)
    for r in RECORDS:
        if r.successor is not None:
            found = successor(r.code, on)
            assert found is not None, r
            assert is_valid(found, on), r


def test_planned_herindelingen_lie_after_the_sources() -> None:
    planned = [r for r in RECORDS if r.status == "gepland"]
    assert [r.code for r in planned] == ["1696"]
    for r in planned:
        assert r.end is not None
        assert r.end > SOURCE_DATE


def test_complete_from_is_the_earliest_date_the_counts_are_checked_on() -> None:
    assert len(valid_codes(COMPLETE_FROM)) == 415
    assert all(r.end is None or r.end > COMPLETE_FROM for r in RECORDS)


def test_end_date_is_exclusive() -> None:
    r = records("1696")[-1]
    assert r.end is not None
    assert r.is_valid(r.end - dt.timedelta(days=1))
    assert not r.is_valid(r.end)
    assert r.is_valid(r.begin)
    assert not r.is_valid(r.begin - dt.timedelta(days=1))


# The parser refuses what it cannot read, naming the line.


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("123;Te kort;2000-01-01", "line 1: '123' is not a 4-digit gemeentecode"),
        ("# c\n0001;;2000-01-01", "line 2: empty gemeentenaam"),
        ("0001;Naam", "line 1: expected 3 to 7 fields"),
        ("0001;Naam;2000-13-01", "line 1: '2000-13-01' is not an ISO date"),
        ("0001;Naam;2000-01-01;2000-01-01;0002", "line 1: einddatum not after ingangsdatum"),
        ("0001;Naam;2000-01-01;;0002", "line 1: nieuwe_code or opgesplitst_over without einddatum"),
        ("0001;Naam;2000-01-01;2001-01-01;0002;0003+0004", "line 1: both nieuwe_code and opgesplitst_over"),
        ("0001;Naam;2000-01-01;2001-01-01;0002;;misschien", "line 1: unknown status 'misschien'"),
    ],
)
def test_parse_rejects_bad_lines(text: str, error: str) -> None:
    with pytest.raises(ValueError, match=error.replace("(", r"\(").replace("+", r"\+")):
        parse(text)


def test_parse_reads_optional_fields() -> None:
    (r,) = parse("\n# comment\n1696;Wijdemeren;2002-01-01;2027-01-01;0402;;gepland\n")
    assert (r.code, r.name, r.begin, r.end, r.successor, r.split_over, r.status) == (
        "1696",
        "Wijdemeren",
        D(2002, 1, 1),
        D(2027, 1, 1),
        "0402",
        (),
        "gepland",
    )
    (s,) = parse("0788;Haaren;1970-01-01;2021-01-01;;0757+0824")
    assert (s.successor, s.split_over, s.status) == (None, ("0757", "0824"), "vastgesteld")
