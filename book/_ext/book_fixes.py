"""Local Sphinx extension: fixes for two console errors every jupyter-book 1.x page shows,
and for the execution-status table's emoji.

1. sphinx-thebe adds its inline configuration script (``const THEBE_JS_URL = ...``) after
   the HTML builder has started, and under Sphinx 7.4 that script ends up twice in every
   page, so the browser reports "Identifier 'THEBE_JS_URL' has already been declared".
   We drop repeated scripts (same file, same attributes and body) from each page.
2. The theme logs "Got invalid theme mode" when no mode is stored yet; _config.yml sets
   ``html_context.default_mode``.
3. myst-nb's execution table marks each chapter with an emoji (✅, ❌, ...), which a machine
   without an emoji font draws as an empty box: we write the status in words, put it first
   (on a phone the last column is off screen), call the run time what it is (the time to
   *load* the chapter's stored results and draw it), add what recomputing those results
   costs (:func:`sharedrep.reproduce.computing_minutes`, from their stored wall times) and
   leave out the execution method (always the cache).
4. myst-nb draws every glued value bold: right for a number, heavy for a glued sentence (a
   verdict computed in words). Glued text of :data:`SENTENCE_WORDS` words or more gets the
   class ``pasted-sentence``, which ``_static/layout.css`` sets in the normal weight.
"""
from docutils import nodes

#: the status marks of myst-nb's ``nb-exec-table`` and what the status page says instead
STATUS_WORDS = {"✅": "ran", "❌": "failed", "⏳": "not run", "⌛": "not run"}
#: glued text with at least this many words is a sentence, not a value
SENTENCE_WORDS = 6


def _script_key(script):
    attributes = getattr(script, "attributes", {}) or {}
    return str(getattr(script, "filename", script) or ""), tuple(sorted((k, str(v)) for k, v in attributes.items()))


def _drop_repeated_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, unique = set(), []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


#: myst-nb's execution table's columns, and the status page's: (heading, myst-nb's column or None)
EXEC_COLUMNS = ["Document", "Modified", "Method", "Run Time (s)", "Status"]
STATUS_COLUMNS = [("status", "Status"), ("chapter", "Document"), ("load and draw (s)", "Run Time (s)"),
                  ("recompute (min)", None), ("run at", "Modified")]


def _cell(text):
    entry = nodes.entry()
    entry += nodes.paragraph(text=text)
    return entry


def _recompute_minutes(entry) -> str:
    """What recomputing the stored results of the chapter named in ``entry`` costs, in words."""
    from sharedrep import chapters, reproduce

    name = entry.astext().strip().split("/")[-1]
    if name not in chapters.CHAPTERS:
        return "its own tables" if name == "workshop" else "–"
    minutes = reproduce.computing_minutes(name, {})
    return "none: computed in the build" if minutes == 0 else f"{minutes:.0f}" if minutes >= 1 else "< 1"


def _execution_table(app, doctree, docname):
    for table in doctree.findall(nodes.table):
        for text in list(table.findall(nodes.Text)):
            word = STATUS_WORDS.get(text.astext().strip())
            if word is not None:
                text.parent.replace(text, nodes.Text(word))
        rows = list(table.findall(nodes.row))
        if not rows or [e.astext().strip() for e in rows[0].children] != EXEC_COLUMNS:
            continue
        group = next(table.findall(nodes.tgroup))
        for spec in [c for c in group.children if isinstance(c, nodes.colspec)]:
            group.remove(spec)
        for _ in STATUS_COLUMNS:
            group.insert(0, nodes.colspec(colwidth=1))
        group["cols"] = len(STATUS_COLUMNS)
        for i, row in enumerate(rows):
            cells = dict(zip(EXEC_COLUMNS, row.children))
            row.children = []
            for text in list(cells["Document"].findall(nodes.Text)):      # "book/data" -> "data"
                if text.astext().startswith("book/"):
                    text.parent.replace(text, nodes.Text(text.astext()[len("book/"):]))
            for heading, source in STATUS_COLUMNS:
                if i == 0:
                    row += _cell(heading)
                elif source is not None:
                    row += cells[source]
                else:
                    row += _cell(_recompute_minutes(cells["Document"]))


def _mark_glued_sentences(app, doctree, docname):
    for node in doctree.findall(nodes.inline):
        if "pasted-text" in node["classes"] and len(node.astext().split()) >= SENTENCE_WORDS:
            node["classes"].append("pasted-sentence")


def setup(app):
    app.connect("html-page-context", _drop_repeated_scripts, priority=990)
    app.connect("doctree-resolved", _execution_table)
    app.connect("doctree-resolved", _mark_glued_sentences)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
