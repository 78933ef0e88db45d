"""The field lists and value formats of the answers the sandbox models, for the sandbox's own modules.

Their one home is client-neutral: :mod:`kislearn.consistency.fields` (the lists, from the API catalog) and
:mod:`kislearn.consistency.formats` (how each value is written). This module only names them for the sandbox's
modules that import them from here (``orders.py``).
"""

from kislearn.consistency.fields import OUTPUT1_FIELDS, OUTPUT2_FIELDS, PRICE_OUTPUT_FIELDS
from kislearn.consistency.formats import OUTPUT1_FORMATS, OUTPUT2_FORMATS, PRICE_FORMATS

__all__ = [
    "OUTPUT1_FIELDS",
    "OUTPUT1_FORMATS",
    "OUTPUT2_FIELDS",
    "OUTPUT2_FORMATS",
    "PRICE_FORMATS",
    "PRICE_OUTPUT_FIELDS",
]
