"""A minimal writer of Compound File Binary files ([MS-CFB] version 3): the OLE container
of vbaProject.bin. Only what a VBA project needs: storages and streams, written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END_OF_CHAIN, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NO_STREAM
    right: int = NO_STREAM
    child: int = NO_STREAM
    start: int = END_OF_CHAIN


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A compound file holding ``streams`` keyed by path ("VBA/dir", "PROJECT")."""
    root = _Entry("Root Entry", 5)
    for path, data in streams.items():
        *folders, name = path.split("/")
        parent = root
        for folder in folders:
            parent = next((c for c in parent.children if c.name == folder and c.kind == 1), None) or _add(
                parent, _Entry(folder, 1))
        _add(parent, _Entry(name, 2, data))
    entries = _number(root)
    _link(root)

    small = [e for e in entries if e.kind == 2 and len(e.data) < MINI_CUTOFF]
    large = [e for e in entries if e.kind == 2 and len(e.data) >= MINI_CUTOFF]
    mini_stream, mini_fat = bytearray(), []
    for entry in small:
        entry.start = len(mini_stream) // MINI_SECTOR if entry.data else END_OF_CHAIN
        count = _ceil(len(entry.data), MINI_SECTOR)
        mini_fat += _chain(entry.start, count)
        mini_stream += _pad(entry.data, MINI_SECTOR)
    root.data = bytes(mini_stream)

    directory = b"".join(_directory_entry(e) for e in entries)
    directory = _pad(directory, SECTOR)
    mini_fat_bytes = _pad(b"".join(v.to_bytes(4, "little") for v in mini_fat), SECTOR)
    blobs = [directory, mini_fat_bytes, root.data] + [e.data for e in large]
    data_sectors = sum(_ceil(len(b), SECTOR) for b in blobs)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + data_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("compound file too large for a header-only FAT (more than 109 FAT sectors)")

    fat: list[int] = [FAT_SECTOR] * fat_sectors
    starts = []
    for blob in blobs:
        count = _ceil(len(blob), SECTOR)
        start = len(fat) if count else END_OF_CHAIN
        starts.append(start)
        fat += _chain(start, count)
    dir_start, mini_fat_start, root.start = starts[0], starts[1], starts[2]
    for entry, start in zip(large, starts[3:], strict=True):
        entry.start = start
    directory = _pad(b"".join(_directory_entry(e) for e in entries), SECTOR)  # with the starts now known
    fat += [FREE] * (fat_sectors * (SECTOR // 4) - len(fat))

    header = bytearray(_SIGNATURE + bytes(16))
    header += (0x003E).to_bytes(2, "little") + (3).to_bytes(2, "little") + b"\xFE\xFF"
    header += (9).to_bytes(2, "little") + (6).to_bytes(2, "little") + bytes(6)
    header += (0).to_bytes(4, "little")  # directory sectors: 0 in version 3
    header += fat_sectors.to_bytes(4, "little") + dir_start.to_bytes(4, "little") + bytes(4)
    header += MINI_CUTOFF.to_bytes(4, "little")
    header += (mini_fat_start if mini_fat else END_OF_CHAIN).to_bytes(4, "little")
    header += _ceil(len(mini_fat) * 4, SECTOR).to_bytes(4, "little")
    header += END_OF_CHAIN.to_bytes(4, "little") + (0).to_bytes(4, "little")
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header += b"".join(v.to_bytes(4, "little") for v in difat)
    body = b"".join(v.to_bytes(4, "little") for v in fat)
    out = bytes(header) + body + directory + mini_fat_bytes
    for blob in [root.data] + [e.data for e in large]:
        out += _pad(blob, SECTOR)
    return out


def _add(parent: _Entry, entry: _Entry) -> _Entry:
    parent.children.append(entry)
    return entry


def _number(root: _Entry) -> list[_Entry]:
    entries = [root]
    for entry in entries:
        for child in entry.children:
            child.sid = len(entries)
            entries.append(child)
    return entries


def _order(entry: _Entry) -> tuple[int, str]:
    """[MS-CFB] 2.6.4: siblings compare by name length first, then upper-cased name."""
    return len(entry.name), entry.name.upper()


def _link(storage: _Entry) -> None:
    """Siblings as a balanced binary tree, all black: readers follow the links, not the colours."""
    storage.child = _tree(sorted(storage.children, key=_order))
    for child in storage.children:
        if child.kind == 1:
            _link(child)


def _tree(siblings: list[_Entry]) -> int:
    if not siblings:
        return NO_STREAM
    middle = len(siblings) // 2
    node = siblings[middle]
    node.left, node.right = _tree(siblings[:middle]), _tree(siblings[middle + 1:])
    return node.sid


def _directory_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\x00\x00"
    if len(name) > 64:
        raise ValueError(f"name too long for a compound file: {entry.name}")
    size = len(entry.data) if entry.kind != 1 else 0
    start = entry.start if entry.kind != 1 else 0
    return (name.ljust(64, b"\x00") + len(name).to_bytes(2, "little") + bytes([entry.kind, 1])
            + entry.left.to_bytes(4, "little") + entry.right.to_bytes(4, "little")
            + entry.child.to_bytes(4, "little") + bytes(16 + 4 + 16)
            + start.to_bytes(4, "little") + size.to_bytes(8, "little"))


def _chain(start: int, count: int) -> list[int]:
    return [start + i + 1 for i in range(count - 1)] + [END_OF_CHAIN] if count else []


def _ceil(size: int, unit: int) -> int:
    return -(-size // unit)


def _pad(data: bytes, unit: int) -> bytes:
    return data + bytes(-len(data) % unit)
