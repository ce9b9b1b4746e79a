"""Checks a built bundle (the PyInstaller folder): within its size budget, carrying what the app needs, and not
carrying what it never uses. Exits 1 with the reasons when it is not.

    python packaging/check_bundle.py dist/hearth-assistant --budget packaging/size_budget.json [--variant cpu]
        [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

# Each must match at least one file, on the platform the bundle was built for.
REQUIRED = {
    # A CPU backend: linked in (libggml-cpu.so.0), or one library per instruction set, chosen at run time.
    "linux": [r"llama_cpp/lib/libllama\.so$", r"llama_cpp/lib/libggml-base\.so\.\d+$",
              r"llama_cpp/lib/libggml-cpu(\.so\.\d+|-[\w.]+\.so)$",
              r"platforms/libqxcb\.so$", r"platforms/libqwayland", r"platforms/libqoffscreen\.so$",
              r"imageformats/libqsvg\.so$", r"platforminputcontexts/libibusplatforminputcontextplugin\.so$",
              # OCR of scanned PDF pages: the core-and-imgproc OpenCV, ONNX Runtime, RapidOCR's models.
              r"_internal/cv2\.[\w-]+\.so$", r"onnxruntime/capi/onnxruntime_pybind11_state",
              r"rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer\.onnx$"],
    "win32": [r"llama_cpp/lib/llama\.dll$", r"platforms/qwindows\.dll$", r"imageformats/qsvg\.dll$"],
    "darwin": [r"llama_cpp/lib/libllama\.dylib$", r"platforms/libqcocoa\.dylib$", r"imageformats/libqsvg\.dylib$"],
}
REQUIRED_ANYWHERE = [r"llama_cpp/lib/(lib)?mtmd\.(so|dll|dylib)$", r"PIL/_webp", r"PIL/_imagingcms",
                     r"assistant/resources/style\.qss$", r"assistant/resources/icons/hearth\.svg$",
                     r"assistant/resources/icons/lucide/settings\.svg$", r"assistant/resources/icons/lucide/LICENSE$",
                     r"assistant/resources/prompts\.json$", r"py3langid/data/", r"gguf/constants\.py$",
                     r"certifi/cacert\.pem$", r"assistant/resources/i18n/hearth_zh_CN\.qm$",
                     r"assistant/resources/i18n/hearth_en\.qm$", r"translations/qtbase_zh_CN\.qm$",
                     r"docx/templates/default\.docx$", r"pptx/templates/default\.pptx$"]
# Never wanted: Qt's web engine, QML and Quick, the test tools, or a second copy of a llama.cpp library.
FORBIDDEN = [r"qgtk3", r"libcairo", r"eglfs", r"Qt6?WebEngine", r"Qt6?Qml", r"Qt6?Quick", r"Qt6?Pdf", r"Qt6?Multimedia", r"Qt6?3D", r"/qml/",
             r"(^|/)pytest", r"PIL/_avif", r"opencv_python", r"hf_xet",
             r"llama_cpp/lib/lib(llama|ggml[-a-z]*)\.so\.\d+\.\d+",
             r"assistant/resources/i18n/.*\.ts$"]  # the Linguist sources: the bundle has their compiled .qm instead


def files_of(bundle: Path) -> dict[str, int]:
    """Every file and its size; a link (PyInstaller links libraries into the top folder) is not counted twice."""
    return {p.relative_to(bundle).as_posix(): p.stat().st_size for p in bundle.rglob("*")
            if p.is_file() and not p.is_symlink()}


def check(bundle: Path, budget_mb: float, platform: str) -> tuple[list[str], dict]:
    files = files_of(bundle)
    total = sum(files.values())
    problems = []
    if total > budget_mb * 2**20:
        problems.append(f"{total / 2**20:.0f} MB is over the budget of {budget_mb:.0f} MB")
    for pattern in REQUIRED.get(platform, []) + REQUIRED_ANYWHERE:
        if not any(re.search(pattern, name) for name in files):
            problems.append(f"missing: nothing matches {pattern}")
    for pattern in FORBIDDEN:
        found = [name for name in files if re.search(pattern, name)]
        if found:
            problems.append(f"should not be there ({pattern}): {', '.join(found[:3])}")
    largest = sorted(files.items(), key=lambda item: -item[1])[:12]
    report = {"total_mb": round(total / 2**20, 1), "budget_mb": budget_mb, "files": len(files),
              "largest": [{"file": name, "mb": round(size / 2**20, 1)} for name, size in largest]}
    return problems, report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--budget", type=Path, required=True)
    parser.add_argument("--variant", default="cpu")
    parser.add_argument("--platform", default=sys.platform if sys.platform != "linux" else "linux")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    budgets = json.loads(args.budget.read_text())
    key = f"{args.platform}-{args.variant}"
    if key not in budgets["megabytes"]:
        print(f"no budget for {key} in {args.budget}", file=sys.stderr)
        return 1
    problems, report = check(args.bundle, budgets["megabytes"][key], args.platform)
    print(f"bundle {args.bundle}: {report['total_mb']} MB of {report['budget_mb']} MB budget ({key}), "
          f"{report['files']} files")
    for entry in report["largest"][:6]:
        print(f"  {entry['mb']:7.1f} MB  {entry['file']}")
    if args.json:
        args.json.write_text(json.dumps({**report, "problems": problems}, indent=2))
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
