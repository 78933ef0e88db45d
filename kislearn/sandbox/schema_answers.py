"""Schema-exact answers for the catalogued APIs the sandbox does not model: every documented field, nothing else.

    answer = schema_answer(ask, scene)
    answer.sections["output2"]      # a list of rows, each with every field of the sheet's output2, as strings
    answer.paged                    # "output2": the list that continues on the next page, if the API pages

Each response section of the sheet becomes a list of rows where the workbook makes it a list
(:attr:`kislearn.catalog.Section.is_list`), else one object; top-level fields other than the envelope
(rt_cd, msg_cd, msg1) and the continuation keys (ctx_area_*) are written too. Which rows a list holds is
:mod:`.schema_rows`' job, what each field holds :mod:`.schema_values`'. The envelope and the continuation keys
are the route's (``catalog_api.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kislearn import catalog
from kislearn.sandbox.field_shapes import shapes_of
from kislearn.sandbox.schema_rows import Ask, Row, Scene, list_rows, object_row
from kislearn.sandbox.schema_values import field_value


@dataclass(frozen=True)
class SchemaAnswer:
    """The parts of a schema-only answer: ``top`` (top-level fields besides the envelope and the continuation
    keys), ``sections`` (``{name: list of rows | one object}``, in the sheet's order) and ``paged`` (the first
    list section — the one that continues on a next page — or None)."""

    top: dict[str, str]
    sections: dict[str, list | dict]
    paged: str | None


def schema_answer(ask: Ask, scene: Scene) -> SchemaAnswer:
    """Every documented field of ``ask.api``'s answer, with values that fit the request and each other."""
    api = ask.api
    top_fields = [f for f in api.response_fields if shapes_of(api)["response"][f.name].kind not in ("envelope", "ctx")]
    top = write_row(api, "response", top_fields, object_row(ask, scene, "response"), ask) if top_fields else {}
    sections: dict[str, list | dict] = {}
    for section in api.sections:
        if section.is_list:
            sections[section.name] = [
                write_row(api, section.name, section.fields, row, ask) for row in list_rows(ask, scene, section)
            ]
        else:
            sections[section.name] = write_row(
                api, section.name, section.fields, object_row(ask, scene, section.name), ask
            )
    paged = next((section.name for section in api.sections if section.is_list), None)
    return SchemaAnswer(top, sections, paged)


def write_row(api: catalog.Api, place: str, fields, row: Row, ask: Ask) -> dict[str, str]:
    """One row: every field of ``fields``, in the sheet's order."""
    shapes = shapes_of(api)[place]
    written: dict[str, str] = {}
    for item in fields:
        written[item.name] = field_value(item, shapes[item.name], row, ask, written)
    return written
