// The HTML report of a training run, and the page of a hyper-parameter search.
export { renderReport, type ReportInput, type ReportSetting, type ReportColumn, type ReportTestMetrics } from './report.js';
export { type ReportCalibration } from './calibration.js';
export { type ReportCurves } from './binary-curves.js';
export { type ReportImportance } from './importance.js';
export { type ReportCoefficients } from './coefficients.js';
export { type ClassScores } from './class-table.js';
export { renderTuneReport, type TuneReportInput, type TuneTrial } from './tune-report.js';
export { type TuneValue } from './tune-params.js';
