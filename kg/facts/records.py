"""Pydantic models for the fact files, generated from the SHACL shapes.

Each scalar arrives as the text the analyst wrote (see kg.facts.yamlio) and is converted strictly by
its field's datatype, so a value is never silently reinterpreted.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal
from difflib import get_close_matches
from functools import lru_cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, create_model
from pydantic_core import PydanticCustomError
from rdflib import XSD

from kg.facts.dates import DateError, DateValue
from kg.facts.model import FieldSpec, Model, SectionSpec
from kg.namespaces import EDTF

ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_BOOLEAN_LOOKALIKES = {"yes", "no", "on", "off", "y", "n", "True", "False", "TRUE", "FALSE", "Yes", "No",
                       "NO", "YES", "ON", "OFF", "Y", "N"}


def _fail(rule: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(rule, message)


def _text(value: Any) -> str:
    if type(value) is str:  # the common case, first: this runs for every value of every record
        return value
    if isinstance(value, (dict, list)):
        raise _fail("max-count" if isinstance(value, list) else "datatype",
                    "takes one value, not a list" if isinstance(value, list) else "expected a value, not a mapping")
    return str(value)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DECIMAL = re.compile(r"-?(0|[1-9]\d*)(\.\d+)?")
_INTEGER = re.compile(r"0|[1-9]\d*")


def _date(value: Any) -> date:
    text = _text(value)
    if not _DATE.fullmatch(text):
        raise _fail("datatype", "is not a date; write YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _fail("datatype", "is not a real calendar date") from None


def _date_value(value: Any) -> DateValue:
    try:
        return DateValue.parse(_text(value))
    except DateError as exc:
        raise _fail("datatype", str(exc)) from None


def _decimal(value: Any) -> Decimal:
    text = _text(value)
    if _DECIMAL.fullmatch(text):
        return Decimal(text)
    if re.fullmatch(r"-?0\d+(\.\d+)?", text):
        raise _fail("datatype", "has a leading zero, which YAML 1.1 reads as an octal number; drop the zero")
    raise _fail("datatype", "is not a number; use '.' as the decimal mark and no thousands separator")


MAX_INTEGER_DIGITS = 18  # offsets and counts; and Python refuses to read more than 4,300 digits at all


def _integer(value: Any) -> int:
    text = _text(value)
    if _INTEGER.fullmatch(text):
        if len(text) > MAX_INTEGER_DIGITS:
            raise _fail("datatype", f"is too large: more than {MAX_INTEGER_DIGITS} digits")
        return int(text)
    if re.fullmatch(r"0\d+", text):
        raise _fail("datatype", "has a leading zero, which YAML 1.1 reads as an octal number; drop the zero")
    raise _fail("datatype", "is not a whole number of 0 or more")


def _boolean(value: Any) -> bool:
    text = _text(value)
    if text in ("true", "false"):
        return text == "true"
    hint = " (YAML 1.1 would have read it as a boolean)" if text in _BOOLEAN_LOOKALIKES else ""
    raise _fail("datatype", f"is not a boolean; write true or false{hint}")


def _pattern(regex: str, what: str) -> Any:
    compiled = re.compile(regex)

    def check(value: Any) -> str:
        text = _text(value)
        if not compiled.fullmatch(text):
            raise _fail("datatype", f"is not {what}")
        return text
    return check


# Characters no text may hold: C0 controls (ESC starts terminal escapes, NUL ends C strings, and
# openpyxl refuses all of them), DEL, C1 controls (NEL among them), the Unicode line and
# paragraph separators, lone surrogates (not characters; they cannot be written as UTF-8) and
# the noncharacters U+FFFE/U+FFFF. CR is among them: source texts are read with universal
# newlines, so a quote never needs one. A multi-line text may hold tab and line feed.
_CONTROL_IN_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CONTROL_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def control_character_message(text: str, found: int, multi_line: bool) -> str:
    """What is wrong with the control character at `found`, for a message (as U+XXXX, never raw)."""
    char = text[found]
    name = unicodedata.name(char, "") or _CONTROL_NAMES.get(char, "a control character")
    allowed = "; only tab and line feed are allowed in it" if multi_line else "; this field is one line of text"
    return f"has U+{ord(char):04X} ({name}) at character {found}{allowed}"


_CONTROL_NAMES = {"\t": "TAB", "\n": "LINE FEED", "\r": "CARRIAGE RETURN", "\x1b": "ESCAPE", "\x00": "NUL",
                  "\x07": "BELL", "\x85": "NEXT LINE (NEL)"}


def _plain_text(multi_line: bool, convert: Any) -> Any:
    forbidden = _CONTROL_IN_LINES if multi_line else _CONTROL_IN_ONE_LINE

    def check(value: Any) -> Any:
        text = _text(value)
        bad = forbidden.search(text)
        if bad:
            raise _fail("control-character", control_character_message(text, bad.start(), multi_line))
        return convert(text)
    return check


def _choice(choices: list[str], rule: str, what: str) -> Any:
    def check(value: Any) -> str:
        text = _text(value)
        if text not in choices:
            near = get_close_matches(text, choices, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f"; allowed: {', '.join(choices)}"
            raise _fail(rule, f"is not a known {what}{hint}")
        return text
    return check


def _identifier(value: Any) -> str:
    text = _text(value)
    if not ID_PATTERN.fullmatch(text):
        raise _fail("id-format", "is not an ID: use lower-case letters and digits joined by '-'")
    return text


_DATATYPES: dict[Any, Any] = {
    XSD.date: _date,
    EDTF: _date_value,
    XSD.decimal: _decimal,
    XSD.nonNegativeInteger: _integer,
    XSD.boolean: _boolean,
    XSD.gYear: _pattern(r"\d{4}", "a year (YYYY)"),
    XSD.gYearMonth: _pattern(r"\d{4}-(0[1-9]|1[0-2])", "a month (YYYY-MM)"),
    XSD.anyURI: _pattern(r"https?://\S+", "a web address starting with http:// or https://"),
}


def _converter(spec: FieldSpec, model: Model, section: SectionSpec) -> Any:
    if spec.kind in ("literal", "lang"):
        if spec.pattern:
            return _plain_text(spec.multi_line, _pattern(spec.pattern, f"in the form {spec.pattern}"))
        return _plain_text(spec.multi_line, _DATATYPES.get(spec.datatype, _text))
    if spec.kind == "concept":
        assert spec.scheme is not None
        return _choice(list(model.schemes.get(spec.scheme, {})), "allowed-value", f"{spec.key} value")
    if spec.kind == "type":
        return _choice(list(section.type_choices), "allowed-value", f"{section.name} type")
    if spec.kind == "property":
        return _choice(list(model.relation_properties), "allowed-value", "relation property")
    return _identifier  # references hold record IDs


def _field_type(spec: FieldSpec, model: Model, section: SectionSpec) -> tuple[Any, Any]:
    if spec.kind == "nested":
        item: Any = pydantic_model(model, model.evidence.name)
    else:
        item = Annotated[Any, BeforeValidator(_converter(spec, model, section))]
    annotation = list[item] if spec.many else item
    if spec.min_count and spec.default is None:
        return annotation, ...
    return annotation | None, None


@lru_cache(maxsize=64)
def pydantic_model(model: Model, section_name: str) -> type[BaseModel]:
    """The pydantic class for one section, built from its shape."""
    section = model.evidence if section_name == "evidence" else model.sections[section_name]
    fields: dict[str, Any] = {}
    if section_name != "evidence" and not section.anonymous:
        fields["id"] = (Annotated[Any, BeforeValidator(_identifier)], ...)
    for spec in section.fields:
        fields[spec.key] = _field_type(spec, model, section)
    config = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
    return create_model(f"{section_name.title()}Record", __config__=config, **fields)
