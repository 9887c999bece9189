"""The intake on tiny landing folders, without Dagster: typing rules and quarantine of contract §1-§3."""

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from contract.tables import table
from intake.ingest import ingest_table

RECRUITERS = "recruiter_id,name,email,team\n"


def write(root: Path, folder: str, name: str, text: str | bytes) -> Path:
    path = root / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def con():
    connection = duckdb.connect()
    yield connection
    connection.close()


def staged(con, key: str) -> list[tuple]:
    return con.execute(
        f"select * exclude (_source_file, _drop_seq, _row_number, _landed_at) from intake.{key} order by 1"
    ).fetchall()


def reasons(con, key: str) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select reason from audit.quarantine where table_name = ? order by source_file, row_number", [key]
        ).fetchall()
    ]


def test_later_drop_and_later_row_win(tmp_path, con):
    write(tmp_path, "team/recruiters", "a.csv", RECRUITERS + "rec1,Old Name,,\nrec2,Bea,,\n")
    write(tmp_path, "team/recruiters", "b.csv", RECRUITERS + "rec1,Stale,,\nrec1,New Name,,\n")
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    assert staged(con, "team__recruiters") == [("rec1", "New Name", None, None), ("rec2", "Bea", None, None)]
    assert (report.rows_read, report.rows_staged, report.rows_quarantined, report.rows_superseded) == (4, 2, 0, 2)


def test_types_offsets_booleans_enums_and_empty_values(tmp_path, con):
    header = "personalized,status,channel,step,template_id,sequence_id,prospect_id,message_id,sent_at\n"
    write(
        tmp_path,
        "outreach/messages",
        "m.csv",
        "\ufeff"
        + header
        + "YES, Delivered ,InMail,1,t,s,P1,M1,2026-02-01T10:00:00+01:00\n"
        + "0,BOUNCED,email,2,t,s,P1,M2,2026-02-01T09:00:00\n"
        + "no,failed,sms,3,t,s,P1,M3,2026-02-01T04:00:00-05:00\n",
    )
    con.execute("create schema intake")
    con.execute("create table intake.sourcing__prospects as select 'P1' as prospect_id")
    ingest_table(con, table("outreach__messages"), tmp_path)
    got = con.execute(
        "select message_id, personalized, status, channel, step, sent_at::varchar "
        "from intake.outreach__messages order by 1"
    ).fetchall()
    assert got == [
        ("M1", True, "delivered", "inmail", 1, "2026-02-01 09:00:00"),
        ("M2", False, "bounced", "email", 2, "2026-02-01 09:00:00"),
        ("M3", False, "failed", "sms", 3, "2026-02-01 09:00:00"),
    ]


def test_bad_values_are_quarantined_with_readable_reasons(tmp_path, con):
    header = "role_id,title,department,location,seniority,recruiter_id,opened_at,closed_at,openings\n"
    write(
        tmp_path,
        "ats/roles",
        "r.csv",
        header
        + "R1,Eng,Eng,,senior,rec1,2026-01-01,,1\n"
        + "R2,Eng,Eng,,wizard,rec1,2026-01-01,,1\n"
        + "R3,,Eng,,senior,rec1,01/02/2026,,x\n"
        + "R4,Eng,Eng,,senior,rec9,2026-01-01,,1\n",
    )
    con.execute("create schema intake")
    con.execute("create table intake.team__recruiters as select 'rec1' as recruiter_id")
    report = ingest_table(con, table("ats__roles"), tmp_path)
    assert reasons(con, "ats__roles") == [
        "seniority: unknown value (expected one of junior, mid, senior, lead, executive)",
        "title: required value missing; opened_at: cannot be read as a YYYY-MM-DD date; "
        "openings: cannot be read as a whole number",
        "recruiter_id: not among the staged team/recruiters",
    ]
    assert report.rows_staged == 1 and report.balanced


def test_personal_data_is_withheld_from_reasons(tmp_path, con):
    write(
        tmp_path,
        "sourcing/candidates",
        "c.csv",
        "candidate_id,full_name,email,linkedin_url,current_title,current_company,location,profile_detail,created_at\n"
        "C1,,jane@mail.example,,,,,detailed,2026-01-01\n",
    )
    ingest_table(con, table("sourcing__candidates"), tmp_path)
    (reason,) = reasons(con, "sourcing__candidates")
    assert reason == "full_name: required value missing" and "jane" not in reason


def test_unreadable_and_incomplete_files_are_quarantined_and_the_rest_goes_on(tmp_path, con):
    write(tmp_path, "team/recruiters", "1_good.csv", RECRUITERS + "rec1,Ana,,\n")
    write(tmp_path, "team/recruiters", "2_junk.csv", b'recruiter_id,name\n"rec2,\x00\xff\xfe' + bytes(range(256)))
    write(tmp_path, "team/recruiters", "3_no_name.csv", "recruiter_id,team\nrec3,eng\n")
    write(tmp_path, "team/recruiters", "4_notes.txt", "not data")
    report = ingest_table(con, table("team__recruiters"), tmp_path)
    files = con.execute("select source_file, status from audit.intake_files order by 1").fetchall()
    assert files == [
        ("team/recruiters/1_good.csv", "loaded"),
        ("team/recruiters/2_junk.csv", "unreadable"),
        ("team/recruiters/3_no_name.csv", "missing_columns"),
        ("team/recruiters/4_notes.txt", "unreadable"),
    ]
    assert staged(con, "team__recruiters") == [("rec1", "Ana", None, None)]
    assert (report.rows_read, report.rows_staged, report.rows_quarantined, report.files_unreadable) == (2, 1, 1, 2)
    file_reasons = con.execute(
        "select reason from audit.quarantine where kind = 'file' order by source_file"
    ).fetchall()
    assert file_reasons[0][0].startswith("not UTF-8 text: invalid byte sequence")
    assert file_reasons[1][0] == "file lacks required column(s): name"
    assert file_reasons[2][0] == "not a CSV or Parquet file"


def test_parquet_drops_are_read_like_csv(tmp_path, con):
    (tmp_path / "team/recruiters").mkdir(parents=True)
    pd.DataFrame({"name": ["Ana"], "recruiter_id": ["rec1"]}).to_parquet(tmp_path / "team/recruiters/r.parquet")
    ingest_table(con, table("team__recruiters"), tmp_path)
    assert staged(con, "team__recruiters") == [("rec1", "Ana", None, None)]


def test_missing_optional_table_gives_empty_tables(tmp_path, con):
    report = ingest_table(con, table("privacy__erasure_requests"), tmp_path)
    assert report.rows_read == 0 and con.execute(
        "select count(*) from intake.privacy__erasure_requests"
    ).fetchone() == (0,)
