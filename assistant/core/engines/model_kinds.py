"""Models llama.cpp can load but Hearth cannot chat with, told apart by their header before llama.cpp is asked.

Diffusion language models (Dream, LLaDA, LLaDA-MoE, RND1) write a whole reply at once by refining masked tokens;
llama.cpp runs them only through its diffusion example, and a context made for them has no memory, so the first
decode fails ("Memory is not initialized"). Refused with one line instead.
"""

from __future__ import annotations

from assistant.core.i18n import translate
from assistant.core.library.gguf_file import GgufInfo

# llama.cpp's names (src/llama-arch.cpp) of the architectures it runs only through examples/diffusion.
DIFFUSION_ARCHITECTURES = frozenset({"dream", "llada", "llada-moe", "rnd1"})


def cannot_chat(info: GgufInfo) -> str | None:
    """Why the model cannot chat here, in one line for the user; None when it can (as far as its header says)."""
    if info.architecture in DIFFUSION_ARCHITECTURES:
        return translate("Engine", "{model} is a diffusion language model ({architecture}); Hearth cannot chat with "
                                   "this kind of model.").format(model=info.name, architecture=info.architecture)
    return None


# Encoders llama.cpp runs only for embeddings (src/llama-arch.cpp): no chat, and no pooling key needed.
ENCODER_ARCHITECTURES = frozenset({"bert", "nomic-bert", "nomic-bert-moe", "jina-bert-v2", "jina-bert-v3",
                                   "modern-bert", "neo-bert", "xlm-roberta", "t5encoder", "gemma-embedding"})
# Names embedding models go by, for a decoder converted without its pooling key (some Qwen3-Embedding GGUFs).
_EMBEDDING_NAMES = ("embed", "bge-", "bge_", "gte-", "e5-")


def cannot_embed(info: GgufInfo) -> str | None:
    """Why the model is not one to find passages by meaning with, in one line; None when its header says it is:
    an encoder, or a model converted for embeddings (it has a pooling type: Qwen3-Embedding, EmbeddingGemma).
    A chat model would give vectors, but poor ones, and a user who picked it by mistake would never know."""
    if info.architecture in ENCODER_ARCHITECTURES or f"{info.architecture}.pooling_type" in info.metadata:
        return None
    names = f"{info.name} {info.path.name}".lower()
    if any(mark in names for mark in _EMBEDDING_NAMES):
        return None
    return translate("Engine", "{model} is not an embedding model: choose one made to find passages by meaning, "
                               "such as bge-m3 or Qwen3-Embedding.").format(model=info.name)
