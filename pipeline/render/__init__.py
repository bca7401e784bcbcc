"""Toolkits the writers share: templates and CSS, the PDF engine, Word documents, QR codes,
and the forked processes that render on several cores."""
