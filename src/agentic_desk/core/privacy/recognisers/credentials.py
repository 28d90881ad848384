"""Secrets: API keys and tokens of known formats, PEM private key blocks, passwords in URLs,
``Authorization`` / ``Bearer`` values, ``password=`` / ``api_key:``-style assignments whose
value looks random, and long random tokens next to a word like "key" or "secret".

Not SSH public keys, placeholders (``YOUR_API_KEY``, ``${DB_PASSWORD}``, ``********``),
variable references or word slugs; hex digests, git SHAs and UUIDs only with a cue.
"""

from __future__ import annotations

import itertools
import math
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator

from agentic_desk.core.privacy.masking import BULLET
from agentic_desk.core.privacy.recognisers.text import CUE_END, CUE_START, Span, window_before

__all__ = ["find_secrets", "mask_secret"]

# Each pattern starts with its literal prefix (so the regex engine can skip ahead to it),
# and a lookbehind that includes the prefix checks the token is not glued to a word.
_TOKEN_RES: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p)
    for p in (
        r"sk-(?<![\w\-]sk-)(?:ant-|or-|proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}",
        r"gh(?<![\w\-]gh)[pousr]_[A-Za-z0-9]{30,}",
        r"github_pat_(?<![\w\-]github_pat_)[A-Za-z0-9_]{20,}",
        r"A(?<![\w\-]A)(?:KIA|SIA|BIA|CCA)[0-9A-Z]{16}(?![0-9A-Za-z])",
        r"AIza(?<![\w\-]AIza)[0-9A-Za-z_\-]{30,}",
        r"ya29\.(?<![\w\-]ya29\.)[0-9A-Za-z_\-]{20,}",
        r"xox(?<![\w\-]xox)[abposre]-[0-9A-Za-z\-]{10,}",
        r"xapp-(?<![\w\-]xapp-)[0-9]-[0-9A-Za-z\-]{10,}",
        r"https://hooks\.slack\.com/services/[A-Za-z0-9_/]{20,}",
        r"sk_(?<![\w\-]sk_)(?:live|test)_[0-9A-Za-z]{10,}",
        r"rk_(?<![\w\-]rk_)(?:live|test)_[0-9A-Za-z]{10,}",
        r"whsec_(?<![\w\-]whsec_)[0-9A-Za-z]{20,}",
        r"hf_(?<![\w\-]hf_)[A-Za-z0-9]{30,}",
        r"glpat-(?<![\w\-]glpat-)[A-Za-z0-9_\-]{20,}",
        r"npm_(?<![\w\-]npm_)[A-Za-z0-9]{36}(?![\w])",
        r"pypi-(?<![\w\-]pypi-)[A-Za-z0-9_\-]{50,}",
        r"dop_v1_(?<![\w\-]dop_v1_)[a-f0-9]{64}",
        r"SG\.(?<![\w\-.]SG\.)[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}",
        r":AA[A-Za-z0-9_\-]{30,}",  # a Telegram bot token; the digits before it: see below
        r"eyJ(?<![\w\-]eyJ)[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]{5,}",
    )
)
_TELEGRAM_BOT_ID_RE = re.compile(r"(?<![\w:])[0-9]{8,10}$")
_TOKEN_PREFIXES = (  # shown by mask_secret(): longest first where one extends another
    "sk-ant-", "sk-or-", "sk-proj-", "sk-svcacct-", "sk-admin-", "sk-", "ghp_", "gho_",
    "ghu_", "ghs_", "ghr_", "github_pat_", "AKIA", "ASIA", "AIza", "ya29.", "xoxb-", "xoxp-",
    "xoxa-", "xoxo-", "xoxs-", "xoxr-", "xoxe-", "xapp-", "https://hooks.slack.com/",
    "sk_live_", "rk_live_", "sk_test_", "rk_test_", "whsec_", "hf_", "glpat-", "npm_",
    "pypi-", "dop_v1_", "SG.", "eyJ",
)  # fmt: skip
_PEM_BEGIN_RE = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
_PEM_END_RE = re.compile(r"-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
_URL_PASSWORD_RE = re.compile(  # bounded parts: no quadratic backtracking on long runs
    r"://(?<=[A-Za-z0-9+.\-]://)[^\s/:@]{1,64}:(?P<pw>[^\s/@]{3,128})@[\w\-\[]"
)
_SECRET_WORD_RE = re.compile(  # first letter as a class: lets the engine skip ahead
    r"[pPsStTkKcCbB](?:(?<=[pP])(?i:ass|wd)|(?<=[sS])(?i:ecret)|(?<=[tT])(?i:oken)"
    r"|(?<=[kK])(?i:ey)|(?<=[cC])(?i:redential)|(?<=[bB])(?i:earer))"
)
_ASSIGN_RE = re.compile(
    r"""(?:["']?[ \t]*(?::=|=>|->|[:=])[ \t]*|[ \t]+(?:is|was|=|:)[ \t]+)"""
    r"""(?:(?P<q>["'`])(?P<qval>[^"'`\n]{1,200})(?P=q)|(?P<val>[^\s"'`,;<>(){}\[\]]{1,200}))"""
)
_AUTH_RE = re.compile(
    r"(?i:\bauthorization)[\"']?[ \t]*[:=][ \t]*[\"']?(?i:(?:bearer|basic|token|digest)[ \t]+)?"
    r"(?P<v>[A-Za-z0-9._~+/=\-]{12,})|(?i:\bbearer)[ \t]+(?P<b>[A-Za-z0-9._~+/=\-]{16,})"
)
# A long random token (an AWS secret access key, a signing key) next to a word like "key".
_RANDOM_TOKEN_RE = re.compile(
    r"[A-Za-z0-9/+_\-](?<![\w/+=\-].)[A-Za-z0-9/+_\-]{31,127}={0,2}(?![\w/+=\-])"
)
_TOKEN_CUE_RE = re.compile(
    rf"{CUE_START}(?:keys?|secrets?|tokens?|passwords?|passwd|credentials?|aws){CUE_END}",
    re.IGNORECASE,
)
_PUBLIC_KEY_CUE_RE = re.compile(
    r"\b(?:public|pub|ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-\S+|sk-ssh-\S+|certificate|cert)\b",
    re.IGNORECASE,
)
_WORD_SPLIT_RE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SECRET_SEGMENTS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "pass",
        "passphrase",
        "passcode",
        "secret",
        "secrets",
        "token",
        "apikey",
        "credential",
        "credentials",
        "privatekey",
        "accesskey",
        "secretkey",
    }
)
_KEY_QUALIFIERS = frozenset(
    {"api", "access", "private", "secret", "signing", "encryption", "master", "auth", "client"}
)
_PLACEHOLDER_RE = re.compile(
    r"(?:x{3,}|\*{3,}|\u2022{3,}|\.{3,}|<[^>]*>|\$\{?\w+\}?|\{\{.*\}\}|%\w+%|your[\w\-]*"
    r"|(?:my|the|some|new|old)?[_\-]?(?:api[_\-]?key|token|secret|password|passwd)s?"
    r"|changeme|redacted|placeholder|example|dummy|null|none|undefined|true|false)",
    re.IGNORECASE,
)
_IDENTIFIER_RE = re.compile(
    r"[A-Za-z_\-]+|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+|[a-z]+(?:[\-_][a-z0-9]+)+"
)
_PREVIOUS_WORD_RE = re.compile(r"([A-Za-z]+)[ \t]+$")


def _shannon_entropy(value: str) -> float:
    counts = Counter(value)
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _is_secret_key_name(name: str) -> bool:
    segments = [s.lower() for s in _WORD_SPLIT_RE.findall(name)]
    if any(s in _SECRET_SEGMENTS for s in segments):
        return True
    return any(
        a in _KEY_QUALIFIERS and b in {"key", "keys"} for a, b in itertools.pairwise(segments)
    )


def _looks_secret(value: str) -> bool:
    if not 8 <= len(value) <= 200 or " " in value.strip():
        return False
    if _PLACEHOLDER_RE.fullmatch(value) or _IDENTIFIER_RE.fullmatch(value):
        return False
    lowered = value.lower()
    if "://" in value or lowered.startswith(
        ("os.", "$", "%", "process.", "env.", "env[", "env(", "getenv", "import.meta")
    ):
        return False
    has_letter = any(ch.isalpha() for ch in value)
    has_other = any(ch.isdigit() or not (ch.isalnum() or ch in "_-") for ch in value)
    return has_letter and has_other and _shannon_entropy(value) >= 2.5


def _find_assignments(text: str) -> Iterator[Span]:
    seen: set[int] = set()
    n = len(text)
    for m in _SECRET_WORD_RE.finditer(text):
        left = m.start()
        while left > 0 and (text[left - 1].isalnum() or text[left - 1] in "_.-"):
            left -= 1
            if m.start() - left > 64:
                break
        right = m.end()
        while right < n and (text[right].isalnum() or text[right] in "_.-"):
            right += 1
            if right - m.end() > 64:
                break
        if right in seen or m.start() - left > 64 or right - m.end() > 64:
            continue
        seen.add(right)
        if not _is_secret_key_name(text[left:right]):
            # "my API key is ...", "the access token: ...": the word before may qualify it.
            previous = _PREVIOUS_WORD_RE.search(text, max(0, left - 24), left)
            if previous is None or not _is_secret_key_name(
                f"{previous.group(1)}_{text[left:right]}"
            ):
                continue
        a = _ASSIGN_RE.match(text, right)
        if a is None:
            continue
        group = "qval" if a.group("qval") is not None else "val"
        value = a.group(group)
        start, end = a.start(group), a.end(group)
        if group == "val":  # an unquoted value ends before the sentence's punctuation
            value = value.rstrip(".,:;?")
            end = start + len(value)
        if _looks_secret(value):
            yield start, end


def _is_random_token(token: str) -> bool:
    upper = sum(ch.isupper() for ch in token)
    lower = sum(ch.islower() for ch in token)
    other = sum(ch.isdigit() or ch in "+/" for ch in token)
    if min(upper, lower) < 2 or _shannon_entropy(token.rstrip("=")) < 4.2:
        return False
    if other:
        return True
    # Letters only: random case (WLdkcFyhwl...), not a camelCase name (getUserAccountSettings).
    words = _WORD_SPLIT_RE.findall(token)
    return len(token) / max(1, len(words)) < 3


def _find_cued_tokens(text: str) -> Iterator[Span]:
    for m in _RANDOM_TOKEN_RE.finditer(text):
        token = m.group(0)
        if not _is_random_token(token):
            continue
        before = window_before(text, m.start(), 48)
        after = text[m.end() : m.end() + 40].split("\n", 1)[0]
        if token.startswith("AAAA") or _PUBLIC_KEY_CUE_RE.search(before):
            continue  # an SSH public key ("ssh-ed25519 AAAAC3...") is meant to be shared
        if _TOKEN_CUE_RE.search(before) or _TOKEN_CUE_RE.search(after):
            yield m.start(), m.end()


def find_secrets(text: str) -> Iterator[Span]:
    """Every API key, token, private key or password in ``text`` (see the module's
    docstring for what counts)."""
    for pattern in _TOKEN_RES:
        for m in pattern.finditer(text):
            start = m.start()
            if m.group(0).startswith(":AA"):
                bot = _TELEGRAM_BOT_ID_RE.search(text, max(0, start - 11), start)
                if bot is None:
                    continue
                start = bot.start()
            token = text[start : m.end()]
            if token.startswith("sk-") and not (
                any(ch.isdigit() for ch in token[3:]) and any(ch.isalpha() for ch in token[3:])
            ):
                continue  # "sk-this-is-a-long-hyphenated-word", not a key
            yield start, m.end()
    ends = [m.end() for m in _PEM_END_RE.finditer(text)]
    for m in _PEM_BEGIN_RE.finditer(text):
        i = bisect_left(ends, m.end())
        if i < len(ends):
            end = ends[i]
        else:  # a truncated key: up to the first blank line
            blank = text.find("\n\n", m.end())
            end = len(text) if blank < 0 else blank
        yield m.start(), end
    for m in _URL_PASSWORD_RE.finditer(text):
        if not _PLACEHOLDER_RE.fullmatch(m.group("pw")):
            yield m.start("pw"), m.end("pw")
    for m in _AUTH_RE.finditer(text):
        group = "v" if m.group("v") is not None else "b"
        value = m.group(group)
        if any(ch.isdigit() for ch in value) and any(ch.isalpha() for ch in value):
            yield m.start(group), m.end(group)
    yield from _find_assignments(text)
    yield from _find_cued_tokens(text)


def mask_secret(text: str) -> str:
    """The token's well-known prefix (``sk-proj-``, ``ghp_``) or first character, or a PEM
    block's BEGIN line; never any of the secret part."""
    first_line = text.split("\n", 1)[0]
    if first_line.startswith("-----BEGIN"):
        return f"{first_line} {BULLET * 8}"
    prefix = next((p for p in _TOKEN_PREFIXES if text.startswith(p)), text[:1])
    if len(prefix) * 2 > len(text):
        prefix = ""
    return f"{prefix}{BULLET * 8}"
