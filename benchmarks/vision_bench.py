"""Images through the engine host, against llama.cpp's own llama-mtmd-cli on the same model, projector and image.

    .venv/bin/python benchmarks/vision_bench.py [--runs 5] [--threads 2] [--json FILE]

No real vision model can be downloaded on these machines, so the projector is a random-weight one the size of a
small real tower (tests/vision_fixture.py, size "bench": 224 px images in 14 px patches, 256 image tokens, four
384-wide layers) beside the real SmolLM2-135M. The work is real (the same libmtmd graph a real projector runs);
only the weights are noise. Each run, interleaved so the machine's noise falls on both alike:

- **encoding**: a new image's encoding by the projector, as Hearth's engine host reports it (``image_seconds``),
  and as llama-mtmd-cli logs it ("mtmd batch encoding done in N ms") for the same image, with the same threads.
  Goal: llama-mtmd-cli's time / Hearth's >= 0.95.
- **first token after an image**: from sending a message with a new image to its reply's first token, beside
  llama-mtmd-cli's encoding plus prompt evaluation of the same image (its own log), and the same message without
  the image, whose difference is what the image costs.
- **the embedding cache**: the same picture and question under another system prompt, so that nothing of the
  context or its snapshots can be reused and the picture's positions are evaluated again (as after the context was
  thrown away), with the image's embeddings kept, and with them forgotten (the reference: what every such turn
  cost without the cache).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from common import emit, smollm2_path, summary  # noqa: E402
from pinned_llama import mtmd_cli  # noqa: E402
from vision_fixture import write_projector  # noqa: E402

from assistant.core.engines.hosted import HostedEngine  # noqa: E402
from assistant.core.engines.types import GenerationParams, LoadOptions  # noqa: E402

ASK = "Describe this picture."
ONE_TOKEN = GenerationParams(temperature=0.0, max_tokens=1, prompt_lookup=False)
_CLI_ENCODE = re.compile(r"encoding done in (\d+) ms")
_CLI_PROMPT = re.compile(r"prompt eval time =\s+([\d.]+) ms /\s+(\d+) tokens")


def noise_image(path: Path, seed: int) -> Path:
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    Image.fromarray(rng.integers(0, 255, (480, 640, 3), dtype=np.uint8)).save(path)
    return path


def cli_seconds(cli: Path, model: Path, projector: Path, image: Path, threads: int) -> tuple[float, float, int]:
    """llama-mtmd-cli's own times for ``image``: (encoding, encoding + evaluating the whole prompt, the prompt's
    tokens), the second being its time to the first token."""
    done = subprocess.run([str(cli), "-m", str(model), "--mmproj", str(projector), "--image", str(image),
                           "-p", ASK, "-n", "1", "-t", str(threads), "--temp", "0", "-v"],
                          capture_output=True, text=True, timeout=600)
    found, prompt = _CLI_ENCODE.search(done.stdout + done.stderr), _CLI_PROMPT.search(done.stdout + done.stderr)
    if not found or not prompt:
        raise SystemExit(f"llama-mtmd-cli printed no encoding or prompt time:\n{done.stderr[-2000:]}")
    return int(found[1]) / 1000, (int(found[1]) + float(prompt[1])) / 1000, int(prompt[2])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json")
    args = parser.parse_args()
    cli = mtmd_cli()
    with tempfile.TemporaryDirectory(prefix="hearth-vision-bench-") as folder:
        folder = Path(folder)
        model = folder / "SmolLM2-135M-Instruct.Q4_1.gguf"
        model.symlink_to(smollm2_path())
        projector = write_projector(folder / "mmproj-SmolLM2-135M-Instruct-f16.gguf", 576, "mlp", size="bench")
        engine = HostedEngine()
        try:
            loaded = engine.load(str(model), options=LoadOptions(context_length=2048, n_threads=args.threads))
            if not loaded.sees:
                raise SystemExit(f"the projector was not loaded: {loaded.notes}")
            # Warm-up: the first image in a process pays for libmtmd's graph allocation, in both programs.
            engine.generate([{"role": "user", "content": ASK, "images": [str(noise_image(folder / "w.png", 99))]}],
                            ONE_TOKEN)
            runs = []
            for run in range(args.runs):
                image = str(noise_image(folder / f"image-{run}.png", run))
                cli_encode, cli_first_token, cli_tokens = cli_seconds(cli, model, projector, Path(image), args.threads)
                messages = [{"role": "user", "content": f"{ASK} ({run})", "images": [image]}]
                text_only = engine.generate([{"role": "user", "content": f"{ASK} ({run})"}], ONE_TOKEN)
                first = engine.generate(messages, ONE_TOKEN)
                cached = engine.generate([{"role": "system", "content": f"You are helpful ({run}a)."}] + messages,
                                         ONE_TOKEN)
                uncached = engine.generate([{"role": "system", "content": f"You are helpful ({run}b)."}] + messages,
                                           replace(ONE_TOKEN, image_cache=False))
                runs.append({
                    "hearth_encode_s": first.image_seconds, "cli_encode_s": cli_encode,
                    "first_token_with_image_s": first.time_to_first_token, "cli_first_token_s": cli_first_token,
                    "prompt_tokens": first.prompt_tokens, "cli_prompt_tokens": cli_tokens,
                    "first_token_text_only_s": text_only.time_to_first_token,
                    "image_tokens": first.prompt_tokens - text_only.prompt_tokens,
                    "again_cached_s": cached.time_to_first_token, "again_cached_encoded": cached.images_encoded,
                    "again_uncached_s": uncached.time_to_first_token,
                    "again_uncached_encoded": uncached.images_encoded,
                })
        finally:
            engine.close()
    figures = {key: summary([run[key] for run in runs]) for key in runs[0]}
    figures["encode_ratio_cli_over_hearth"] = summary([r["cli_encode_s"] / r["hearth_encode_s"] for r in runs])
    # Per prompt token: Hearth's prompt holds the model's default system prompt, llama-mtmd-cli's does not.
    figures["first_token_ratio_cli_over_hearth"] = summary([
        (r["cli_first_token_s"] / r["cli_prompt_tokens"]) / (r["first_token_with_image_s"] / r["prompt_tokens"])
        for r in runs])
    figures["cache_saves_s"] = summary([r["again_uncached_s"] - r["again_cached_s"] for r in runs])
    result = {"model": "SmolLM2-135M-Instruct Q4_1 + random 'bench' mlp projector (256 image tokens)",
              "threads": args.threads, "runs": args.runs, **figures}
    emit(result, args.json)
    ratio = figures["encode_ratio_cli_over_hearth"]["median"]
    print(f"encoding: Hearth {figures['hearth_encode_s']['median'] * 1000:.0f} ms, llama-mtmd-cli "
          f"{figures['cli_encode_s']['median'] * 1000:.0f} ms, ratio {ratio:.2f} (goal >= 0.95); first token with "
          f"an image {figures['first_token_with_image_s']['median']:.2f} s (llama-mtmd-cli "
          f"{figures['cli_first_token_s']['median']:.2f} s; per prompt token, ratio "
          f"{figures['first_token_ratio_cli_over_hearth']['median']:.2f}), without "
          f"{figures['first_token_text_only_s']['median']:.2f} s; under another system prompt: "
          f"{figures['again_cached_s']['median']:.2f} s with the embeddings kept, "
          f"{figures['again_uncached_s']['median']:.2f} s without", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
