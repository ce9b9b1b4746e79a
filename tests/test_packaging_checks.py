"""The bundle check that every installer build runs (packaging/check_bundle.py), on a folder laid out like one.
The build itself is tested by packaging/test.sh, which is too slow for this suite."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("check_bundle", ROOT / "packaging" / "check_bundle.py")
check_bundle = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_bundle)

LINUX_BUNDLE = [
    "hearth-assistant", "_internal/llama_cpp/lib/libllama.so", "_internal/llama_cpp/lib/libggml-base.so.0",
    "_internal/llama_cpp/lib/libggml-cpu-x64.so", "_internal/llama_cpp/lib/libggml-cpu-skylakex.so",
    "_internal/PySide6/Qt/plugins/platforms/libqxcb.so", "_internal/PySide6/Qt/plugins/platforms/libqwayland.so",
    "_internal/PySide6/Qt/plugins/platforms/libqoffscreen.so", "_internal/PySide6/Qt/plugins/imageformats/libqsvg.so",
    "_internal/PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "_internal/assistant/resources/style.qss", "_internal/assistant/resources/icons/hearth.svg",
    "_internal/assistant/resources/icons/lucide/settings.svg", "_internal/assistant/resources/icons/lucide/LICENSE",
    "_internal/assistant/resources/prompts.json", "_internal/py3langid/data/model.plain.gz",
    "_internal/gguf/constants.py", "_internal/certifi/cacert.pem",
    "_internal/assistant/resources/i18n/hearth_zh_CN.qm", "_internal/assistant/resources/i18n/hearth_en.qm",
    "_internal/PySide6/Qt/translations/qtbase_zh_CN.qm",
    # Pictures: libmtmd for projectors, Pillow's WebP and colour management.
    "_internal/llama_cpp/lib/libmtmd.so", "_internal/PIL/_webp.cpython-311-x86_64-linux-gnu.so",
    "_internal/PIL/_imagingcms.cpython-311-x86_64-linux-gnu.so",
    "_internal/docx/templates/default.docx", "_internal/pptx/templates/default.pptx",
    # OCR: the core-and-imgproc OpenCV (packaging/build_opencv.sh), ONNX Runtime, RapidOCR's models.
    "_internal/cv2.cpython-311-x86_64-linux-gnu.so",
    "_internal/onnxruntime/capi/onnxruntime_pybind11_state.cpython-311-x86_64-linux-gnu.so",
    "_internal/rapidocr_onnxruntime/models/ch_PP-OCRv4_rec_infer.onnx",
]


def make_bundle(folder: Path, names: list[str], size: int = 1024) -> Path:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x" * size)
    return folder


def test_a_complete_bundle_within_budget_passes(tmp_path):
    problems, report = check_bundle.check(make_bundle(tmp_path, LINUX_BUNDLE), 1, "linux")
    assert problems == []
    assert report["files"] == len(LINUX_BUNDLE)


def test_links_are_not_counted_twice(tmp_path):
    bundle = make_bundle(tmp_path, LINUX_BUNDLE)
    (bundle / "_internal" / "libllama.so").symlink_to(bundle / "_internal/llama_cpp/lib/libllama.so")
    assert check_bundle.check(bundle, 1, "linux")[1]["files"] == len(LINUX_BUNDLE)


def test_over_budget_missing_parts_and_unwanted_ones_are_each_named(tmp_path):
    names = [n for n in LINUX_BUNDLE if "libqxcb" not in n and "libggml-cpu" not in n and "cv2" not in n] + [
        "_internal/opencv_python.libs/libavcodec-e863e0e1.so.61.3.100",  # PyPI's OpenCV, with its video codecs
        "_internal/PySide6/Qt/lib/libQt6WebEngineCore.so.6",
        "_internal/llama_cpp/lib/libllama.so.0.5.0",
        "_internal/PySide6/Qt/plugins/platformthemes/libqgtk3.so"]
    problems, _ = check_bundle.check(make_bundle(tmp_path, names, size=100_000), 1, "linux")
    text = "\n".join(problems)
    assert "over the budget of 1 MB" in text
    assert "missing: nothing matches platforms/libqxcb" in text
    assert "missing: nothing matches llama_cpp/lib/libggml-cpu" in text  # no CPU backend: no model would load
    assert "missing: nothing matches _internal/cv2" in text and "opencv_python.libs" in text  # OCR, small or not
    assert "WebEngine" in text and "libllama.so.0.5.0" in text and "qgtk3" in text


def test_every_budget_the_workflow_asks_for_is_written_down():
    import json

    budgets = json.loads((ROOT / "packaging" / "size_budget.json").read_text())["megabytes"]
    workflow = (ROOT / ".github" / "workflows" / "release.yml").read_text()
    for platform, variant in (("linux", "cpu"), ("linux", "cuda"), ("win32", "cpu"), ("win32", "cuda"),
                              ("darwin", "metal")):
        assert f"{platform}-{variant}" in budgets
        assert f"variant: {variant}" in workflow
