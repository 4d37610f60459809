"""vbaProject.bin from VBA source text ([MS-OVBA] 2.2-2.3): the PROJECT stream, the dir
stream and one compressed source stream per module, in a compound file.

The _VBA_PROJECT stream carries version 0xFFFF and no performance cache, which tells the
VBA host to compile the project from source on first open (2.3.4.1); so the source is all
we write, and any Excel version can load it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .cfb import compound_file
from .ovba import compress

CODEPAGE = 1252  # module text is kept ASCII (labels live in the customUI XML, which is UTF-8)
# Protection state, password and visibility of an unprotected, visible project, encrypted
# as [MS-OVBA] 2.4.3 asks; values as Excel saved them for a project whose ID is all zeros.
_PROJECT_ID = "{00000000-0000-0000-0000-000000000000}"
_CMG, _DPB, _GC = ("5456F8BF1E6E226E226A266A26",
                   "5456F8BF1E773B773B88C5783B62892276B116A782BA356CA92E62C1B07BDB5303DDBDE2B9B1",
                   "5456F8BF1E6B1F6B1F6B")
_VBA_PROJECT_STREAM = bytes.fromhex("CC61FFFF000000")
_DOCUMENT_BASES = {"ThisWorkbook": "0{00020819-0000-0000-C000-000000000046}",
                   "Sheet1": "0{00020820-0000-0000-C000-000000000046}"}

ModuleKind = Literal["module", "document"]


@dataclass(frozen=True)
class VbaModule:
    """One module: its name and its source text as the VBA editor exports it."""

    name: str
    source: str
    kind: ModuleKind = "module"


def document_module(name: str) -> VbaModule:
    """The empty code module behind the workbook (``ThisWorkbook``) or a sheet (``Sheet1``)."""
    attributes = [f'Attribute VB_Name = "{name}"', f'Attribute VB_Base = "{_DOCUMENT_BASES[name]}"',
                  "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
                  "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
                  "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]
    return VbaModule(name, "\r\n".join(attributes) + "\r\n", "document")


def vba_project(modules: Sequence[VbaModule], project_name: str) -> bytes:
    """The bytes of a vbaProject.bin holding ``modules`` (sources stored whole, compressed)."""
    streams = {"PROJECT": _project_stream(modules, project_name), "PROJECTwm": _project_wm(modules),
               "VBA/_VBA_PROJECT": _VBA_PROJECT_STREAM, "VBA/dir": compress(_dir_stream(modules, project_name))}
    for module in modules:
        streams[f"VBA/{module.name}"] = compress(_crlf(module.source).encode(_codec()))
    return compound_file(streams)


def _codec() -> str:
    return f"cp{CODEPAGE}"


def _crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def _project_stream(modules: Sequence[VbaModule], project_name: str) -> bytes:
    lines = [f'ID="{_PROJECT_ID}"']
    lines += [f"Document={m.name}/&H00000000" if m.kind == "document" else f"Module={m.name}" for m in modules]
    lines += [f'Name="{project_name}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{_CMG}"', f'DPB="{_DPB}"', f'GC="{_GC}"', "",
              "[Host Extender Info]", "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000", "",
              "[Workspace]"]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode(_codec())


def _project_wm(modules: Sequence[VbaModule]) -> bytes:
    """Module names in MBCS and UTF-16 (2.3.3), ending in two zero bytes."""
    out = b""
    for module in modules:
        out += module.name.encode(_codec()) + b"\x00" + module.name.encode("utf-16-le") + b"\x00\x00"
    return out + b"\x00\x00"


def _record(record_id: int, data: bytes) -> bytes:
    return record_id.to_bytes(2, "little") + len(data).to_bytes(4, "little") + data


def _u32(value: int) -> bytes:
    return value.to_bytes(4, "little")


def _dir_stream(modules: Sequence[VbaModule], project_name: str) -> bytes:
    name = project_name.encode(_codec())
    out = _record(0x0001, _u32(1))  # SYSKIND: 32-bit Windows; any host recompiles (version 0xFFFF)
    out += _record(0x0002, _u32(0x0409)) + _record(0x0014, _u32(0x0409))  # LCID, LCIDINVOKE
    out += _record(0x0003, CODEPAGE.to_bytes(2, "little"))
    out += _record(0x0004, name)
    out += _record(0x0005, b"") + _record(0x0040, b"")  # doc string, MBCS and Unicode
    out += _record(0x0006, b"") + _record(0x003D, b"")  # help file 1 and 2
    out += _record(0x0007, _u32(0)) + _record(0x0008, _u32(0))  # help context, lib flags
    # PROJECTVERSION: its size field is fixed at 4 although 6 bytes follow (2.3.4.2.1.11).
    out += (0x0009).to_bytes(2, "little") + _u32(4) + _u32(1) + (0).to_bytes(2, "little")
    out += _record(0x000C, b"") + _record(0x003C, b"")  # constants, MBCS and Unicode
    # No references: the dispatcher takes the ribbon control As Object, and the xlwings
    # module needs only the host's own libraries (VBA, Excel), which are always present.
    out += _record(0x000F, len(modules).to_bytes(2, "little"))
    out += _record(0x0013, (0xFFFF).to_bytes(2, "little"))
    for module in modules:
        out += _module_record(module)
    out += (0x0010).to_bytes(2, "little") + _u32(0)
    return out


def _module_record(module: VbaModule) -> bytes:
    mbcs, unicode = module.name.encode(_codec()), module.name.encode("utf-16-le")
    out = _record(0x0019, mbcs) + _record(0x0047, unicode)
    out += _record(0x001A, mbcs) + _record(0x0032, unicode)  # stream name
    out += _record(0x001C, b"") + _record(0x0048, b"")  # doc string
    out += _record(0x0031, _u32(0))  # source starts at 0: no performance cache
    out += _record(0x001E, _u32(0))  # help context
    out += _record(0x002C, (0xFFFF).to_bytes(2, "little"))  # cookie
    kind = 0x0021 if module.kind == "module" else 0x0022
    out += kind.to_bytes(2, "little") + _u32(0)
    out += (0x002B).to_bytes(2, "little") + _u32(0)
    return out
