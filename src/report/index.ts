// The HTML report of a training run.
export { renderReport, type ReportInput, type ReportSetting, type ReportColumn, type ReportTestMetrics } from './report.js';
export { type ClassScores } from './class-table.js';
