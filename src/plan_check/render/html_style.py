"""The supervisor's report's style sheet: screen, A4 print, the landscape overview page."""

CSS = """
:root { --pass: #1a7f37; --fail: #c62828; --incomplete: #b26a00; --skipped: #666; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
  sans-serif; color: #111; margin: 2rem auto; max-width: 64rem; padding: 0 1rem;
  line-height: 1.4; font-size: 14px; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.15rem; margin: 1.4rem 0 .4rem; border-bottom: 2px solid #111; }
.meta { color: #444; margin: 0; }
.basis { color: #555; font-size: .85em; margin: .2rem 0; }
.summary { display: flex; gap: .75rem; flex-wrap: wrap; margin: .8rem 0; }
.summary div { border: 1px solid #999; border-radius: 4px; padding: .3rem .7rem; }
.summary b { font-size: 1.25rem; margin-right: .3rem; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0 .8rem; }
th, td { border-bottom: 1px solid #ccc; padding: .25rem .4rem; text-align: left;
  vertical-align: top; }
th { background: #f2f2f2; white-space: nowrap; }
tr.sec th { background: none; border-bottom: 1.5px solid #111; padding-top: .6rem;
  white-space: normal; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.st { white-space: nowrap; font-weight: 600; }
.pass, .on_pace { color: var(--pass); } .fail { color: var(--fail); }
.behind, .not_yet { color: #8a6d00; }
.incomplete { color: var(--incomplete); } .skipped { color: var(--skipped); }
.n-a, .missing { color: #666; }
.green { color: var(--pass); } .yellow { color: #8a6d00; } .red { color: var(--fail); }
.chart .row { display: grid; grid-template-columns: 16rem 1fr 4.5rem; gap: .5rem;
  align-items: center; margin: .15rem 0; }
.bar { height: .9rem; border: 1px solid #555; background: #fff; position: relative; }
.bar span { display: block; height: 100%; background: #555; }
.bar.fail span { background: repeating-linear-gradient(45deg, #555 0 3px, #fff 3px 6px); }
.bar .mark { position: absolute; top: -3px; bottom: -3px; left: 100%; border-left: 2px solid #000; }
.reasons { margin: .1rem 0 .3rem 1rem; color: #333; }
.rule-units td:first-child { white-space: nowrap; }
td.pace { font-size: .9em; }
td.goal { min-width: 12em; }
td.chg { text-align: right; font-size: .9em; }
/* the change since last time takes two short lines, not six; the pace columns stay narrow */
table.goals td.chg { min-width: 10em; }
table.goals td.pace { min-width: 6.5em; }
.rule-units td.fig { text-align: right; font-variant-numeric: tabular-nums; }
table.overview { font-size: .85em; width: auto; }
table.overview th.group { text-align: center; border-left: 1px solid #999; font-weight: 600; }
table.overview td, table.overview th { padding: .15rem .35rem; white-space: nowrap; }
table.overview .first { border-left: 1px solid #999; }
.overview-grid { display: flex; flex-wrap: wrap; gap: 0 1.2rem; align-items: flex-start; }
/* on a screen, the wide 一览表 scrolls inside the page's column, never the whole page */
@media screen {
  section.overview { overflow-x: auto; }
  /* the unit's name stays in view as the figures scroll */
  table.overview tbody tr > :first-child { position: sticky; left: 0; background: #fff; }
  table.overview thead th[rowspan] { position: sticky; left: 0; z-index: 1; }
}
footer { margin-top: 1.5rem; color: #666; font-size: .85rem; border-top: 1px solid #ccc; }
footer h2 { font-size: .9rem; border: none; margin: .4rem 0 .2rem; }
footer p { margin: .1rem 0; }
.issuer { color: var(--fail); font-size: 1.6rem; font-weight: 700; text-align: center;
  margin: 0; letter-spacing: .1em; }
.issue { text-align: center; margin: 0 0 .3rem; border-bottom: 2px solid var(--fail); }
.lead p { margin: .2rem 0; text-indent: 2em; }
.absent { font-weight: 600; column-span: all; }
table.overview tr.total th, table.overview tr.total td { border-top: 1.5px solid #111;
  font-weight: 700; }
@page { size: A4; margin: 12mm 11mm; }
@page wide { size: A4 landscape; margin: 10mm 10mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9pt; line-height: 1.3; }
  .chart { display: none; }
  /* the overview (一览表) is a landscape page of its own; a heading stays with its table,
     a goal's units stay together, and the unit details run in two columns */
  section.overview { page: wide; break-before: page; }
  table.overview { font-size: 8pt; }
  h2, h3, tr.sec { break-after: avoid; }
  .rule-units { break-inside: avoid; }
  section.units { break-before: page; columns: 2; column-gap: 7mm; }
  section.units h2 { column-span: all; }
  .rule-units h3 { font-size: 9.5pt; margin: .4rem 0 .1rem; }
  .summary { gap: .4rem; margin: .5rem 0; }
  .summary div { padding: .15rem .45rem; }
  .summary b { font-size: 1.1rem; }
  th, td { padding: .12rem .3rem; }
  footer { margin-top: .5rem; font-size: 7.5pt; }
  h2 { margin: .5rem 0 .2rem; }
  .again { display: none; }
  .lead p { margin: 0; }
  tr, .chart .row { break-inside: avoid; }
  /* a section's last goal row never alone at the top of a page */
  table.goals tbody tr:last-child { break-before: avoid; }
  th { background: none; border-bottom: 1.5px solid #000; }
}
"""
