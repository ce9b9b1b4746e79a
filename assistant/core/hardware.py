"""What this computer has: memory now (the GPU issue adds graphics cards here)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class SystemMemory:
    total: int
    available: int  # what a new process can use without pushing others into swap


def system_memory() -> SystemMemory:
    if sys.platform.startswith("linux"):
        return _linux_memory()
    if sys.platform == "win32":
        return _windows_memory()
    return _posix_memory()


def _linux_memory() -> SystemMemory:
    values: dict[str, int] = {}
    with open("/proc/meminfo", encoding="ascii") as meminfo:
        for line in meminfo:
            key, _, rest = line.partition(":")
            values[key] = int(rest.split()[0]) * 1024
    # MemAvailable counts reclaimable page cache, which is what "free" should mean for loading a model.
    available = values.get("MemAvailable", values.get("MemFree", 0) + values.get("Cached", 0))
    return SystemMemory(values["MemTotal"], available)


def _windows_memory() -> SystemMemory:
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status))
    return SystemMemory(status.ullTotalPhys, status.ullAvailPhys)


def _posix_memory() -> SystemMemory:
    page = os.sysconf("SC_PAGE_SIZE")
    total = os.sysconf("SC_PHYS_PAGES") * page
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * page
    except (ValueError, OSError):
        available = total // 2
    # macOS counts only truly free pages here and keeps most memory as reclaimable cache, so half the total is
    # a fairer floor than the raw number.
    return SystemMemory(total, max(available, total // 2))
