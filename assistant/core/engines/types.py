"""What an engine is asked and what it answers, as plain data: the same for the engine host's llama.cpp engine, the
GUI, the command line and, next, a remote engine. Nothing here loads llama.cpp."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.i18n import translate
from assistant.core.library.gguf_file import GgufInfo
from assistant.core.storage.settings import ModelSettings, Sampling

# Why a reply ended.
END_EOS, END_LENGTH, END_CONTEXT, END_STOPPED = "eos", "length", "context_full", "stopped"


class EngineError(Exception):
    """A failure the user can understand from the message alone. ``kind`` names it for code (core/engines/errors)."""

    def __init__(self, message: str = "", kind: str = "engine"):
        super().__init__(message)
        self.kind = kind


@dataclass
class LoadOptions:
    context_length: int = 4096
    n_threads: int | None = None
    n_gpu_layers: int = 0  # -1: every layer, the output layer included
    kv_type: str = "f16"  # "q8_0" and "q4_0" need flash attention
    # The planner turns it on with a GPU. On the CPU llama.cpp's kernel reads a prompt from an empty context about
    # 10% faster, but a short message late in a conversation 1.6x slower, so a long chat loses (docs/performance.md).
    flash_attention: bool = False
    batch_size: int = 512  # tokens per prompt-evaluation batch; micro-batches stay at 512
    # llama.cpp's extra buffer types: weights repacked for the CPU's fastest kernels (AVX-512, AMX, ARM's i8mm).
    # Off only after a crash: the AMX kernels segfault on some machines (ggml-org/llama.cpp#20824).
    repack: bool = True
    # The projector (mmproj) that reads images: None finds the one beside the model, "" loads none.
    projector: str | None = None



@dataclass
class LoadedModel:
    info: GgufInfo
    context_length: int
    n_threads: int
    n_gpu_layers: int
    load_seconds: float
    template_warning: str | None = None
    kv_type: str = "f16"
    notes: list[str] = field(default_factory=list)  # what the fallback ladder had to give up, for the user
    repack: bool = True  # weights repacked for the CPU's fastest kernels (LoadOptions.repack)
    thinks: bool = False  # the chat template has a thinking format (core/engines/reasoning)
    thinking_switch: bool = False  # and a switch that asks for none (enable_thinking, reasoning_effort, ...)
    # The chat template describes tools itself, as the model was trained to call them (core/engines/tool_calls);
    # False: it knows none, and the model is only told about them; None: not known (a server's model).
    calls_tools: bool | None = None
    sees: bool = False  # reads images: a projector (mmproj) was loaded with it, or a server's model has vision
    projector: str = ""  # the projector's file name, "" without one


def short_model_name(name: str) -> str:
    """A model's name for a reply's header: a server may name a model by its file's full path
    ("/home/u/models/qwen2.5-7b-instruct-q4_k_m.gguf") or a repository ("Qwen/Qwen2.5-7B"); what tells models
    apart is the last part, without ".gguf"."""
    last = name.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    if last.lower().endswith(".gguf"):
        last = last[:-len(".gguf")]
    return last or name


# A request's tool choice (OpenAI's names): the model may call a tool, must not, or must call one.
TOOLS_AUTO, TOOLS_NONE, TOOLS_REQUIRED = "auto", "none", "required"


@dataclass
class ToolCall:
    """One call a model wrote: ``arguments`` is the JSON text of an object, as OpenAI's clients take it (re-encoded
    from whatever the template's format wrote: JSON, XML parameters, Python-like keywords). ``problem`` says, for
    the user and the model, why a call cannot be run as written (its arguments are not JSON, ...); "" when it can.
    """

    id: str
    name: str
    arguments: str = "{}"
    problem: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> "ToolCall":
        return cls(str(data.get("id") or ""), str(data.get("name") or ""), str(data.get("arguments") or "{}"),
                   str(data.get("problem") or ""))

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "arguments": self.arguments, "problem": self.problem}


@dataclass
class GenerationParams(Sampling):
    """One request's choices: how the reply is drawn (the fields it shares with a model's settings), and more."""

    seed: int | None = None
    ignore_eos: bool = False  # generate exactly max_tokens tokens, as llama-bench does; for benchmarks
    # Evaluate tokens guessed from the conversation's own text ahead of the sampler (llama/prompt_lookup): the same
    # reply, sooner when it copies its input. Off only to measure it.
    prompt_lookup: bool = True
    # Use the embeddings of images encoded before (llama/vision); off only to measure what the cache saves.
    image_cache: bool = True
    # Tools the model may call, in OpenAI's form ({"type": "function", "function": {name, description,
    # parameters}}), which is also what chat templates read as ``tools``.
    tools: list[dict] = field(default_factory=list)
    tool_choice: str = TOOLS_AUTO  # TOOLS_AUTO, TOOLS_NONE or TOOLS_REQUIRED
    named_tool: str = ""  # a tool the model must call (OpenAI's {"type": "function", "function": {"name"}})
    parallel_tool_calls: bool = True  # False: at most one call per reply
    # The answer must be JSON matching this schema (response_format); {} for any JSON object. None: free text.
    response_schema: dict | None = None

    @classmethod
    def from_settings(cls, chosen: ModelSettings, max_tokens: int | None = None,
                      temperature: float | None = None) -> "GenerationParams":
        """From a model's ``ModelSettings``; a task may ask for its own reply length and temperature."""
        params = cls(**chosen.sampling(), seed=None if chosen.seed < 0 else chosen.seed)
        params.max_tokens = max_tokens or chosen.max_tokens
        if temperature is not None:
            params.temperature = temperature
        return params


@dataclass
class GenerationResult:
    text: str = ""
    end: str = END_EOS
    prompt_tokens: int = 0
    generated_tokens: int = 0
    dropped_messages: int = 0
    time_to_first_token: float | None = None
    tokens_per_second: float | None = None
    prompt_evaluated: int = 0  # prompt tokens llama.cpp had to evaluate; the rest was already in the context
    restored_tokens: int = 0  # prompt tokens that came back from a saved snapshot of the context
    prompt_seconds: float | None = None  # from the request to the prompt being evaluated
    token_ids: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    thinking: str = ""  # the reply's reasoning, kept apart from ``text`` (the answer)
    thinking_tokens: int = 0
    thinking_seconds: float | None = None  # from the first token to the end of the thinking block
    counts_estimated: bool = False  # a server that sent no usage: the token counts are estimates
    guessed_tokens: int = 0  # evaluated ahead of the sampler by prompt lookup (llama/prompt_lookup)
    guessed_kept: int = 0  # of those, the tokens the sampler then picked
    images_encoded: int = 0  # images the projector encoded for this prompt (the others' embeddings were kept)
    image_seconds: float = 0.0  # spent encoding them
    tool_calls: list[ToolCall] = field(default_factory=list)  # in the order written; never part of ``text``

    @property
    def stopped(self) -> bool:
        return self.end == END_STOPPED

    def no_answer_reason(self) -> str | None:
        """Why a reply that ended by itself holds no answer, in words for the user; None when it has one or the user
        stopped it. The cause is told apart from the figures, so that a full context is never blamed on the thinking
        budget (which, when spent, closes the thinking and lets the model answer: engine._close_thinking)."""
        if self.stopped or self.text.strip():
            return None
        if self.end == END_CONTEXT:
            return translate(
                "Engine", "No answer: the conversation filled the model's context ({prompt} prompt + {generated} "
                          "generated tokens) before the model could answer. Start a new chat, or raise the context "
                          "length in Model → Model settings.").format(
                prompt=f"{self.prompt_tokens:,}", generated=f"{self.generated_tokens:,}")
        if self.end == END_LENGTH:
            return translate("Engine", "No answer: the reply reached its length limit ({tokens} tokens) before the "
                                       "model wrote an answer. Raise the longest reply in Model → Model "
                                       "settings.").format(tokens=f"{self.generated_tokens:,}")
        if self.thinking_tokens:
            return translate("Engine", "No answer: the model stopped by itself after {tokens} tokens of thinking, "
                                       "without writing an answer. Open its thinking, or regenerate the "
                                       "reply.").format(tokens=f"{self.thinking_tokens:,}")
        return translate("Engine", "No answer: the model stopped by itself without writing anything. Regenerate the "
                                   "reply, or ask in other words.")


@dataclass
class Embeddings:
    """Vectors from the embedding model, normalized, as float32 little-endian rows (what the index stores)."""

    packed: bytes
    count: int
    dimensions: int
    tokens: int = 0

    @classmethod
    def unpack(cls, message: dict) -> "Embeddings":
        import base64

        packed = base64.b64decode(message.get("vectors") or "")
        dimensions = int(message.get("dimensions") or 0)
        return cls(packed, len(packed) // (4 * dimensions) if dimensions else 0, dimensions,
                   int(message.get("tokens") or 0))

    def row(self, index: int) -> bytes:
        size = 4 * self.dimensions
        return self.packed[index * size:(index + 1) * size]
