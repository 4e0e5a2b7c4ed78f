// ISO 8601 dates and date-times in cells: `2024-03-01`, `2024-03-01T12:30`, `2024-03-01 12:30:05.5Z`, `...+02:00`.

const ISO_DATE = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\s*$/;

/** The parts of a date a model uses; `hasTime` when the cell gave a time of day. */
export interface DateParts {
  year: number;
  /** 1-12. */
  month: number;
  /** 0 (Sunday) - 6. */
  weekday: number;
  /** 1-366. */
  dayOfYear: number;
  /** 0-23, and 0 without a time. */
  hour: number;
  hasTime: boolean;
}

/**
 * The date an ISO 8601 cell writes, as written (a time zone offset is not applied: the local hour is what a
 * seasonal pattern follows), or null if the cell is not such a date or names no real day (`2023-02-30`).
 */
export function parseIsoDate(cell: string): DateParts | null {
  const m = ISO_DATE.exec(cell);
  if (m === null) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 60) return null;
  const date = utcDay(year, month - 1, day);
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return null;
  const dayOfYear = Math.round((date.getTime() - utcDay(year, 0, 1).getTime()) / 86_400_000) + 1;
  return { year, month, weekday: date.getUTCDay(), dayOfYear, hour, hasTime: m[4] !== undefined };
}

/** Midnight UTC of a day; setUTCFullYear, as Date.UTC would read years 0-99 as 1900-1999. */
function utcDay(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}
