"""A retrieval corpus for the library benchmark, written by this script (no licence
questions): fictional clinic letters, contracts and reports in every format the library
reads (.txt, .md, .docx, .pdf, .odt, .html), and questions whose answer location is
labelled (the file and a phrase the right passage holds).

    python benchmarks/library_corpus.py OUT_DIR [--documents 54]

writes ``OUT_DIR/docs/*`` and ``OUT_DIR/questions.json`` (a list of
``{"question", "file", "answer"}``). Every name, number and date is made up; the generator
is seeded, so the corpus is the same on every machine.
"""

# ruff: noqa: E501 - the documents' sentences read best on one line each

from __future__ import annotations

import argparse
import html
import json
import random
import sys
import zipfile
from pathlib import Path
from typing import Any

FIRST = [
    "Amara",
    "Bilal",
    "Chloe",
    "Dmitri",
    "Esther",
    "Farid",
    "Grace",
    "Hamish",
    "Ines",
    "Jonas",
    "Keiko",
    "Liam",
    "Maren",
    "Nadia",
    "Oscar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomasz",
    "Ulla",
    "Viktor",
    "Wanjiru",
    "Xavier",
    "Yusuf",
    "Zofia",
]
LAST = [
    "Okafor",
    "Lindqvist",
    "Haddad",
    "Moreau",
    "Petrenko",
    "Nakamura",
    "Fitzgerald",
    "Costa",
    "Abernethy",
    "Kowalczyk",
    "Delacroix",
    "Mbeki",
    "Rasmussen",
    "Varga",
    "Whitlock",
    "Ibarra",
    "Szabo",
    "Oyelaran",
    "Brennan",
    "Castellanos",
]
MEDICATIONS = [
    ("atorvastatin", "mg", [10, 20, 40]),
    ("metformin", "mg", [500, 850, 1000]),
    ("ramipril", "mg", [2.5, 5, 10]),
    ("levothyroxine", "micrograms", [50, 75, 100]),
    ("sertraline", "mg", [50, 100]),
    ("amlodipine", "mg", [5, 10]),
    ("omeprazole", "mg", [20, 40]),
    ("bisoprolol", "mg", [1.25, 2.5, 5]),
]
CONDITIONS = [
    "type 2 diabetes",
    "hypertension",
    "hypothyroidism",
    "atrial fibrillation",
    "asthma",
    "chronic kidney disease stage 3",
    "gastro-oesophageal reflux",
    "migraine",
]
ALLERGIES = ["penicillin", "latex", "ibuprofen", "sulfonamides", "codeine", "shellfish"]
CLINICS = [
    "Riverside Cardiology Clinic",
    "Northgate Diabetes Centre",
    "Elm Street Medical Practice",
    "Harbour View Endocrinology",
    "St Brigid's Outpatient Department",
    "Meadowbank Surgery",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
COMPANIES = [
    "Brightwater Logistics Ltd",
    "Copperfield Analytics GmbH",
    "Duneview Software BV",
    "Ember & Oak Furniture Ltd",
    "Fjordline Shipping AS",
    "Greenmantle Foods plc",
    "Hollowbrook Energy SA",
    "Ironbridge Architects LLP",
    "Juniper Health Services Ltd",
    "Kestrel Aviation Parts Inc",
    "Larkspur Media Group",
    "Marlow & Finch Solicitors",
]
SERVICES = [
    "warehouse management software",
    "payroll processing",
    "office cleaning",
    "cloud hosting",
    "catering for the staff canteen",
    "IT support",
    "fleet maintenance",
    "translation services",
]
LAWS = ["England and Wales", "Scotland", "the Netherlands", "Ireland", "Germany", "Norway"]
PROJECTS = [
    "Project Heron",
    "Project Lantern",
    "Project Quarry",
    "Project Saltmarsh",
    "Project Tinder",
    "Project Willow",
    "Project Basalt",
    "Project Cormorant",
    "Project Drumlin",
]
RISKS = [
    "a shortage of qualified nurses",
    "rising energy prices",
    "delays from the main supplier",
    "a pending change to data protection rules",
    "currency fluctuations",
    "ageing server hardware",
    "a dispute with the landlord",
    "low uptake of the new app",
]

FILLER = [
    "This document should be read together with the earlier correspondence on file.",
    "Please contact the office if any of the details above are incorrect.",
    "The summary below reflects the information available at the time of writing.",
    "All figures are rounded to the nearest whole number unless stated otherwise.",
    "A copy of this document has been placed in the shared records folder.",
    "Further questions can be raised at the next scheduled review meeting.",
    "The team thanks everyone who contributed to the preparation of this document.",
    "Nothing in this section changes the obligations described elsewhere.",
    "Background information is provided for context only and is not part of the decision.",
    "Minor formatting changes have been made since the previous version.",
]


def _money(rng: random.Random, low: int, high: int) -> str:
    return f"{rng.randrange(low, high, 50):,} pounds"


def _date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} 2026"


def _filler(rng: random.Random, n: int) -> str:
    return " ".join(rng.sample(FILLER, n))


_USED: set[str] = set()


def _unique(rng: random.Random, make: Any) -> Any:
    """A value ``make()`` has not given before in this corpus (names stay unambiguous)."""
    while True:
        value = make()
        if str(value) not in _USED:
            _USED.add(str(value))
            return value


def clinic_letter(
    rng: random.Random, index: int
) -> tuple[str, list[tuple[str, str]], list[dict[str, str]]]:
    patient = _unique(rng, lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    clinic = rng.choice(CLINICS)
    med, unit, doses = rng.choice(MEDICATIONS)
    dose = f"{rng.choice(doses):g} {unit}"
    condition = rng.choice(CONDITIONS)
    allergy = rng.choice(ALLERGIES)
    follow_up = _date(rng)
    pressure = f"{rng.randint(118, 165)}/{rng.randint(70, 98)}"
    blocks = [
        ("h1", f"Clinic letter: {patient}"),
        ("p", f"{clinic}. Letter reference CL-{1000 + index}. {_filler(rng, 2)}"),
        ("h2", "Diagnosis"),
        ("p", f"{patient} was reviewed today for {condition}. {_filler(rng, 2)}"),
        ("h2", "Examination"),
        (
            "p",
            f"Blood pressure measured in clinic was {pressure} mmHg, taken seated after five minutes of rest. {_filler(rng, 1)}",
        ),
        ("h2", "Medication"),
        ("p", f"We have started {med} at a dose of {dose} once daily. {_filler(rng, 1)}"),
        (
            "p",
            f"Known allergy: {allergy}, which caused a rash in the past, so it must be avoided. {_filler(rng, 1)}",
        ),
        ("h2", "Plan"),
        ("p", f"A follow-up appointment is booked for {follow_up} at {clinic}. {_filler(rng, 2)}"),
    ]
    questions = [
        {
            "question": f"What dose of {med} was {patient} started on?",
            "answer": f"{med} at a dose of {dose}",
        },
        {
            "question": f"When is the follow-up appointment for {patient}?",
            "answer": f"booked for {follow_up}",
        },
        {"question": f"Which allergy does {patient} have?", "answer": f"Known allergy: {allergy}"},
        {
            "question": f"What was the blood pressure reading of {patient} in clinic?",
            "answer": f"was {pressure} mmHg",
        },
    ]
    return f"clinic-letter-{index:02d}", blocks, rng.sample(questions, 2)


def contract(
    rng: random.Random, index: int
) -> tuple[str, list[tuple[str, str]], list[dict[str, str]]]:
    supplier, customer, service = _unique(
        rng, lambda: (*rng.sample(COMPANIES, 2), rng.choice(SERVICES))
    )
    notice = f"{rng.choice([30, 45, 60, 90, 120])} days"
    fee = _money(rng, 2000, 90000)
    law = rng.choice(LAWS)
    term = f"{rng.choice([12, 24, 36, 48])} months"
    payment_days = f"{rng.choice([14, 21, 30, 45, 60])} days"
    blocks = [
        ("h1", f"Services agreement {index}: {supplier} and {customer}"),
        (
            "p",
            f"This agreement is made between {supplier} (the Supplier) and {customer} (the Customer) for {service}. {_filler(rng, 1)}",
        ),
        ("h2", "1. Term"),
        (
            "p",
            f"The agreement starts on {_date(rng)} and runs for an initial term of {term}. {_filler(rng, 2)}",
        ),
        ("h2", "2. Fees and payment"),
        (
            "p",
            f"The Customer pays an annual fee of {fee}. Invoices are payable within {payment_days} of the invoice date. {_filler(rng, 1)}",
        ),
        ("h2", "3. Termination"),
        (
            "p",
            f"Either party may end this agreement by giving {notice} written notice to the other party. {_filler(rng, 2)}",
        ),
        ("h2", "4. Governing law"),
        (
            "p",
            f"This agreement is governed by the laws of {law}, whose courts have exclusive jurisdiction. {_filler(rng, 1)}",
        ),
    ]
    questions = [
        {
            "question": f"How much notice is needed to terminate the {service} agreement between {supplier} and {customer}?",
            "answer": f"giving {notice} written notice",
        },
        {
            "question": f"What annual fee does {customer} pay {supplier} for {service}?",
            "answer": f"annual fee of {fee}",
        },
        {
            "question": f"Which country's law governs the contract between {supplier} and {customer} for {service}?",
            "answer": f"governed by the laws of {law}",
        },
        {
            "question": f"Within how many days must invoices be paid under the {service} contract of {customer}?",
            "answer": f"payable within {payment_days}",
        },
        {
            "question": f"How long is the initial term of the {service} agreement with {supplier}?",
            "answer": f"initial term of {term}",
        },
    ]
    return f"contract-{index:02d}", blocks, rng.sample(questions, 2)


def report(
    rng: random.Random, index: int
) -> tuple[str, list[tuple[str, str]], list[dict[str, str]]]:
    project = rng.choice(PROJECTS) + f" {index}"
    lead = _unique(rng, lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}")
    budget = _money(rng, 50000, 900000)
    growth = f"{rng.randint(2, 19)}.{rng.randint(0, 9)} percent"
    risk = rng.choice(RISKS)
    staff = rng.randint(8, 240)
    blocks = [
        ("h1", f"Annual report: {project}"),
        ("p", f"Prepared by {lead}, project lead. {_filler(rng, 2)}"),
        ("h2", "Summary"),
        ("p", f"{project} employed {staff} staff at the end of the year. {_filler(rng, 2)}"),
        ("h2", "Finances"),
        (
            "p",
            f"The approved budget for next year is {budget}. Revenue grew by {growth} compared with last year. {_filler(rng, 1)}",
        ),
        ("h2", "Risks"),
        (
            "p",
            f"The main risk identified for {project} is {risk}; mitigation is under way. {_filler(rng, 2)}",
        ),
        ("h2", "Outlook"),
        ("p", f"{_filler(rng, 3)}"),
    ]
    questions = [
        {
            "question": f"What is the budget approved for {project} next year?",
            "answer": f"budget for next year is {budget}",
        },
        {"question": f"By how much did revenue grow in {project}?", "answer": f"grew by {growth}"},
        {
            "question": f"What is the main risk for {project}?",
            "answer": f"main risk identified for {project} is {risk}",
        },
        {"question": f"Who leads {project}?", "answer": f"Prepared by {lead}"},
        {
            "question": f"How many staff did {project} have at year end?",
            "answer": f"employed {staff} staff",
        },
    ]
    return f"report-{index:02d}", blocks, rng.sample(questions, 2)


FORMATS = ("txt", "md", "docx", "pdf", "odt", "html")


def write(path: Path, blocks: list[tuple[str, str]]) -> None:
    kind = path.suffix[1:]
    if kind in ("html", "odt"):
        blocks = [(style, html.escape(text, quote=False)) for style, text in blocks]
    if kind == "txt":
        path.write_text("\n\n".join(text for _s, text in blocks) + "\n", encoding="utf-8")
    elif kind == "md":
        lines = [
            ("#" * int(s[1]) + " " + text) if s.startswith("h") else text for s, text in blocks
        ]
        path.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "html":
        body = "".join(
            f"<{s}>{text}</{s}>" if s.startswith("h") else f"<p>{text}</p>" for s, text in blocks
        )
        path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    elif kind == "docx":
        import docx

        document = docx.Document()
        for style, text in blocks:
            if style.startswith("h"):
                document.add_heading(text, level=int(style[1]))
            else:
                document.add_paragraph(text)
        document.save(str(path))
    elif kind == "odt":
        ns = (
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
        )
        body = "".join(
            f'<text:h text:outline-level="{s[1]}">{text}</text:h>'
            if s.startswith("h")
            else f"<text:p>{text}</text:p>"
            for s, text in blocks
        )
        content = (
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}>'
            f"<office:body><office:text>{body}</office:text></office:body>"
            "</office:document-content>"
        )
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", content)
    elif kind == "pdf":
        from fpdf import FPDF

        pdf = FPDF()
        pdf.set_font("Helvetica", size=11)
        pdf.add_page()
        for number, (style, text) in enumerate(blocks):
            if style == "h2" and number > 4 and number % 4 == 0:
                pdf.add_page()  # the later sections on later pages
            pdf.set_font(
                "Helvetica",
                "B" if style.startswith("h") else "",
                13 if style.startswith("h") else 11,
            )
            pdf.multi_cell(0, 6, text)
            pdf.ln(4)
        path.write_bytes(bytes(pdf.output()))
    else:  # pragma: no cover
        raise ValueError(kind)


def build(out: Path, documents: int = 54, seed: int = 17) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    _USED.clear()
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    makers = [clinic_letter, contract, report]
    questions: list[dict[str, Any]] = []
    for index in range(documents):
        stem, blocks, asked = makers[index % 3](rng, index)
        kind = FORMATS[(index // 3) % len(FORMATS)]
        path = docs / f"{stem}.{kind}"
        write(path, blocks)
        for q in asked:
            questions.append({**q, "file": path.name})
    (out / "questions.json").write_text(json.dumps(questions, indent=1), encoding="utf-8")
    return questions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--documents", type=int, default=54)
    args = parser.parse_args(argv)
    questions = build(args.out, args.documents)
    print(f"{args.documents} documents, {len(questions)} questions in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
