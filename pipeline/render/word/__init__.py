"""Word documents with python-docx: the branded blank, styles, blocks, tables, translation.

document   a new document, page sections, properties and reproducible bytes
blank      the branded blank, made once per brand; the parts documents share with it
archive    the zip of a Word file, each member compressed once per content
styles     the brand as named Word styles
xml        every piece of raw WordprocessingML the package writes
blocks     styled paragraphs of runs, fields, pictures, bookmarks, footers
tables     HTML tables as native Word tables
translate  an HTML publication (the templates' output) as a Word document, paged as its PDF
inline     an element's inline content as Word runs: emphasis, language, direction, font, link
fonts      the brand faces a document uses, subset, obfuscated and embedded
pictures   the page colour of the cover and back, and the emblem's light disc
internals  the python-docx internals relied on, each with its check
"""
