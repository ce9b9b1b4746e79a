"""The calculator tool: arithmetic and a few math functions, evaluated by walking the expression's syntax tree.
Never ``eval``: only numbers, the operators and the names below are understood, and every step is bounded (the
expression's length, a power's exponent, an integer's size), so no input can run code or stall the app."""

from __future__ import annotations

import ast
import math
import operator

from assistant.core.i18n import translate
from assistant.core.tools.tool_spec import ToolSpec

NAME = "calculator"
MAX_EXPRESSION_CHARS = 500
MAX_INT_BITS = 4096  # about 1,230 digits: beyond any sum a person asks for, and cheap to compute and print
MAX_ARGUMENTS = 100  # of min and max
MAX_ROUND_DIGITS = 100

SPEC = ToolSpec(
    NAME,
    "Evaluate an arithmetic expression exactly, instead of computing it in your head. Supports numbers, + - * / "
    "// % ** and parentheses, the functions sqrt, sin, cos, tan, asin, acos, atan, log (natural, or log(x, base)), "
    "log10, exp, floor, ceil, abs, round, min, max, and the constants pi, e and tau. Angles are in radians.",
    {"type": "object",
     "properties": {"expression": {"type": "string", "description": "The expression, e.g. (2 + 3) * sqrt(16) / 7"}},
     "required": ["expression"], "additionalProperties": False})

CONSTANTS = {"pi": math.pi, "e": math.e, "tau": math.tau}
FUNCTIONS = {"sqrt": (math.sqrt, 1, 1), "sin": (math.sin, 1, 1), "cos": (math.cos, 1, 1), "tan": (math.tan, 1, 1),
             "asin": (math.asin, 1, 1), "acos": (math.acos, 1, 1), "atan": (math.atan, 1, 1),
             "log": (math.log, 1, 2), "log10": (math.log10, 1, 1), "exp": (math.exp, 1, 1),
             "floor": (math.floor, 1, 1), "ceil": (math.ceil, 1, 1), "abs": (abs, 1, 1), "round": (round, 1, 2),
             "min": (min, 1, MAX_ARGUMENTS), "max": (max, 1, MAX_ARGUMENTS)}
OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
             ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow}
# What people and models write for the same operators.
SPELLINGS = str.maketrans({"×": "*", "÷": "/", "−": "-", "·": "*"})


class CalculationError(ValueError):
    """The expression cannot be evaluated; the message says why, for the model and the user."""


def evaluate(expression: str) -> int | float:
    text = expression.translate(SPELLINGS).strip()
    if not text:
        raise CalculationError(translate("Tools", "The expression is empty."))
    if len(text) > MAX_EXPRESSION_CHARS:
        raise CalculationError(translate("Tools", "The expression is too long (at most {limit} characters).").format(
            limit=MAX_EXPRESSION_CHARS))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise CalculationError(translate("Tools", "The expression is not written correctly: “{expression}”.").format(
            expression=expression if len(expression) <= 80 else expression[:79] + "…")) from None
    except (RecursionError, MemoryError, ValueError):  # nested too deeply, or a NUL character
        raise CalculationError(translate("Tools", "The expression is nested too deeply.")) from None
    try:
        return _value(tree.body)
    except CalculationError:
        raise
    except ZeroDivisionError:
        raise CalculationError(translate("Tools", "Division by zero.")) from None
    except OverflowError:
        raise CalculationError(translate("Tools", "The result is too large.")) from None
    except RecursionError:
        raise CalculationError(translate("Tools", "The expression is nested too deeply.")) from None
    except (ValueError, TypeError):  # math domain errors: sqrt(-1), log(0)
        raise CalculationError(translate("Tools", "A function was given a value outside its domain (such as the "
                                                  "square root or logarithm of a negative number).")) from None


def formatted(value: int | float) -> str:
    """The value as a person reads it: an integer whole, a float with 15 significant digits (no 0.30000000000000004)."""
    if isinstance(value, int):
        return str(value)
    return format(value, ".15g")


def _value(node: ast.AST) -> int | float:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return _bounded(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        left, right = _value(node.left), _value(node.right)
        if isinstance(node.op, ast.Pow):
            _check_power(left, right)
        return _bounded(OPERATORS[type(node.op)](left, right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        value = _value(node.operand)
        return value if isinstance(node.op, ast.UAdd) else -value
    if isinstance(node, ast.Name):
        if node.id in CONSTANTS:
            return CONSTANTS[node.id]
        raise CalculationError(translate("Tools", "Unknown name: {name}.").format(name=node.id))
    if isinstance(node, ast.Call):
        return _call(node)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitXor):
        raise CalculationError(translate("Tools", "Write powers with **, not ^ (2 ** 10)."))
    raise CalculationError(translate("Tools", "Only numbers, + - * / // % **, parentheses and the listed functions "
                                              "are understood."))


def _call(node: ast.Call) -> int | float:
    name = node.func.id if isinstance(node.func, ast.Name) else ""
    if name not in FUNCTIONS:
        raise CalculationError(translate("Tools", "Unknown function: {name}.").format(
            name=name or ast.unparse(node.func)[:40]))
    if node.keywords or any(isinstance(arg, ast.Starred) for arg in node.args):
        raise CalculationError(translate("Tools", "Give {name} its values in order, without names.").format(
            name=name))
    function, least, most = FUNCTIONS[name]
    if not least <= len(node.args) <= most:
        raise CalculationError(translate("Tools", "{name} takes from {least} to {most} values.").format(
            name=name, least=least, most=most))
    values = [_value(arg) for arg in node.args]
    if name == "round" and len(values) == 2:
        if not isinstance(values[1], int) or abs(values[1]) > MAX_ROUND_DIGITS:
            raise CalculationError(translate("Tools", "round's second value is a whole number of digits, at most "
                                                      "{limit}.").format(limit=MAX_ROUND_DIGITS))
    if name == "round" and isinstance(values[0], float) and not math.isfinite(values[0]):
        raise OverflowError
    return _bounded(function(*values))


def _check_power(base: int | float, exponent: int | float) -> None:
    """Refused before it is computed: 9 ** 9 ** 9 would take the machine's memory and hours."""
    if isinstance(base, int) and isinstance(exponent, int) and exponent > 0 and abs(base) > 1:
        if (abs(base).bit_length() - 1) * exponent > MAX_INT_BITS:
            raise OverflowError


def _bounded(value) -> int | float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, complex):  # (-8) ** (1 / 3)
        raise CalculationError(translate("Tools", "The result is not a real number."))
    if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
        raise OverflowError
    if isinstance(value, float) and math.isnan(value):
        raise CalculationError(translate("Tools", "The result is not a number."))
    if isinstance(value, float) and math.isinf(value):
        raise OverflowError
    return value
