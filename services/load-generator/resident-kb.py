#!/usr/bin/env python3
"""Resident memory of a group of processes with every physical page counted once, in kB.

Reads /proc/<pid>/maps and /proc/<pid>/pagemap: a present page's frame number identifies it, so pages that the
processes share (PostgreSQL's shared buffers, a library mapped by several of them) are counted once, as a cgroup
holding the group would be charged (page cache not mapped by the group excluded). Frame numbers need
CAP_SYS_ADMIN; without it the kernel reports them as 0 and this prints "n/a".
"""
import sys
from array import array

PRESENT = 1 << 63
FRAME = (1 << 55) - 1
PAGE = 4096


def frames(pid, seen):
    with open(f"/proc/{pid}/maps") as maps, open(f"/proc/{pid}/pagemap", "rb", buffering=0) as pagemap:
        for line in maps:
            span = line.split(None, 1)[0]
            lo, hi = (int(x, 16) for x in span.split("-"))
            if hi > 1 << 47:  # [vsyscall]: no page map entries
                continue
            pagemap.seek(lo // PAGE * 8)
            entries = array("Q")
            entries.frombytes(pagemap.read((hi - lo) // PAGE * 8))
            for entry in entries:
                if entry & PRESENT:
                    frame = entry & FRAME
                    if frame == 0:
                        raise PermissionError("page frame numbers hidden (needs CAP_SYS_ADMIN)")
                    seen.add(frame)


def main(pids):
    seen = set()
    try:
        for pid in pids:
            try:
                frames(pid, seen)
            except (FileNotFoundError, ProcessLookupError):
                pass  # exited meanwhile (a PostgreSQL backend)
    except PermissionError:
        print("n/a")
        return
    print(len(seen) * PAGE // 1024)


if __name__ == "__main__":
    main(sys.argv[1:])
