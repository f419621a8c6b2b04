"""Prints the text of .docx and .xlsx files as independent readers see it.

Used by the Go tests (office_test.go) to prove that what jixiao writes is
read the same by other software: python-docx for Word documents (every
paragraph, then every table cell) and openpyxl for workbooks (every cell,
a number shown as its number format shows it: 0.00 → 2 places, 0.00% →
a percentage). Usage: office_text.py FILE...  Output: one text per line;
"## 表格" before each Word table's cells, "## name" before each sheet's.
"""
import re
import sys

import docx
import openpyxl


def docx_text(path):
    d = docx.Document(path)
    for p in d.paragraphs:
        yield p.text
    for t in d.tables:
        yield "## 表格"
        for row in t.rows:
            for c in row.cells:
                yield c.text


def shown(cell):
    """A cell's value as its number format displays it, without grouping."""
    v = cell.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    fmt = cell.number_format or "General"
    m = re.search(r"0\.(0+)", fmt)
    places = len(m.group(1)) if m else None
    if "%" in fmt:
        v *= 100
    if places is not None:
        s = "%.*f" % (places, v)
    elif float(v).is_integer():
        s = str(int(v))
    else:
        s = repr(float(v))
    return s + ("%" if "%" in fmt else "")


def xlsx_text(path):
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb.worksheets:
        yield "## " + ws.title
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    yield shown(c)


def main():
    for path in sys.argv[1:]:
        read = docx_text if path.endswith(".docx") else xlsx_text
        for text in read(path):
            print(text.replace("\n", " "))


if __name__ == "__main__":
    main()
