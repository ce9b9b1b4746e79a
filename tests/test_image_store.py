"""The image store on a real folder: pictures kept once by their content, found again by hash, removed when nothing
refers to them; a real write failure (a file-size limit set on a child process, as a full disk fails a write)
raises OSError and leaves no partial file."""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from PIL import Image

from assistant.core.images.image_file import ImageProblem
from assistant.core.images.image_store import ImageStore, StoredImage


def png(colour=(200, 30, 30), size=(30, 20)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_a_picture_is_kept_once_under_the_hash_of_its_prepared_bytes(tmp_path):
    store = ImageStore(tmp_path / "not" / "yet" / "images")
    first = store.add_bytes(png(), "a.png")
    again = store.add_bytes(png(), "b.png")
    assert first == again and isinstance(first, StoredImage)
    assert first.sha256 == hashlib.sha256(first.path.read_bytes()).hexdigest()
    assert first.path == store.root / first.sha256[:2] / f"{first.sha256}.png"
    assert (first.width, first.height, first.mime) == (30, 20, "image/png")
    assert files(store.root) == [f"{first.sha256[:2]}/{first.sha256}.png"]


def test_a_photo_is_kept_as_jpg_and_found_again_with_its_size(tmp_path):
    photo = tmp_path / "photo.jpg"
    Image.effect_noise((64, 48), 50).convert("RGB").save(photo, "JPEG")
    store = ImageStore(tmp_path / "images")
    kept = store.add_file(photo)
    assert kept.path.suffix == ".jpg" and kept.mime == "image/jpeg"
    assert store.get(kept.sha256) == kept
    assert ImageStore(tmp_path / "images").get(kept.sha256) == kept  # a new store on the same folder


def test_get_answers_none_for_what_is_not_kept_or_not_a_hash(tmp_path):
    store = ImageStore(tmp_path / "images")
    assert store.get("0" * 64) is None
    kept = store.add_bytes(png())
    for wrong in ("", "../../etc/passwd", kept.sha256.upper(), kept.sha256[:63], kept.sha256 + "0"):
        assert store.get(wrong) is None


def test_a_refused_picture_leaves_nothing_behind(tmp_path):
    store = ImageStore(tmp_path / "images")
    (tmp_path / "fake.png").write_text("not a picture")
    with pytest.raises(ImageProblem):
        store.add_file(tmp_path / "fake.png")
    with pytest.raises(ImageProblem):
        store.add_bytes(b"GIF89a")
    assert not store.root.exists()


def test_remove_unused_keeps_what_is_referenced_or_recent_and_tidies_crash_leftovers(tmp_path):
    store = ImageStore(tmp_path / "images")
    kept, dropped = store.add_bytes(png((1, 2, 3))), store.add_bytes(png((4, 5, 6)))
    fresh_leftover = kept.path.parent / ".abc.part"
    old_leftover = dropped.path.parent / ".def.part"
    fresh_leftover.write_bytes(b"half")
    old_leftover.write_bytes(b"half")
    hour_ago = time.time() - 3700
    os.utime(old_leftover, (hour_ago, hour_ago))

    assert store.remove_unused({kept.sha256}, grace_s=600) == 0  # both added just now
    assert store.remove_unused({kept.sha256}) == 1
    assert store.get(dropped.sha256) is None and store.get(kept.sha256) == kept
    assert not old_leftover.exists() and fresh_leftover.exists()
    if kept.sha256[:2] != dropped.sha256[:2]:
        assert not dropped.path.parent.exists()  # its emptied folder went with it
    assert store.remove_unused(set()) == 1 and store.get(kept.sha256) is None
    assert ImageStore(tmp_path / "never").remove_unused(set()) == 0


def test_adding_again_renews_the_grace(tmp_path):
    store = ImageStore(tmp_path / "images")
    kept = store.add_bytes(png())
    day_ago = time.time() - 86_400
    os.utime(kept.path, (day_ago, day_ago))
    store.add_bytes(png())
    assert store.remove_unused(set(), grace_s=3600) == 0 and kept.path.exists()


def test_two_threads_adding_the_same_picture_keep_one_whole_file(tmp_path):
    store = ImageStore(tmp_path / "images")
    data = png(size=(400, 300))
    results, start = [], threading.Barrier(4)

    def add():
        start.wait()
        results.append(store.add_bytes(data))

    threads = [threading.Thread(target=add) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1 and len(files(store.root)) == 1
    assert hashlib.sha256(results[0].path.read_bytes()).hexdigest() == results[0].sha256


def test_a_write_that_fails_raises_oserror_and_leaves_no_partial_file(tmp_path):
    # A file-size limit makes the kernel refuse the write (EFBIG) as a full disk refuses it (ENOSPC): set in a child
    # process so that this one keeps writing normally.
    root = tmp_path / "images"
    script = textwrap.dedent(f"""
        import io, resource, signal
        from PIL import Image
        from assistant.core.images.image_store import ImageStore
        picture = io.BytesIO()
        Image.effect_noise((600, 600), 80).convert("RGB").save(picture, "PNG")
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            ImageStore({str(root)!r}).add_bytes(picture.getvalue())
        except OSError as error:
            print("OSError", error.errno)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                          cwd=Path(__file__).parents[1])
    assert done.stdout.startswith("OSError") and done.stderr == ""
    assert files(root) == []


def test_a_folder_that_cannot_be_written_raises_oserror(tmp_path):
    # A file where the store's folder should be: refused for root too (a read-only folder is not, so CI would
    # never run a chmod-based version of this test).
    root = tmp_path / "images"
    root.write_bytes(b"not a folder")
    with pytest.raises(OSError):
        ImageStore(root).add_bytes(png())
    assert root.read_bytes() == b"not a folder"
