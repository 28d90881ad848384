"""One recogniser per category of sensitive data, grouped by kind in the modules of this
package, and the list :func:`agentic_desk.core.privacy.scanning.detect` runs.

A recogniser finds where its category's values are (spans, best candidates only; overlaps
between categories are settled by the scanner) and masks a found value for display.

Every regular expression is compiled once, at module level, and is bounded and free of nested
quantifiers so that a scan is linear in the text's length. :func:`compiled_patterns` lists
them all, found in the modules' globals, so the backtracking tests cover a new recogniser
without any registration.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import ModuleType

from agentic_desk.core.privacy.recognisers import (
    addresses,
    contact,
    credentials,
    dates_of_birth,
    medical,
    names,
    national_ids,
    network,
    payment,
)
from agentic_desk.core.privacy.recognisers.text import Span

__all__ = ["RECOGNISERS", "Recogniser", "Span", "compiled_patterns"]


@dataclass(frozen=True)
class Recogniser:
    """Finds one category's values in a text and masks a found value."""

    category: str
    find: Callable[[str], Iterable[Span]]
    mask: Callable[[str], str]
    # Looks at the text with every other category's findings blanked out (phone numbers:
    # a number right after a card number must not be read as part of it).
    runs_last: bool = False


RECOGNISERS: tuple[Recogniser, ...] = (
    Recogniser("secret", credentials.find_secrets, credentials.mask_secret),
    Recogniser("payment_card", payment.find_cards, payment.mask_card),
    Recogniser("iban", payment.find_ibans, payment.mask_iban),
    Recogniser("medical_record", medical.find_medical_records, medical.mask_medical_record),
    Recogniser("national_id", national_ids.find_national_ids, national_ids.mask_national_id),
    Recogniser(
        "date_of_birth", dates_of_birth.find_dates_of_birth, dates_of_birth.mask_date_of_birth
    ),
    Recogniser("email", contact.find_emails, contact.mask_email),
    Recogniser("ip_address", network.find_ip_addresses, network.mask_ip_address),
    Recogniser("icd_code", medical.find_icd_codes, medical.mask_icd_code),
    Recogniser("address", addresses.find_addresses, addresses.mask_address),
    Recogniser("person", names.find_people, names.mask_name),
    Recogniser("organisation", names.find_organisations, names.mask_name),
    Recogniser("phone", contact.find_phones, contact.mask_phone, runs_last=True),
)


def compiled_patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled regular expression of the privacy package, by ``module.NAME`` (items of
    a module-level tuple, list or dict as ``NAME[key]``).

    Found by importing every module of :mod:`agentic_desk.core.privacy` and reading its
    globals, so a new recogniser module is covered as soon as it exists; a pattern compiled
    inside a function is not (compile patterns at module level).
    """
    package = importlib.import_module("agentic_desk.core.privacy")
    modules: list[ModuleType] = [package]
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}."):
        modules.append(importlib.import_module(info.name))
    found: dict[int, tuple[tuple[str, str, int], str, re.Pattern[str]]] = {}
    for module in modules:
        short = module.__name__.removeprefix(f"{package.__name__}.")
        exported = set(getattr(module, "__all__", ()))
        for name, value in vars(module).items():
            items: list[tuple[str, object]]
            if isinstance(value, tuple | list):
                items = [(f"{name}[{i}]", v) for i, v in enumerate(value)]
            elif isinstance(value, dict):
                items = [(f"{name}[{k!r}]", v) for k, v in value.items()]
            else:
                items = [(name, value)]
            for position, (label, item) in enumerate(items):
                if not (isinstance(item, re.Pattern) and isinstance(item.pattern, str)):
                    continue
                # A pattern imported into another module is listed once, under the module
                # that exports it.
                if id(item) not in found or name in exported:
                    found[id(item)] = ((short, name, position), f"{short}.{label}", item)
    return {label: pattern for _, label, pattern in sorted(found.values(), key=lambda e: e[0])}
