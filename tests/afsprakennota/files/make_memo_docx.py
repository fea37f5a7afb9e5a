# ruff: noqa: E501  (the numbering definition as Word writes it, one level a line)
"""Writes memo_list_numbering.docx once (kept in git): a memo the way Word writes one, with
automatic list numbering (w:numPr ilvl/numId, a multilevel decimal / lowerLetter / lowerRoman
list and a bullet list), bold headings and an italic word, header fields as "Label: value".

    .venv/bin/python tests/afsprakennota/files/make_memo_docx.py
"""

from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

NUMBERING = f"""<w:numbering {nsdecls("w")}>
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="360" w:hanging="360"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%3."/><w:lvlJc w:val="right"/><w:pPr><w:ind w:left="1080" w:hanging="180"/></w:pPr></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\u2022"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"""


def numbered(paragraph, num_id, ilvl):
    paragraph._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    return paragraph


def main():
    document = Document()
    part = document.part
    try:
        numbering_part = part.numbering_part
        numbering_part._element = parse_xml(NUMBERING)
    except NotImplementedError:
        numbering_part = Part(
            PackURI("/word/numbering.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
            NUMBERING.encode(),
            part.package,
        )
        part.relate_to(numbering_part, RT.NUMBERING)
    title = document.add_paragraph()
    title.add_run("Interne nota").bold = True
    for label, value in [
        ("Datum", "5 december 2026"),
        ("Aan", "College van burgemeester en schepenen"),
        ("Bijlagen", "/"),
        ("Referentie", "AD/2026/018"),
        ("Onderwerp", "Samenwerking bestuur en administratie"),
    ]:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}:").bold = True
        paragraph.add_run(f" {value}")
    document.add_paragraph(
        "Deze nota legt de afspraken vast tussen het bestuur en de administratie."
    )

    def article(ilvl, heading=None, text=None, num_id=1):
        paragraph = numbered(document.add_paragraph(), num_id, ilvl)
        if heading:
            paragraph.add_run(heading).bold = True
            if text:
                document.add_paragraph(text)
        else:
            paragraph.add_run(text)
        return paragraph

    article(0, "Overleg", "Het managementteam en het college overleggen.")
    p = article(1, text="Elke ")
    p.add_run("twee").italic = True
    p.add_run(" weken, op maandag.")
    article(2, text="Met een agenda.")
    article(2, text="Met een verslag.")
    article(1, text="Bij een crisis zo snel mogelijk.")
    article(0, "Rollen", "De rollen zijn:")
    article(0, text="de burgemeester", num_id=2)
    article(0, text="de schepenen", num_id=2)
    article(0, "Opvolging", "De algemeen directeur volgt de afspraken op.")
    document.save(Path(__file__).with_name("memo_list_numbering.docx"))


if __name__ == "__main__":
    main()
