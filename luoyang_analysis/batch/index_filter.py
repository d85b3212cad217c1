"""The parts of reports/index.html for the reports of those who act, and its filter.

The filter works without a server: plain JavaScript inline in the page reads the
unit, plan and department from the URL fragment (``index.html#unit=410381&plan=green``,
also ``?unit=…``) or from three drop-downs, and hides every element marked
``data-f`` whose ``data-unit``, ``data-plan`` or ``data-dept`` (space-separated
tokens) does not contain the value chosen; an element without the attribute is not
filtered by it.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from luoyang_analysis import gaps, i18n, paths
from luoyang_analysis.batch import kinds
from luoyang_analysis.catalogue.targets import Catalogue, default_catalogue
from luoyang_analysis.catalogue.units import units_in
from luoyang_analysis.presentation.departments import departments, slug_for

FILTER_SCRIPT = """
(function () {
  var keys = ["unit", "plan", "dept"];
  function chosen() {
    var text = (location.hash || "").replace(/^#/, "") || (location.search || "").replace(/^\\?/, "");
    var q = new URLSearchParams(text), out = {};
    keys.forEach(function (k) { out[k] = q.get(k) || ""; });
    return out;
  }
  function apply() {
    var c = chosen();
    keys.forEach(function (k) {
      var s = document.getElementById("f-" + k);
      if (s) { s.value = c[k]; }
    });
    document.querySelectorAll("[data-f]").forEach(function (el) {
      var shown = keys.every(function (k) {
        var v = el.getAttribute("data-" + k);
        return !c[k] || v === null || (" " + v + " ").indexOf(" " + c[k] + " ") >= 0;
      });
      el.style.display = shown ? "" : "none";
    });
  }
  keys.forEach(function (k) {
    var s = document.getElementById("f-" + k);
    if (!s) { return; }
    s.addEventListener("change", function () {
      var q = new URLSearchParams();
      keys.forEach(function (j) {
        var v = document.getElementById("f-" + j).value;
        if (v) { q.set(j, v); }
      });
      location.hash = q.toString();
      apply();
    });
  });
  window.addEventListener("hashchange", apply);
  apply();
})();
"""


def target_attrs(row: pd.Series) -> str:
    """``data-f data-plan data-dept`` of one gap row's status cell (escaped attribute text)."""
    slugs = " ".join(slug_for(n) for n in gaps.responsible_unit_list(row["responsible_units"]))
    return f'data-f data-plan="{escape(row["plan"])}" data-dept="{escape(slugs)}"'


def _link(path: Path, root: Path, label: str) -> str:
    return f'<a href="{escape(path.relative_to(root).as_posix())}">{escape(label)}</a>'


def _links(stem: Path, root: Path) -> str:
    return " ".join(
        _link(stem.with_suffix("." + f), root, f.upper())
        for f in ("html", "pdf")
        if stem.with_suffix("." + f).exists()
    )


def _option(value: str, label: str) -> str:
    return f'<option value="{escape(value)}">{escape(label)}</option>'


def controls_html(catalogue: Catalogue, lang: str) -> str:
    """The three drop-downs of the filter."""
    w = i18n.group("filter", lang)
    units = {u.code: u.name(lang) for y in range(2016, 2022) for u in units_in(y)}
    choices = {
        "unit": [(c, f"{c} {n}") for c, n in sorted(units.items())],
        "plan": [(pid, p.name(lang)) for pid, p in catalogue.plans.items()],
        "dept": [(d.slug, d.name(lang)) for d in departments(catalogue)],
    }
    labels = {"unit": w["unit"], "plan": w["plan"], "dept": w["department"]}
    selects = "".join(
        f'<label>{escape(labels[k])} <select id="f-{k}">{_option("", w["all"])}'
        + "".join(_option(v, t) for v, t in options)
        + "</select></label> "
        for k, options in choices.items()
    )
    return f'<p class="filter"><strong>{escape(w["label"])}</strong>：{selects}</p>'


def departments_html(year: int, lang: str, catalogue: Catalogue) -> str:
    """The year's department scorecards that exist, one row per department."""
    root = paths.reports_dir()
    folder = kinds.departments_dir(year, lang)
    if not folder.is_dir():
        return ""
    w = i18n.group("filter", lang)
    rows = []
    for dept in departments(catalogue):
        links = _links(folder / dept.slug, root)
        if not links:
            continue
        plans = " ".join(sorted({catalogue.indicator(i).plan for i in dept.indicator_ids}))
        rows.append(
            f'<tr data-f data-dept="{dept.slug}" data-plan="{escape(plans)}">'
            f"<td>{escape(dept.name(lang))}</td><td>{links}</td></tr>"
        )
    index = _links(folder / "index", root)
    return (
        f"<h3>{escape(w['departments'])} {index}</h3>"
        f'<table class="compact"><tbody>{"".join(rows)}</tbody></table>'
        if rows
        else ""
    )


def final_html(lang: str) -> str:
    """The final evaluations that exist, one row per unit."""
    root = paths.reports_dir()
    folder = kinds.final_dir(lang)
    if not folder.is_dir():
        return ""
    w = i18n.group("filter", lang)
    rows = [
        f'<tr data-f data-unit="{u.code}"><td>{u.code}</td><td>{escape(u.name(lang))}</td>'
        f"<td>{_links(folder / u.code, root)}</td></tr>"
        for u in units_in(kinds.FINAL_YEAR)
        if _links(folder / u.code, root)
    ]
    if not rows:
        return ""
    return (
        f"<h2>{escape(w['final'])}</h2>"
        f'<table class="compact"><tbody>{"".join(rows)}</tbody></table>'
    )


def bulletins_html(lang: str) -> str:
    """The half-yearly bulletins that exist, newest first."""
    root = paths.reports_dir()
    folder = root / "bulletins" / i18n.subdir(lang)
    stems = sorted({p.with_suffix("") for p in folder.glob("*.html")}, reverse=True)
    if not stems:
        return ""
    w = i18n.group("filter", lang)
    items = "".join(f"<li>{escape(s.name)}：{_links(s, root)}</li>" for s in stems)
    return f"<h2>{escape(w['bulletins'])}</h2><ul>{items}</ul>"


def page_parts(years: list[int], lang: str) -> dict[str, str]:
    """The filter's drop-downs and script, each year's department rows, the final and bulletins."""
    catalogue = default_catalogue()
    return {
        "controls": controls_html(catalogue, lang),
        "script": f"<script>{FILTER_SCRIPT}</script>",
        "final": final_html(lang),
        "bulletins": bulletins_html(lang),
        **{str(y): departments_html(y, lang, catalogue) for y in years},
    }
