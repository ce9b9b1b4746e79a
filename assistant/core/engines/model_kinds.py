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
