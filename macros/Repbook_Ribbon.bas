Attribute VB_Name = "Repbook_Ribbon"
' The ribbon's one callback. Every button of the repbook tab calls it with its id and
' Python does the rest (repbook.addin.entry.on_action); no logic lives in VBA.
' The button's tag carries the ribbon's locale, so alerts speak the labels' language.
' RunPython comes from xlwings' own module, embedded as Repbook_xlwings at build time.
Option Explicit

Public Sub Repbook_OnAction(control As Object)
    Repbook_xlwings.RunPython "import repbook.addin.entry as e; e.on_action('" & control.Id & "', '" & control.Tag & "')"
End Sub
