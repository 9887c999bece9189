"""Hostile and broken landing files, one test per rule of contract §3 "More precisely"."""

import os
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from contract.tables import table
from intake import reading
from intake.files import csv_header
from intake.ingest import ingest_table
from tests.intake.test_ingest import RECRUITERS, staged, write

ROLES = "role_id,title,department,location,seniority,recruiter_id,opened_at,closed_at,openings\n"
CANDIDATES = (
    "candidate_id,full_name,email,linkedin_url,current_title,current_company,location,profile_detail,created_at\n"
)
OUTSIDE = "reached through a symbolic link that leads outside the landing folder; not read"
MB = 1 << 20


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def files(con) -> list[tuple]:
    return con.execute("select source_file, status, rows_read, error from audit.intake_files order by 1").fetchall()


def quarantined(con, key: str) -> list[tuple]:
    return con.execute(
        "select row_number, reason from audit.quarantine where table_name = ? and kind = 'row' order by 1", [key]
    ).fetchall()


def at(path: Path, moment: str) -> Path:
    """Give a drop a landing (modification) time."""
    stamp = datetime.fromisoformat(moment).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def test_a_ragged_line_is_quarantined_by_itself_and_the_other_rows_keep_their_place(tmp_path, con):
    write(
        tmp_path,
        "team/recruiters",
        "r.csv",
        RECRUITERS + "rec1,Ana,,\nrec2,Bo\nrec3,Cy,,,extra\n" + '"rec4","Dee\nDee",,\nrec5,Eve,,\n',
    )
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    assert quarantined(con, "team__recruiters") == [
        (2, "row has fewer fields than the header"),
        (3, "row has more fields than the header"),
    ]
    numbered = con.execute("select recruiter_id, _row_number from raw.team__recruiters order by 2").fetchall()
    assert numbered == [("rec1", 1), (None, 2), (None, 3), ("rec4", 4), ("rec5", 5)]
    assert [r[0] for r in staged(con, "team__recruiters")] == ["rec1", "rec4", "rec5"]
    assert (report.rows_read, report.rows_staged, report.rows_quarantined, report.balanced) == (5, 3, 2, True)
    (raw,) = con.execute("select raw_values from audit.quarantine where row_number = 2").fetchone()
    assert raw == '{"_line":"rec2,Bo"}'


def test_a_value_longer_than_1_mb_quarantines_its_row_only(tmp_path, con):
    long, huge = "x" * (MB + 10), "y" * (10 * MB)
    text = RECRUITERS + f"rec1,Ana,,\nrec2,{long},,\nrec3,Cy,,{huge}\nrec4,Dee,,\n"
    write(tmp_path, "team/recruiters", "r.csv", text)
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    assert quarantined(con, "team__recruiters") == [(2, "name: value longer than 1 MB"), (3, "row longer than 2 MB")]
    assert [r[0] for r in staged(con, "team__recruiters")] == ["rec1", "rec4"]
    assert (report.rows_read, report.rows_quarantined, report.balanced) == (4, 2, True)
    (kept,) = con.execute("select length(raw_values) from audit.quarantine where row_number = 3").fetchone()
    assert kept < 20_000  # the reader keeps at most 10,000 characters of a rejected line


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ((RECRUITERS + "rec1,José,,\n").encode("latin-1"), "not UTF-8 text: invalid byte sequence at byte 37"),
        ((RECRUITERS + "rec1,José,,\n").encode("utf-16"), "not UTF-8 text: the file is UTF-16 (little-endian"),
        ((RECRUITERS + "rec1,Ana,,\n" * 80_000 + "rec2,Zoë,,\n").encode("cp1252"), "not UTF-8 text: invalid byte"),
    ],
    ids=["latin-1", "utf-16", "latin-1 after the first megabyte"],
)
def test_a_file_that_is_not_utf8_is_quarantined_whole_naming_the_encoding(tmp_path, con, text, reason):
    write(tmp_path, "team/recruiters", "r.csv", text)
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    ((_, status, rows, error),) = files(con)
    assert (status, rows) == ("unreadable", None) and error.startswith(reason), error
    assert (report.rows_read, report.files_unreadable, report.balanced) == (0, 1, True)


def test_a_utf8_bom_and_crlf_line_ends_are_accepted(tmp_path, con):
    write(tmp_path, "team/recruiters", "r.csv", ("\ufeff" + RECRUITERS + "rec1,Zoë,,\n").replace("\n", "\r\n"))
    ingest_table(con, table("team__recruiters"), tmp_path)
    assert staged(con, "team__recruiters") == [("rec1", "Zoë", None, None)]


def test_duplicate_column_names_quarantine_the_file(tmp_path, con):
    write(tmp_path, "team/recruiters", "a.csv", "recruiter_id,name,Name\nrec1,Ana,Bo\n")
    write(tmp_path, "team/recruiters", "b.csv", RECRUITERS + "rec2,Cy,,\n")
    ingest_table(con, table("team__recruiters"), tmp_path)
    duplicated = "duplicate column names (case-insensitive): 1 column(s) repeat a name"
    assert files(con)[0][1:] == ("unreadable", None, duplicated)
    assert staged(con, "team__recruiters") == [("rec2", "Cy", None, None)]


def test_integer_columns_take_integers_only(tmp_path, con):
    rows = [f"R{i},Eng,Eng,,senior,rec1,2026-01-01,,{v}" for i, v in enumerate(["73.5", "0x10", "1e3", " 7 ", "+2"])]
    write(tmp_path, "ats/roles", "r.csv", ROLES + "\n".join(rows) + "\n")
    con.execute("create schema intake")
    con.execute("create table intake.team__recruiters as select 'rec1' as recruiter_id")
    ingest_table(con, table("ats__roles"), tmp_path)
    assert quarantined(con, "ats__roles") == [(i, "openings: cannot be read as a whole number") for i in (1, 2, 3)]
    typed = con.execute("select role_id, openings from intake.ats__roles order by 1").fetchall()
    assert typed == [("R3", 7), ("R4", 2)]


def test_implausible_timestamps_and_dates_are_quarantined(tmp_path, con):
    stamps = ["1999-12-31T23:59:59Z", "2026-03-03T00:00:01Z", "infinity", "-infinity", "2026-03-01T20:00:00-05:00"]
    rows = [f"C{i},Ann,,,,,,,{s}" for i, s in enumerate(stamps)]
    at(write(tmp_path, "sourcing/candidates", "c.csv", CANDIDATES + "\n".join(rows) + "\n"), "2026-03-01T12:00:00")
    ingest_table(con, table("sourcing__candidates"), tmp_path)
    assert quarantined(con, "sourcing__candidates") == [
        (1, "created_at: implausible timestamp, before 2000-01-01"),
        (2, "created_at: implausible timestamp, later than its file's landing time plus one day"),
        (3, "created_at: not a finite timestamp"),
        (4, "created_at: not a finite timestamp"),
    ]
    assert [r[0] for r in staged(con, "sourcing__candidates")] == ["C4"]  # 2026-03-02 01:00 UTC: within a day
    dates = ["1999-01-01", "infinity", "2040-01-01", "2030-01-01"]
    roles = [f"R{i},Eng,Eng,,senior,rec1,2026-01-01,{d},1" for i, d in enumerate(dates)]
    at(write(tmp_path, "ats/roles", "r.csv", ROLES + "\n".join(roles) + "\n"), "2026-03-01T12:00:00")
    con.execute("create table intake.team__recruiters as select 'rec1' as recruiter_id")
    ingest_table(con, table("ats__roles"), tmp_path)
    assert quarantined(con, "ats__roles") == [
        (1, "closed_at: implausible date, before 2000-01-01"),
        (2, "closed_at: not a finite date"),
        (3, "closed_at: implausible date, more than 10 years after its file landed"),
    ]


def test_a_link_leading_outside_the_landing_folder_is_never_read(tmp_path, con):
    landing, outside = tmp_path / "landing", tmp_path / "outside"
    write(outside, "", "passwd.csv", RECRUITERS + "root,Outsider,,\n")
    write(landing, "team/recruiters", "1_real.csv", RECRUITERS + "rec1,Ana,,\n")
    write(landing, "archive", "kept.csv", RECRUITERS + "rec2,Bo,,\n")
    folder = landing / "team/recruiters"
    (folder / "2_outside.csv").symlink_to(outside / "passwd.csv")
    (folder / "3_inside.csv").symlink_to(landing / "archive/kept.csv")
    (folder / "4_dangling.csv").symlink_to(landing / "nowhere.csv")
    (folder / "5_folder").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "6_pipe.csv")  # reading it would wait forever
    report = ingest_table(con, table("team__recruiters"), landing)
    assert [(f[0].split("/")[-1], f[1], f[3]) for f in files(con)] == [
        ("1_real.csv", "loaded", None),
        ("2_outside.csv", "unreadable", OUTSIDE),
        ("3_inside.csv", "loaded", None),
        ("4_dangling.csv", "unreadable", "a symbolic link to nothing; not read"),
        ("5_folder", "unreadable", OUTSIDE),
        ("6_pipe.csv", "unreadable", "not a regular file; not read"),
    ]
    assert [r[0] for r in staged(con, "team__recruiters")] == ["rec1", "rec2"]
    assert (report.files_unreadable, report.balanced) == (4, True)


def test_reasons_and_errors_never_repeat_a_rows_values(tmp_path, con):
    secret = "jane.secret@mail.example"
    bad_rows = [
        f"C1,Jane,{secret},https://linkedin.com/in/{secret},x,y,z,wizard,{secret}",  # enum, timestamp
        f"C2,{secret}",  # ragged
        f'C3,"{secret},{secret}',  # a quote that never closes
    ]
    write(tmp_path, "sourcing/candidates", "a.csv", CANDIDATES + "\n".join(bad_rows) + "\n")
    write(tmp_path, "sourcing/candidates", "b.csv", f"{secret},{secret}\n{secret},{secret}\n")  # no header
    write(tmp_path, "sourcing/candidates", "c.csv", (CANDIDATES + f"C4,{secret}é,,,,,,,\n").encode("latin-1"))
    write(tmp_path, "sourcing/prospects", "p.csv", "prospect_id,candidate_id,role_id,sourced_at,sourced_by,"
          f"channel,title_match,match_score\nP1,{secret},R1,2026-01-01,{secret},{secret},exact,{secret}\n")  # fmt: skip
    report = ingest_table(con, table("sourcing__candidates"), tmp_path)
    con.execute("create table intake.ats__roles as select 'R1' as role_id")
    con.execute("create table intake.team__recruiters as select 'rec1' as recruiter_id")
    for connector_roles in ("greenhouse__job", "lever__posting"):  # a prospect's role may be one of theirs
        ingest_table(con, table(connector_roles), tmp_path)
    ingest_table(con, table("sourcing__prospects"), tmp_path)
    texts = con.execute(
        "select reason from audit.quarantine union all select error from audit.intake_files where error is not null"
    ).fetchall()
    assert len(texts) >= 6 and not [t for (t,) in texts if secret in t or "jane" in t.lower()]
    kept = con.execute("select string_agg(raw_values, ' ') from audit.quarantine").fetchone()[0]
    assert secret in kept  # the raw values stay, in their own column
    assert report.balanced


def test_a_file_name_that_looks_like_a_pattern_reads_only_that_file(tmp_path, con):
    for name, recruiter in (("x1.csv", "rec1"), ("x[1].csv", "rec2"), ("*.csv", "rec3"), ("x?.csv", "rec4")):
        write(tmp_path, "team/recruiters", name, RECRUITERS + f"{recruiter},{name},,\n")
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    assert sorted(staged(con, "team__recruiters")) == [
        ("rec1", "x1.csv", None, None),
        ("rec2", "x[1].csv", None, None),
        ("rec3", "*.csv", None, None),
        ("rec4", "x?.csv", None, None),
    ]
    assert (report.rows_read, report.balanced) == (4, True)


def test_a_file_that_cannot_be_opened_or_is_too_wide_is_quarantined_whole(tmp_path, con, monkeypatch):
    write(tmp_path, "team/recruiters", "1_wide.csv", RECRUITERS.strip() + "," + ",".join(f"c{i}" for i in range(2000)))
    write(tmp_path, "team/recruiters", "2_locked.csv", RECRUITERS + "rec1,Ana,,\n")
    write(tmp_path, "team/recruiters", "3_fine.csv", RECRUITERS + "rec2,Bo,,\n")

    def header(path):  # the tests run as root, for whom no permission is ever denied
        if path.name == "2_locked.csv":
            raise PermissionError(13, "Permission denied")
        return csv_header(path)

    monkeypatch.setattr(reading, "csv_header", header)
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    errors = [error for _, _, _, error in files(con)]
    assert errors == ["more than 1000 columns", "cannot be opened (Permission denied)", None]
    assert staged(con, "team__recruiters") == [("rec2", "Bo", None, None)] and report.balanced


def test_a_header_followed_by_a_run_of_nul_bytes_is_quarantined_whole_with_a_reason(tmp_path, con):
    """Defect 14 (issue 19): a valid header plus megabytes of NUL bytes was "loaded" (its NULs kept in the
    quarantine's raw values) instead of being refused as what it is: not text."""
    path = tmp_path / "team" / "recruiters" / "padded.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(RECRUITERS.encode() + b"rec1,Ana,,\n" + b"\0" * (3 * MB))
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    reason = "not CSV text: holds NUL bytes (the first at byte 40; a binary, padded or damaged file)"
    assert files(con) == [("team/recruiters/padded.csv", "unreadable", None, reason)]
    assert con.execute("select kind, reason from audit.quarantine").fetchall() == [("file", reason)]
    assert (report.rows_read, report.files_unreadable) == (0, 1)
