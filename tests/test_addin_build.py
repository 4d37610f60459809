"""The add-in a manager installs: registry, ribbon and VBA agree, and the .xlam holds every
module whole, as oletools and LibreOffice (two independent readers) see it."""

from __future__ import annotations

import re
import zipfile
from importlib.metadata import version
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser, decompress_stream

from repbook.addin.macros import DISPATCHER, macro_modules, project_modules
from repbook.addin.ovba import compress
from repbook.addin.package import MAIN_TYPES, build_addin, built_xlwings_version
from repbook.addin.ribbon import CUSTOM_UI_NS, CUSTOM_UI_PART, command_for_button, ribbon_commands
from repbook.registry import COMMANDS
from tests.support.libreoffice import LibreOffice

NS = {"ui": CUSTOM_UI_NS}


@pytest.fixture(scope="module")
def addin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_addin(tmp_path_factory.mktemp("addin") / "repbook.xlam")


def extracted_modules(addin: Path) -> dict[str, str]:
    with zipfile.ZipFile(addin) as package:
        parser = VBA_Parser("vbaProject.bin", data=package.read("xl/vbaProject.bin"))
    return {name.rsplit(".", 1)[0]: source for _, _, name, source in parser.extract_macros()}


def ribbon(addin: Path) -> ET.Element:
    with zipfile.ZipFile(addin) as package:
        return ET.fromstring(package.read(CUSTOM_UI_PART))


def normal(source: str) -> str:
    return source.replace("\r\n", "\n").rstrip("\n")


def test_every_button_calls_the_dispatcher_the_built_vba_defines(addin: Path) -> None:
    buttons = ribbon(addin).findall(".//ui:button", NS)
    assert buttons and {b.get("onAction") for b in buttons} == {DISPATCHER}
    dispatcher_source = normal(extracted_modules(addin)["Repbook_Ribbon"])
    assert re.search(rf"^Public Sub {DISPATCHER}\(control As Object\)$", dispatcher_source, re.MULTILINE)


def test_every_command_with_a_ribbon_group_is_one_button_whose_id_names_it(addin: Path) -> None:
    buttons = ribbon(addin).findall(".//ui:button", NS)
    assert [command_for_button(b.get("id", "")).id for b in buttons] == [c.id for c in ribbon_commands()]
    assert {c.id for c in COMMANDS if c.group} == {c.id for c in ribbon_commands()}
    assert "demo" not in {c.id for c in ribbon_commands()}


def test_the_tab_speaks_the_managers_language(tmp_path: Path, addin: Path) -> None:
    tab = ribbon(addin).find(".//ui:tab", NS)
    assert tab is not None and tab.get("label") == "销售管理"
    groups = [g.get("label") for g in tab.findall("ui:group", NS)]
    assert groups == ["计划", "记录", "检查", "汇总", "分发"]
    validate = next(b for b in tab.iter(f"{{{CUSTOM_UI_NS}}}button") if b.get("id") == "Repbook_validate")
    assert (validate.get("label"), validate.get("tag")) == ("检查并标注", "zh-CN")
    english = ribbon(build_addin(tmp_path / "en.xlam", "en")).find(".//ui:tab", NS)
    assert english is not None and english.get("label") == "Sales management"


def test_the_add_in_is_a_package_whose_parts_all_have_types_and_relationships(addin: Path) -> None:
    with zipfile.ZipFile(addin) as package:
        names = set(package.namelist())
        types = ET.fromstring(package.read("[Content_Types].xml"))
        overrides = {o.get("PartName"): o.get("ContentType") for o in types}
        defaults = {d.get("Extension") for d in types if d.get("Extension")}
        for name in names:
            assert "/" + name in overrides or name.rsplit(".", 1)[-1] in defaults, name
        assert overrides["/xl/workbook.xml"] == MAIN_TYPES["addin"]
        for rels in [n for n in names if n.endswith(".rels")]:
            folder = rels.split("_rels/")[0].rstrip("/")
            for rel in ET.fromstring(package.read(rels)):
                target = f"{folder}/{rel.get('Target')}" if folder else rel.get("Target")
                assert target in names, (rels, target)
    assert built_xlwings_version(addin) == version("xlwings")


def test_olevba_extracts_every_module_whole(addin: Path) -> None:
    found = extracted_modules(addin)
    for module in project_modules():
        assert normal(found[module.name]) == normal(module.source), module.name
    xlwings_source = found["Repbook_xlwings"]
    assert len(xlwings_source.splitlines()) > 1100  # the module ms-ovba 0.0.1 truncated
    assert "Option Private Module" in xlwings_source and 'PROJECT_NAME As String = "repbook"' in xlwings_source


def test_macros_source_is_what_the_add_in_carries(addin: Path) -> None:
    found = extracted_modules(addin)
    for module in macro_modules():
        assert normal(found[module.name]) == normal(module.source)


def test_every_vba_name_is_prefixed_against_other_add_ins() -> None:
    for module in project_modules():
        if module.kind == "module":
            assert module.name.startswith("Repbook_")
    for module in macro_modules():
        procedures = re.findall(r"^(?:Public |Private )?(?:Sub|Function) (\w+)", normal(module.source), re.MULTILINE)
        assert procedures and all(p.startswith("Repbook_") for p in procedures)


@pytest.mark.libreoffice
def test_libreoffice_imports_every_module_with_its_full_source(tmp_path: Path, libreoffice: LibreOffice) -> None:
    # LibreOffice refuses the add-in content type; the same parts typed as a macro-enabled sheet load.
    copy = build_addin(tmp_path / "repbook-copy.xlsm", kind="xlsm")
    (ods,) = libreoffice.convert([copy], "ods")
    with zipfile.ZipFile(ods) as package:
        for module in project_modules():
            xml = package.read(f"Basic/Repbook/{module.name}.xml")
            imported = ET.fromstring(xml).text or ""
            expected = [line for line in normal(module.source).split("\n") if not line.startswith("Attribute ")]
            lines = imported.replace("\r\n", "\n").split("\n")
            start = lines.index(expected[0]) if expected else 0
            assert lines[start:start + len(expected)] == expected, module.name


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.binary(max_size=9000),
                 st.text(alphabet="Dim x As String\r\n'()&.=", max_size=20000).map(str.encode)))
def test_compression_round_trips_through_oletools(data: bytes) -> None:
    assert decompress_stream(bytearray(compress(data))) == data
