"""The ribbon: a customUI part generated from the command registry.

Every registry command with a ribbon group is one button; each button calls the one VBA
dispatcher with its id, and the id names its command, so ribbon, VBA and registry cannot
drift apart.
"""

from __future__ import annotations

from repbook.registry import COMMANDS, GROUP_ORDER, CommandInfo

CUSTOM_UI_NS = "http://schemas.microsoft.com/office/2006/01/customui"
CUSTOM_UI_PART = "customUI/customUI.xml"
CUSTOM_UI_REL = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
TAB_ID = "Repbook_Tab"
_BUTTON_PREFIX = "Repbook_"


def button_id(info: CommandInfo) -> str:
    """The ribbon control id of a command's button (an XML name, prefixed against clashes)."""
    return _BUTTON_PREFIX + info.id.replace("-", "_")


def ribbon_commands() -> list[CommandInfo]:
    """The commands a manager clicks, in ribbon order."""
    return [info for group in GROUP_ORDER for info in COMMANDS if info.group == group]


def command_for_button(button: str) -> CommandInfo:
    for info in ribbon_commands():
        if button_id(info) == button:
            return info
    raise KeyError(button)


def custom_ui_xml(locale: str, on_action: str) -> bytes:
    """The customUI part: the repbook tab, one group per registry group, one button per command."""
    from xml.etree import ElementTree as ET

    from repbook.locale import catalogue, parse_locale

    loc = parse_locale(locale)
    cat = catalogue()
    ET.register_namespace("", CUSTOM_UI_NS)
    root = ET.Element(f"{{{CUSTOM_UI_NS}}}customUI")
    tabs = ET.SubElement(ET.SubElement(root, f"{{{CUSTOM_UI_NS}}}ribbon"), f"{{{CUSTOM_UI_NS}}}tabs")
    tab = ET.SubElement(tabs, f"{{{CUSTOM_UI_NS}}}tab", id=TAB_ID, label=cat.label("ribbon_tab", loc))
    commands = ribbon_commands()
    for group in GROUP_ORDER:
        members = [info for info in commands if info.group == group]
        if not members:
            continue
        box = ET.SubElement(tab, f"{{{CUSTOM_UI_NS}}}group", id=f"Repbook_group_{group}",
                            label=cat.label(f"group_{group}", loc))
        for info in members:
            ET.SubElement(box, f"{{{CUSTOM_UI_NS}}}button", {
                "id": button_id(info), "label": info.label(loc), "size": "large", "imageMso": info.icon,
                "tag": loc, "onAction": on_action})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
