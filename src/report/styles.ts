// The report's stylesheet, inlined into the page: system fonts only, so the file needs no network.

export const STYLES = `
:root { color-scheme: light; --ink: #0f172a; --soft: #334155; --muted: #64748b; --line: #e2e8f0; --card: #ffffff; --page: #f1f5f9; --accent: #2563eb; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif; -webkit-font-smoothing: antialiased; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 24px 40px; }
header h1 { font-size: 26px; line-height: 1.25; margin: 0 0 4px; letter-spacing: -0.01em; overflow-wrap: anywhere; }
header p { margin: 0; color: var(--muted); }
section { margin-top: 28px; }
h2 { font-size: 18px; margin: 0 0 12px; letter-spacing: -0.005em; }
h3 { font-size: 13px; margin: 0 0 10px; color: var(--muted); font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; }
.note { color: var(--muted); font-size: 14px; margin: -4px 0 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 165px), 1fr)); gap: 12px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px; min-width: 0; }
.card.headline { border-top: 4px solid var(--accent); padding-top: 11px; }
.card .label { font-size: 12px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }
.card .value { font-size: 28px; font-weight: 700; line-height: 1.2; margin-top: 4px; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card .sub { font-size: 13px; color: var(--muted); margin-top: 2px; overflow-wrap: anywhere; }
.panels { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 16px; }
.panel { background: var(--card); border: 1px solid var(--line); border-radius: 12px; padding: 16px 18px; min-width: 0; }
.panel.wide { grid-column: 1 / -1; }
#confusion-matrix { display: flex; flex-direction: column; }
#confusion-matrix .matrix-wrap { margin-top: auto; }
#confusion-matrix .matrix-key { margin-bottom: auto; }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .grid { stroke: #e9eef4; stroke-width: 1; }
svg .axis { stroke: #94a3b8; stroke-width: 1; }
svg .tick { font-size: 12px; fill: #475569; font-variant-numeric: tabular-nums; }
svg .axis-label { font-size: 13px; font-weight: 600; fill: var(--soft); }
svg .legend { font-size: 12.5px; fill: var(--soft); }
svg .series, svg .legend-line { fill: none; stroke-width: 2.25; stroke-linecap: round; stroke-linejoin: round; }
svg .marker { stroke-width: 1.25; stroke-dasharray: 4 4; }
svg .empty { font-size: 14px; fill: var(--muted); }
.matrix-wrap { overflow-x: auto; }
table.matrix { border-collapse: separate; border-spacing: 3px; margin: 0 auto; font-variant-numeric: tabular-nums; }
table.matrix th { font-size: 13px; font-weight: 500; color: var(--soft); }
table.matrix tbody th { text-align: right; padding-right: 8px; white-space: nowrap; }
table.matrix thead th { vertical-align: bottom; padding-bottom: 6px; white-space: nowrap; }
table.matrix .axis-title { font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); text-align: center; }
table.matrix .corner.axis-title { text-align: right; padding-right: 8px; }
table.matrix td { min-width: 3.4em; height: 3.2em; padding: 0 6px; text-align: center; font-weight: 600; border-radius: 6px; }
table.matrix td.zero { background: #f8fafc; color: #64748b; font-weight: 400; }
table.matrix.roomy td { min-width: 4.6em; height: 3.6em; font-size: 16px; }
table.matrix.vertical thead th[scope="col"] span { display: inline-block; writing-mode: vertical-rl; transform: rotate(180deg); }
table.matrix.dense { border-spacing: 2px; }
table.matrix.dense td { min-width: 2.4em; height: 2.4em; padding: 0 3px; font-size: 12px; border-radius: 4px; }
table.matrix.dense th { font-size: 12px; }
.matrix-key { margin: 12px 0 0; text-align: center; font-size: 12.5px; color: var(--muted); }
.swatch { display: inline-block; width: 36px; height: 10px; margin: 0 6px 0 12px; border-radius: 3px; vertical-align: middle; }
table.scores { width: 100%; border-collapse: collapse; font-size: 14px; font-variant-numeric: tabular-nums; }
table.scores th, table.scores td { padding: 7px 8px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; white-space: nowrap; }
table.scores th:first-child { white-space: normal; min-width: 6em; }
table.scores tfoot th:first-child { white-space: nowrap; }
.table-wrap { overflow-x: auto; }
table.scores th:first-child { text-align: left; font-weight: 500; overflow-wrap: anywhere; }
table.scores thead th { font-size: 11.5px; font-weight: 600; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
table.scores tfoot th { color: var(--muted); }
table.scores tfoot tr.first > * { border-top: 2px solid var(--line); }
.bar { display: inline-block; width: 48px; height: 6px; margin-right: 8px; vertical-align: middle; border-radius: 3px; background: #e2e8f0; overflow: hidden; }
.bar > span { display: block; height: 100%; background: var(--accent); }
dl.settings { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 250px), 1fr)); gap: 0 28px; margin: 0; }
dl.settings > div { display: flex; flex-wrap: wrap; justify-content: space-between; align-items: baseline; gap: 12px; padding: 7px 0; border-bottom: 1px solid var(--line); min-width: 0; }
dl.settings dt { color: var(--muted); font-size: 14px; }
dl.settings dd { margin: 0 0 0 auto; text-align: right; font: 13.5px/1.4 ui-monospace, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; min-width: 0; }
footer { margin-top: 32px; text-align: center; font-size: 12.5px; color: var(--muted); }
@media (max-width: 560px) {
  main { padding: 20px 12px 28px; }
  .card .value { font-size: 22px; }
  .panel { padding: 12px; }
  .bar { display: none; }
  table.scores th, table.scores td { padding: 6px 5px; }
  table.scores thead th { font-size: 10.5px; letter-spacing: 0; }
}
@media print { body { background: #ffffff; } .card, .panel { break-inside: avoid; } }
`;

// The tune page's additions: the trials table's best row, its ranking column and the smaller standard deviations.
export const TUNE_STYLES = `
table.trials tr.best > * { background: #fff7ed; }
table.trials tr.best > th:first-child { box-shadow: inset 3px 0 #ea580c; }
table.trials .metric { font-weight: 600; }
table.trials thead th.metric { color: var(--ink); }
table.trials th:first-child { min-width: 0; white-space: nowrap; }
table.trials thead th { white-space: normal; vertical-align: bottom; }
table.trials .std { color: var(--muted); font-size: 12.5px; font-weight: 400; }
table.trials .tag { display: inline-block; margin-left: 4px; padding: 0 6px; border-radius: 8px; background: #c2410c; color: #ffffff; font-size: 11px; font-weight: 600; line-height: 1.6; }
`;
