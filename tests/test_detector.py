"""The sensitive-data detector: positives and hard negatives per category, masking,
describe() wording, options, the recogniser list and the check-digit algorithms.

Backtracking and adversarial inputs: test_detector_backtracking.py; precision and recall on
the labelled corpus: test_detector_metrics.py."""

from __future__ import annotations

import dataclasses
import itertools

import pytest

from agentic_desk.core.privacy import checksums
from agentic_desk.core.privacy.detector import (
    CATEGORIES,
    CATEGORY_LABELS,
    DetectorOptions,
    Finding,
    describe,
    detect,
)
from agentic_desk.core.privacy.recognisers import RECOGNISERS


def found(text: str) -> list[tuple[str, str]]:
    return [(f.category, f.text) for f in detect(text)]


def kinds(text: str) -> set[str]:
    return {f.category for f in detect(text)}


def assert_only(text: str, category: str, value: str) -> None:
    assert found(text) == [(category, value)], text


def assert_nothing(text: str) -> None:
    assert found(text) == [], text


# ------------------------------------------------------------------------------- API


def test_categories_and_labels() -> None:
    assert CATEGORIES == (
        "email",
        "phone",
        "national_id",
        "payment_card",
        "iban",
        "ip_address",
        "date_of_birth",
        "medical_record",
        "icd_code",
        "secret",
        "person",
        "address",
        "organisation",
        "custom_term",
    )
    assert set(CATEGORY_LABELS) == set(CATEGORIES)
    assert CATEGORY_LABELS["national_id"] == "national ID number (e.g. US SSN)"
    assert CATEGORY_LABELS["icd_code"] == "diagnosis code (ICD)"
    assert CATEGORY_LABELS["secret"] == "API key or secret"


def test_finding_is_frozen_and_spans_the_value() -> None:
    text = "Mail me at jane.doe@example.com today."
    (f,) = detect(text)
    assert f == Finding("email", 11, 31, "jane.doe@example.com")
    assert text[f.start : f.end] == f.text
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.start = 0  # type: ignore[misc]


def test_empty_and_clean_text() -> None:
    assert detect("") == []
    assert detect("Hello, how are you today? Let's meet at noon.") == []


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = (
        "IBAN DE89 3704 0044 0532 0130 00, card 4111 1111 1111 1111,\n"
        "mail a@example.org, phone +44 20 7946 0958, SSN 123-45-6789"
    )
    findings = detect(text)
    assert [f.category for f in findings] == [
        "iban",
        "payment_card",
        "email",
        "phone",
        "national_id",
    ]
    for a, b in itertools.pairwise(findings):
        assert a.end <= b.start


# ----------------------------------------------------------------------------- email


@pytest.mark.parametrize(
    "address",
    [
        "john.smith@example.com",
        "maria_garcia99@mail.co.uk",
        "first.last+tag@sub.uni-bonn.de",
        "x@example.io",
        "o'brien@example.ie".replace("'", ""),
    ],
)
def test_email_positive(address: str) -> None:
    assert_only(f"Please write to {address}.", "email", address)


@pytest.mark.parametrize(
    "text",
    [
        "pip install pkg@1.2.3 and npm i react@18.2.0",
        "ssh into user@host then run make",
        "use the icon@2x.png asset",
        "git clone git@github.com:org/repo.git",
        "an @mention and foo@ alone",
    ],
)
def test_email_negative(text: str) -> None:
    assert "email" not in kinds(text)


# ----------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    "number",
    [
        "(555) 123-4567",
        "555-123-4567",
        "555.123.4567",
        "1-800-555-0199",
        "+1 (555) 123-4567",
        "+1-555-123-4567",
        "020 7946 0958",
        "+44 20 7946 0958",
        "+44 (0)20 7946 0958",
        "07700 900123",
        "0161 496 0000",
        "+49 30 1234567",
        "030 1234567",
        "01 23 45 67 89",
        "+33 1 23 45 67 89",
        "+31 6 12345678",
        "+61 2 9876 5432",
        "(02) 9876 5432",
        "0049 30 1234567",
        "+14155552671",
    ],
)
def test_phone_positive_without_a_cue(number: str) -> None:
    assert_only(f"We spoke yesterday; {number} is the one.", "phone", number)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Tel: 5551234567", "5551234567"),
        ("call me on 612 345 678", "612 345 678"),
        ("mobile 98765 43210", "98765 43210"),
        ("Fax 555-0123", "555-0123"),
    ],
)
def test_phone_positive_with_a_cue(text: str, number: str) -> None:
    assert_only(text, "phone", number)


@pytest.mark.parametrize(
    "text",
    [
        "Order #2024-000123 has shipped.",
        "Order 2024-000123 has shipped.",
        "Invoice no. 0100 2345 678 is overdue; invoice INV-2024-00123 too.",
        "We moved from v2.14.3 to version 1.2.3.4 and build 2024.03.01.1234.",
        "The job ran at 2024-03-01 10:22:33 and again at 2024-03-02 08:00:00.",
        "ISBN 978-3-16-148410-0 and ISBN 0-306-40615-2",
        "buf = array[12345678]; mask = 0x12345678; n = 1234567890",
        "It cost $1,234.56, or EUR 1 234 567 in total, 1.234.567,00 EUR with VAT.",
        "sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "commit 3f2a9c1d4e5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f",
        "request 123e4567-e89b-12d3-a456-426614174000",
        "The server 192.168.100.200 answered.",
        "BP 120/80, HR 72, weight 72.5 kg, glucose 5.6 mmol/L, dose 0.125 mg",
        "NDC 0002-3227-30 and lot 0045-123456",
        "ZIP 02134-1234, Boston MA",
        "Case No. 2:24-cv-01234 filed under 15 U.S.C. 78j(b).",
        "Between 14.03.2024 and 01 02 2024.",
        "Scores 0.123 0.456 0.789 and 12 345 678 units",
    ],
)
def test_phone_negative(text: str) -> None:
    assert "phone" not in kinds(text), found(text)


def test_phone_does_not_take_a_card_number() -> None:
    assert kinds("call 4111 1111 1111 1111") == {"payment_card"}


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("TWILIO_FROM_NUMBER=+447981355270", "+447981355270"),
        ("ONCALL_PHONE=+33 6 12 34 56 78", "+33 6 12 34 56 78"),
        ("INFO sms sent to=(972) 929-6721 status=delivered", "(972) 929-6721"),
        ("INFO sms sent to=07.48.08.39.96 status=delivered", "07.48.08.39.96"),
        ("Call (+44) 20 7946 0958 today", "(+44) 20 7946 0958"),
        ("+1 555 123 4567 ext. 12", "+1 555 123 4567 ext. 12"),
    ],
)
def test_phone_in_configs_logs_and_variants(text: str, number: str) -> None:
    assert_only(text, "phone", number)


@pytest.mark.parametrize(
    "text",
    [
        "Tel: 0176 3608536. Ship to Beverly Hills, CA 90210-2293.",  # ZIP+4 after a state
        "shipped via UPS 1Z 999 AA1 01 2345 6784 yesterday",  # the tail of a tracking code
        "Tel: 0176 6222443. Fixed in Chrome 115.0.5042.71, meet at -0.6663, 121.8591.",
        "Batch reference CH90 0023 0088 8961 2292 1 (internal only).",  # a broken IBAN
        "Customer no. 948039208 renewed; PO number 4500036544 approved.",
        "+44 123",  # too short for its country
    ],
)
def test_phone_negative_in_context(text: str) -> None:
    phones = [f.text for f in detect(text) if f.category == "phone"]
    assert phones in ([], ["0176 3608536"], ["0176 6222443"]), phones


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Card: 4111 1111 1111 1111 0160 3117010 is my number",
            [("payment_card", "4111 1111 1111 1111"), ("phone", "0160 3117010")],
        ),
        (
            "DOB: 1978-06-09 480-477-1346 is my number",
            [("date_of_birth", "1978-06-09"), ("phone", "480-477-1346")],
        ),
        (
            "Leave a voicemail at +44 7890 334738 030 51768086 please",
            [("phone", "+44 7890 334738"), ("phone", "030 51768086")],
        ),
        (
            "Card on file: 3408 146470 47029 01 39 26 35 49 is the number",
            [("payment_card", "3408 146470 47029"), ("phone", "01 39 26 35 49")],
        ),
        (
            "IP is 181.96.57.2 07460 833738 is my number",
            [("ip_address", "181.96.57.2"), ("phone", "07460 833738")],
        ),
    ],
)
def test_values_written_next_to_each_other(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


# ----------------------------------------------------------------------- national ID


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("SSN 123-45-6789 on file", "123-45-6789"),
        ("her number is 078 05 1120 apparently", "078 05 1120"),
        ("SSN: 123456789", "123456789"),
        ("social security number is 219099999", "219099999"),
        ("NI number AB123456C", "AB123456C"),
        ("payslip shows JG 10 37 52 A", "JG 10 37 52 A"),
        ("national insurance number JG103752", "JG103752"),
        ("DNI 12345678Z", "12345678Z"),
        ("NIE X1234567L", "X1234567L"),
        ("codice fiscale RSSMRA85T10A562S", "RSSMRA85T10A562S"),
        ("BSN 111222333", "111222333"),
        ("SIN 046 454 286", "046 454 286"),
        ("passport number: 123456789", "123456789"),
        ('passport_number: "X1234567"', "X1234567"),
        ("ssn_number: 123456789", "123456789"),
        ("NIR 1 84 12 76 451 089 46", "1 84 12 76 451 089 46"),
        ("NIR 1 85 05 2A 001 234 35", "1 85 05 2A 001 234 35"),  # Corsica: 2A reads as 19
        ("NIR 2 85 05 2B 001 234 12", "2 85 05 2B 001 234 12"),  # and 2B as 18
        ("Aadhaar: 8128 0619 2057", "8128 0619 2057"),
    ],
)
def test_national_id_positive(text: str, value: str) -> None:
    assert_only(text, "national_id", value)


@pytest.mark.parametrize(
    "text",
    [
        "000-12-3456 and 666-12-3456 and 900-12-3456",  # invalid areas
        "123-00-4567 and 123-45-0000",  # group 00, serial 0000
        "ticket 123456789 was closed",  # bare 9 digits, no cue
        "BSN 111222334",  # fails the 11-check
        "DNI 12345678A",  # wrong letter
        "GB123456A and QQ123456C",  # invalid NINO prefixes
        "AB123456",  # no suffix, no cue
        "NIR 1 84 12 76 451 089 47",  # wrong key
        "NIR 1 85 05 2A 001 234 62",  # the key of 2A read as 18 (a bug once)
        "Aadhaar: 8128 0619 2058",  # fails the Verhoeff check
        "order 8128 0619 2057",  # Aadhaar-shaped, no cue
    ],
)
def test_national_id_negative(text: str) -> None:
    assert "national_id" not in kinds(text), found(text)


# ---------------------------------------------------------------------- payment card


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5555 5555 5555 4444",
        "2223 0031 2200 3222",
        "3782 822463 10005",
        "371449635398431",
        "6011 1111 1111 1117",
        "3530 1113 3330 0000",
        "3056 9309 0259 04",
        "4222222222222",
    ],
)
def test_card_positive(card: str) -> None:
    assert_only(f"Charge it to {card}, thanks.", "payment_card", card)


@pytest.mark.parametrize(
    "text",
    [
        "4111 1111 1111 1112",  # bad Luhn
        "1234 5678 9012 3452",  # Luhn ok, no issuer starts with 1
        "order 7992 7398 713",  # Luhn ok, unknown prefix
        "41 11 11 11 11 11 11 11",  # not a card grouping
    ],
)
def test_card_negative(text: str) -> None:
    assert "payment_card" not in kinds(text)


# ------------------------------------------------------------------------------ IBAN


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "BE68 5390 0754 7034",
        "CH93 0076 2011 6238 5295 7",
    ],
)
def test_iban_positive(iban: str) -> None:
    assert_only(f"Please pay into {iban} by Friday.", "iban", iban)


@pytest.mark.parametrize(
    "text",
    [
        "DE88 3704 0044 0532 0130 00",  # bad checksum
        "DE89 3704 0044 0532 0130",  # too short for Germany
        "XX89 3704 0044 0532 0130 00",  # not a country
    ],
)
def test_iban_negative(text: str) -> None:
    assert "iban" not in kinds(text)


# ------------------------------------------------------------------------ IP address


@pytest.mark.parametrize(
    ("text", "ip"),
    [
        ("The server at 192.168.1.10 is down.", "192.168.1.10"),
        ("connect to 10.0.3.17:8080 now", "10.0.3.17"),
        ("localhost is 127.0.0.1", "127.0.0.1"),
        (
            "v6 host 2001:0db8:85a3:0000:0000:8a2e:0370:7334",
            "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        ),
        ("link-local fe80::1ff:fe23:4567:890a here", "fe80::1ff:fe23:4567:890a"),
        ("url https://[2a00:1450::1]:443/", "2a00:1450::1"),
        ("loopback ::1", "::1"),
    ],
)
def test_ip_positive(text: str, ip: str) -> None:
    assert_only(text, "ip_address", ip)


@pytest.mark.parametrize(
    "text",
    [
        "upgrade to v1.2.3.4 today",
        "We shipped version 1.2.3.4 last week.",
        "See section 1.2.3.4 of the contract.",
        "version string 1.2.3",
        "OID 1.3.6.1.4.1.311 is registered",
        "256.1.1.1 and 01.02.03.04",
        "MAC 00:1A:2B:3C:4D:5E at 10:22:33",
        "std::vector and a::b in C++",
    ],
)
def test_ip_negative(text: str) -> None:
    assert "ip_address" not in kinds(text)


# --------------------------------------------------------------------- date of birth


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("DOB: 1985-03-14", "1985-03-14"),
        ("D.O.B. 14/03/1985", "14/03/1985"),
        ("date of birth 03/14/1985", "03/14/1985"),
        ("geb. 14.03.1985 in Köln", "14.03.1985"),
        ("She was born on March 14, 1985 in Leeds.", "March 14, 1985"),
        ("born 14 March 1985", "14 March 1985"),
        ("Birthday: 14-Mar-1985", "14-Mar-1985"),
        ("née le 14 mars 1985 à Lyon", "14 mars 1985"),
        ("Patient 1985-03-14 (DOB) seen today", "1985-03-14"),
        ("date_of_birth: 1931-04-05", "1931-04-05"),
        ('{"dob": "01/02/1991"}', "01/02/1991"),
        ("DOB: 14 Mar 85", "14 Mar 85"),
    ],
)
def test_dob_positive(text: str, date: str) -> None:
    assert_only(text, "date_of_birth", date)


@pytest.mark.parametrize(
    "text",
    [
        "The contract was signed on 14/03/1985.",
        "Hearing set for March 14, 2025.",
        "Admitted 2024-03-01, discharged 2024-03-05.",
        "DOB 14/03/1985, admitted 01/02/2024",  # only the first date is the birth date
    ],
)
def test_dob_negative(text: str) -> None:
    dobs = [f.text for f in detect(text) if f.category == "date_of_birth"]
    assert dobs in ([], ["14/03/1985"])
    assert "01/02/2024" not in dobs


# -------------------------------------------------------------------- medical record


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("MRN: 00123456", "00123456"),
        ("MRN 4455-221", "4455-221"),
        ("medical record number A1234567 reviewed", "A1234567"),
        ("patient ID PT-88231", "PT-88231"),
        ("hospital number 7712345", "7712345"),
        ("NHS number 943 476 5919", "943 476 5919"),
        ("NHS no. 9434765919", "9434765919"),
        ('{"mrn": "02803681", "ward": "7B"}', "02803681"),
        ("INFO chart opened nhs_number=457 962 1042 user=jdoe", "457 962 1042"),
        ('patient_id: "P-5502295"', "P-5502295"),
        ("MR# 1234567", "1234567"),
    ],
)
def test_medical_record_positive(text: str, value: str) -> None:
    assert_only(text, "medical_record", value)


@pytest.mark.parametrize(
    "text",
    [
        "NHS number 943 476 5918",  # fails the mod-11 check
        "the MRN is pending",
        "record 00123456 of the archive",
    ],
)
def test_medical_record_negative(text: str) -> None:
    assert "medical_record" not in kinds(text)


# -------------------------------------------------------------------------- ICD code


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Assessment: E11.9, J45.909 and F32.A", ["E11.9", "J45.909", "F32.A"]),
        ("fracture S72.001A", ["S72.001A"]),
        ("ICD-10: E11", ["E11"]),
        ("diagnosis codes I10, E78 and J45", ["I10", "E78", "J45"]),
        ("dx J45", ["J45"]),
        ("ICD-9 250.00 and 401.9", ["250.00", "401.9"]),
        ("diagnosis_code: B20", ["B20"]),
        ("Assessment: I10 Essential (primary) hypertension.", ["I10"]),
        ("Diagnosed with multiple sclerosis (G35) in 2019.", ["G35"]),
        ("G35 (multiple sclerosis) confirmed", ["G35"]),
        ("I10 (essential (primary) hypertension) confirmed", ["I10"]),
        ("Problem list: C61, F32.9.", ["C61", "F32.9"]),
        ("predominantly inattentive type. U07.1 (COVID-19) confirmed", ["U07.1"]),
    ],
)
def test_icd_positive(text: str, codes: list[str]) -> None:
    assert found(text) == [("icd_code", c) for c in codes]


@pytest.mark.parametrize(
    "text",
    [
        "Vitamin B12 levels were low; print on A10 paper.",
        "Galaxy S23 and grid ref B12",
        "See table S12.3 and section A10.2",
        "weighed 250.5 kg, 401.9 miles",
        "upgrade to V10.2.1",
        "ICD-10 A09 noted. Take one B12 vitamin daily.",
        "dx: G30.9 and the P45 form from HMRC",
    ],
)
def test_icd_negative(text: str) -> None:
    codes = [f.text for f in detect(text) if f.category == "icd_code"]
    assert codes in ([], ["A09"], ["G30.9"]), codes


# ---------------------------------------------------------------------------- secret

SECRETS = [
    "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL",
    "sk-proj-abc123DEF456ghi789JKL012mno345PQR",
    "sk-ant-api03-abcDEF123ghiJKL456mnoPQR789stuVWX",
    "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef",
    "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
    "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz",
    "AKIAIOSFODNN7EXAMPLE",
    "AIzaSyA-1234567890abcdefghijklmnopqrstu",
    "xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "rk_live_4eC39HqLyjWDarjtT1zdp7dc",
    "hf_abcdefghijklmnopqrstuvwxyz01234567",
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0."
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
]


@pytest.mark.parametrize("token", SECRETS)
def test_secret_token_positive(token: str) -> None:
    assert_only(f"use {token} for the API", "secret", token)


def test_pem_private_key_block() -> None:
    block = (
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1b2c3d4\nZZZZ\n"
        "-----END RSA PRIVATE KEY-----"
    )
    assert_only(f"key:\n{block}\nthanks", "secret", block)
    assert kinds("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----") == set()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("password=Tr0ub4dor&3xQ", "Tr0ub4dor&3xQ"),
        ('"api_key": "9f86d081884c7d659a2feaa0c55ad015"', "9f86d081884c7d659a2feaa0c55ad015"),
        (
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        ),
        ("token: Zx8#kL2m!Qp9vR4t", "Zx8#kL2m!Qp9vR4t"),
        ("DB_PASSWORD='s3cr3t-P4ss-w0rd'", "s3cr3t-P4ss-w0rd"),
        ("my password is Summer2024!xy.", "Summer2024!xy"),
        ("Authorization: Bearer abcdef0123456789ABCDEF", "abcdef0123456789ABCDEF"),
        ("postgres://admin:s3cretPW9@db.example.com/app", "s3cretPW9"),
        ("POSTGRES_PASSWORD=eNV2BafJ&G1^TJ%OhJZ~6=PE7RZK", "eNV2BafJ&G1^TJ%OhJZ~6=PE7RZK"),
        ("My API key is 9a8b7c6d5e4f3a2b1c0d", "9a8b7c6d5e4f3a2b1c0d"),
        (
            "Here's the AWS secret access key: qesgNHQfkqrEOAu4z0VqNx6dwpes1LBhj2I847kR",
            "qesgNHQfkqrEOAu4z0VqNx6dwpes1LBhj2I847kR",
        ),
        (
            "WLdkcFyhwlwglkwRjlAVvvwFQdQqIqyKCxqAuSkh is the AWS secret access key",
            "WLdkcFyhwlwglkwRjlAVvvwFQdQqIqyKCxqAuSkh",
        ),
        (
            "bot 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0 ok",
            "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
        ),
    ],
)
def test_secret_assignment_positive(text: str, value: str) -> None:
    assert_only(text, "secret", value)


@pytest.mark.parametrize(
    "text",
    [
        "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "git commit 3f2a9c1d4e5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f",
        "id 123e4567-e89b-12d3-a456-426614174000",
        "password: ********",
        "password=${DB_PASSWORD}",
        "api_key: YOUR_API_KEY",
        "secret = os.environ['SECRET']",
        "token_count = 12345, max_tokens=4096, tokenizer=gpt2-xl",
        "Forgot your password? The token is expired.",
        "secret_name=prod-db-creds",
        "scikit: sk-learn-is-a-python-library-for-ml",
        "call hf_hub_download(repo_id)",
        "My public SSH key: ssh-ed25519 "
        "AAAAC3NzaC1lZDI1NTE5AAAAIATzjkH3nn49E2mhRgrvc0mD8xKrmDvAh//1mt2KuwF7 ci-deploy-key",
        "key function getUserAccountSettingsFromDatabaseCache",
        "the MD5 of the upload is E4FGPNkkTelUghfalaHw1hBVGDyXWmrj60jg==",
    ],
)
def test_secret_negative(text: str) -> None:
    assert "secret" not in kinds(text), found(text)


# --------------------------------------------------------------------------- masking


def test_masks_never_reveal_a_whole_secret_or_card() -> None:
    text = "\n".join([*SECRETS, "password=Tr0ub4dor&3xQ", "4111 1111 1111 1111", "371449635398431"])
    findings = detect(text)
    assert {f.category for f in findings} == {"secret", "payment_card"}
    for f in findings:
        masked = f.masked()
        assert f.text not in masked
        assert "\u2022" in masked
        if f.category == "secret":
            assert len([ch for ch in masked if ch.isalnum()]) <= 12
    card = next(f for f in findings if f.text == "4111 1111 1111 1111")
    assert card.masked() == "4111 \u2022\u2022\u2022\u2022 \u2022\u2022\u2022\u2022 1111"


def test_mask_examples() -> None:
    def mask(category: str, text: str) -> str:
        return Finding(category, 0, len(text), text).masked()

    assert mask("email", "jane@example.com") == "j\u2022\u2022\u2022@example.com"
    assert mask("national_id", "123-45-6789") == "\u2022\u2022\u2022-\u2022\u2022-6789"
    assert mask("phone", "(555) 123-4567").endswith("67")
    assert "123" not in mask("phone", "(555) 123-4567")
    assert mask("secret", "sk-proj-abc123DEF456ghi789JKL012mno") == "sk-proj-" + "\u2022" * 8
    assert mask("secret", "Tr0ub4dor&3xQ") == "T" + "\u2022" * 8
    assert mask("date_of_birth", "14/03/1985") == "\u2022\u2022/\u2022\u2022/1985"
    assert "5919" not in mask("medical_record", "9434765919")
    for category in CATEGORIES:  # short values are never shown whole either
        assert mask(category, "AB12") != "AB12"


# -------------------------------------------------------------------------- describe


def test_describe_exact_wording() -> None:
    text = "write to me@example.com\nthanks\ncard 4111 1111 1111 1111"
    assert describe(detect(text), text) == (
        "Found 2 kinds of sensitive data: a payment card number (line 3) and an e-mail "
        "address (line 1). This message stays on this computer."
    )


def test_describe_one_kind_several_times() -> None:
    text = "a@example.com\nb@example.com\n\nc@example.com c2@example.com"
    assert describe(detect(text), text) == (
        "Found 1 kind of sensitive data: 4 e-mail addresses (lines 1, 2 and 4). "
        "This message stays on this computer."
    )


def test_describe_three_kinds_and_many_lines() -> None:
    text = "\n".join(f"host 10.0.0.{i}" for i in range(1, 8)) + "\nSSN 123-45-6789\nIBAN "
    text += "DE89 3704 0044 0532 0130 00"
    assert describe(detect(text), text) == (
        "Found 3 kinds of sensitive data: an IBAN (line 9), a national ID number (e.g. US SSN) "
        "(line 8) and 7 IP addresses (lines 1, 2, 3, 4, 5 and 2 more). "
        "This message stays on this computer."
    )


def test_describe_nothing() -> None:
    assert describe([], "hello") == "No sensitive data found."


# --------------------------------------------------------------------------- options

MIXED = "mail me@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111"


def test_options_limit_the_categories() -> None:
    assert kinds(MIXED) == {"email", "phone", "payment_card"}
    only_cards = DetectorOptions(enabled=frozenset({"payment_card"}))
    assert [f.category for f in detect(MIXED, only_cards)] == ["payment_card"]
    no_email = DetectorOptions(enabled=frozenset(CATEGORIES) - {"email"})
    assert {f.category for f in detect(MIXED, no_email)} == {"phone", "payment_card"}
    assert detect(MIXED, DetectorOptions(enabled=frozenset())) == []


def test_a_disabled_category_does_not_reappear_as_another() -> None:
    text = "IBAN DE89 3704 0044 0532 0130 00"
    assert detect(text, DetectorOptions(enabled=frozenset(CATEGORIES) - {"iban"})) == []


def test_unknown_category_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown"):
        DetectorOptions(enabled=frozenset({"email", "shoe_size"}))


# ------------------------------------------------------------------------ structure


def test_every_category_has_exactly_one_recogniser() -> None:
    # The user's terms are not a recogniser: they come from the settings (scanning.configure).
    assert sorted(r.category for r in RECOGNISERS) == sorted(set(CATEGORIES) - {"custom_term"})
    assert [r.category for r in RECOGNISERS if r.runs_last] == ["phone"]


def test_the_old_module_name_still_exports_the_interface() -> None:
    from agentic_desk.core.privacy import detector, scanning

    assert detector.detect is scanning.detect
    assert detector.describe is scanning.describe
    assert detector.Finding is scanning.Finding


# ------------------------------------------------------------------------ checksums


def test_check_digit_algorithms_on_published_examples() -> None:
    assert checksums.luhn_ok("4111111111111111")
    assert not checksums.luhn_ok("4111111111111112")
    assert checksums.luhn_ok("046454286")  # Canadian SIN specimen
    assert checksums.verhoeff_ok("2363")
    assert not checksums.verhoeff_ok("2364")
    assert checksums.nhs_mod11_ok("9434765919")
    assert not checksums.nhs_mod11_ok("9434765918")
    assert not checksums.nhs_mod11_ok("943476591")  # nine digits
    assert checksums.bsn_ok("111222333")
    assert not checksums.bsn_ok("111222334")
    assert not checksums.bsn_ok("000000000")
    assert checksums.dni_ok("12345678", "Z")
    assert not checksums.dni_ok("12345678", "A")
    assert checksums.codice_fiscale_ok("RSSMRA85T10A562S")
    assert not checksums.codice_fiscale_ok("RSSMRA85T10A562T")
    assert checksums.nir_key_ok("2690549588157", "80")
    assert not checksums.nir_key_ok("2690549588157", "81")
    assert checksums.nir_key_ok("185052A001234", "35")  # Corsica: 2A reads as 19
    assert checksums.nir_key_ok("185052B001234", "62")  # and 2B as 18
    assert not checksums.nir_key_ok("185052A001234", "62")
    assert checksums.iban_mod97_ok("DE89370400440532013000")
    assert checksums.iban_mod97_ok("GB82WEST12345698765432")
    assert not checksums.iban_mod97_ok("DE89370400440532013001")
