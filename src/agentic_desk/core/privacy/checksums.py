"""Check-digit algorithms of the identifiers the detector recognises.

Each function takes the value's significant characters only (separators removed) and says
whether its check digit or letter is right. They know nothing about where a value stands in a
text; the recognisers in :mod:`agentic_desk.core.privacy.recognisers` decide that.
"""

from __future__ import annotations

__all__ = [
    "bsn_ok",
    "codice_fiscale_ok",
    "dni_ok",
    "iban_mod97_ok",
    "luhn_ok",
    "nhs_mod11_ok",
    "nir_key_ok",
    "verhoeff_ok",
]


def luhn_ok(digits: str) -> bool:
    """Luhn (mod 10): payment cards, Canadian SIN."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 2, 3, 4, 0, 6, 7, 8, 9, 5),
    (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7),
    (4, 0, 1, 2, 3, 9, 5, 6, 7, 8),
    (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2),
    (7, 6, 5, 9, 8, 2, 1, 0, 4, 3),
    (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9),
    (1, 5, 7, 6, 2, 8, 3, 0, 9, 4),
    (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7),
    (9, 4, 5, 3, 1, 2, 6, 8, 7, 0),
    (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5),
    (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)


def verhoeff_ok(digits: str) -> bool:
    """Verhoeff (dihedral group D5): Indian Aadhaar."""
    c = 0
    for i, ch in enumerate(reversed(digits)):
        c = _VERHOEFF_D[c][_VERHOEFF_P[i % 8][ord(ch) - 48]]
    return c == 0


def nhs_mod11_ok(digits: str) -> bool:
    """NHS (England, Wales) and CHI (Scotland) numbers: 10 digits, weights 10..2."""
    if len(digits) != 10:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def bsn_ok(digits: str) -> bool:
    """Dutch BSN: the "11-proof" (weights 9..2, the last digit weighted -1)."""
    if len(digits) != 9 or digits == "000000000":
        return False
    total = sum(int(d) * (9 - i) for i, d in enumerate(digits[:8])) - int(digits[8])
    return total % 11 == 0


_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def dni_ok(number: str, letter: str) -> bool:
    """Spanish DNI (8 digits) and NIE (X/Y/Z read as 0/1/2, then 7 digits): mod-23 letter."""
    return _DNI_LETTERS[int(number) % 23] == letter


# Codice fiscale: values of the characters in odd positions (1st, 3rd, ...), digits then A-Z.
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20,
         11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23),
        strict=True,
    )
)  # fmt: skip


def codice_fiscale_ok(code: str) -> bool:
    """Italian codice fiscale (16 characters): the last letter checks the first 15."""
    total = 0
    for i, ch in enumerate(code[:15]):
        if i % 2 == 0:
            total += _CF_ODD[ch]
        else:
            total += int(ch) if ch.isdigit() else ord(ch) - 65
    return chr(65 + total % 26) == code[15]


def nir_key_ok(body: str, key: str) -> bool:
    """French NIR: ``key`` is 97 minus the 13-character body mod 97, with Corsica's
    departments 2A and 2B read as 19 and 18."""
    department = body[5:7]
    number = int(body[:5] + {"2A": "19", "2B": "18"}.get(department, department) + body[7:])
    return 97 - number % 97 == int(key)


def iban_mod97_ok(iban: str) -> bool:
    """ISO 13616 / ISO 7064 mod 97-10: the IBAN, its first four characters moved to the
    end and letters read as 10-35, must leave 1."""
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1
