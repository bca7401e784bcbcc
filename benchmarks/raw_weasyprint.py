"""The floor: WeasyPrint alone rendering the plan's HTML and CSS, as a user of it would.

python raw_weasyprint.py PLAN.html STYLES_DIR OUT.pdf CSS...
"""

import sys
from pathlib import Path

from weasyprint import CSS, HTML

html, styles, out, *sheets = sys.argv[1:]
base = Path(styles).resolve().as_uri() + "/"
css = [CSS(string=Path(sheet).read_text("utf-8"), base_url=base) for sheet in sheets]
HTML(string=Path(html).read_text("utf-8"), base_url=base).write_pdf(
    out, stylesheets=css, pdf_variant="pdf/ua-1"
)
