"""Tool calls: how each chat template writes them, reading them out of a streamed reply, and the messages that
carry calls and their results back to the template."""

from assistant.core.engines.tool_calls.call_format import GENERIC, ToolCallFormat, analyse
from assistant.core.engines.tool_calls.call_splitter import ToolCallSplitter
from assistant.core.engines.tool_calls.forced import parse_forced
from assistant.core.engines.tool_calls.reply_splitter import ReplySplitter
from assistant.core.engines.tool_calls.turns import template_messages, template_variables

__all__ = ["GENERIC", "ReplySplitter", "ToolCallFormat", "ToolCallSplitter", "analyse", "parse_forced",
           "template_messages", "template_variables"]
