"""MS-OVBA compression (section 2.4.1): the run-length scheme every VBA source stream uses.

Written here rather than taken from ms-ovba 0.0.1, whose output truncated the 1,200-line
xlwings module. Tests decompress with oletools' independent implementation.
"""

from __future__ import annotations

CHUNK = 4096
_MAX_CANDIDATES = 48  # how far back in one 3-byte bucket we look; longer only improves ratio


def compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte 0x01, then one chunk per 4096 decompressed bytes."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        out += _chunk(data[start:start + CHUNK])
    return bytes(out)


def _chunk(block: bytes) -> bytes:
    body = _compressed_tokens(block)
    if len(body) > CHUNK - 2 and len(block) == CHUNK:
        # 2.4.1.3.7: a chunk that does not shrink is stored raw (flag 0), exactly 4096 bytes.
        return (0x3000 | (CHUNK - 1)).to_bytes(2, "little") + block
    if len(body) > CHUNK:
        # Only a short, incompressible last chunk gets here; VBA source text never does.
        raise ValueError("a short chunk that does not compress cannot be stored (MS-OVBA 2.4.1.3.7)")
    header = 0x8000 | 0x3000 | (len(body) + 2 - 3)
    return header.to_bytes(2, "little") + body


def _compressed_tokens(block: bytes) -> bytes:
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    pos = 0
    while pos < len(block):
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= len(block):
                break
            offset, length = _longest_match(block, pos, seen)
            if length >= 3:
                out += _copy_token(pos, offset, length).to_bytes(2, "little")
                flags |= 1 << bit
                step = length
            else:
                out.append(block[pos])
                step = 1
            for p in range(pos, pos + step):
                seen.setdefault(block[p:p + 3], []).append(p)
            pos += step
        out[flag_at] = flags
    return bytes(out)


def _bit_count(position: int) -> int:
    """Bits of a copy token that hold the offset, for a token at ``position`` in its chunk."""
    bits = 4
    while (1 << bits) < position:
        bits += 1
    return bits


def _longest_match(block: bytes, pos: int, seen: dict[bytes, list[int]]) -> tuple[int, int]:
    candidates = seen.get(block[pos:pos + 3])
    if not candidates:
        return 0, 0
    max_length = min((0xFFFF >> _bit_count(pos)) + 3, len(block) - pos)
    best_offset, best_length = 0, 0
    for start in reversed(candidates[-_MAX_CANDIDATES:]):
        length = 0
        # Overlapping copies are allowed: the decompressor copies byte by byte.
        while length < max_length and block[start + length] == block[pos + length]:
            length += 1
        if length > best_length:
            best_offset, best_length = pos - start, length
            if length == max_length:
                break
    return best_offset, best_length


def _copy_token(pos: int, offset: int, length: int) -> int:
    bits = _bit_count(pos)
    return ((offset - 1) << (16 - bits)) | (length - 3)
