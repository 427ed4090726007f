"""Versioned survey form definitions: model, loader, expressions, answer validation.

One definition drives the editor, answer validation (editor, CLI, sync import), the blank and
filled PDF and the Excel columns. A survey keeps the ``(id, version)`` it was recorded with; a new
version never changes how old answers read. See docs/forms.md for the file format.
"""

from kcdesk.domain.forms.answers import (
    Answers,
    Completeness,
    FormState,
    InputError,
    completeness,
    errors_only,
    evaluate_form,
    is_empty,
    parse_input,
    validate_answers,
    with_calculations,
)
from kcdesk.domain.forms.display import describe, format_answer, yes_no_label
from kcdesk.domain.forms.expressions import Expression, ExpressionError
from kcdesk.domain.forms.loader import (
    FormDefinitionError,
    fingerprint,
    load_definition_file,
    parse_definition,
)
from kcdesk.domain.forms.model import (
    Choice,
    FormDefinition,
    QType,
    Question,
    Section,
    Text,
    TextFormat,
)
from kcdesk.domain.forms.registry import DEFAULT_FORM_ID, FormRegistry

__all__ = [
    "DEFAULT_FORM_ID",
    "Answers",
    "Choice",
    "Completeness",
    "Expression",
    "ExpressionError",
    "FormDefinition",
    "FormDefinitionError",
    "FormRegistry",
    "FormState",
    "InputError",
    "QType",
    "Question",
    "Section",
    "Text",
    "TextFormat",
    "completeness",
    "describe",
    "errors_only",
    "evaluate_form",
    "fingerprint",
    "format_answer",
    "is_empty",
    "load_definition_file",
    "parse_definition",
    "parse_input",
    "validate_answers",
    "with_calculations",
    "yes_no_label",
]
