// The columns of a table as `softgrad train` shows them before training: kind, missing cells, categories, drops.
import { quote } from '../data/number-cell.js';
import type { ColumnEncoding } from '../data/table/column-encoding.js';
import { missingMask } from '../data/table/missing-cells.js';
import type { Table } from '../data/table/table.js';
import type { TableEncoder } from '../data/table/table-encoder.js';

// Categories listed by name, beyond which the summary gives a count.
const SHOWN = 8;

/** One line per column as `encoder` reads it, with its missing cells in the training rows, under a heading. */
export function columnSummary(encoder: TableEncoder, source: string | undefined, missingCells: (name: string) => number): string {
  const lines = encoder.columns.map((e) => {
    const count = missingCells(e.name);
    return `  ${quote(e.name)}: ${describeEncoding(e)}${count > 0 && e.kind !== 'dropped' ? `; ${count} missing` : ''}`;
  });
  return `columns of ${source ?? 'the table'}:\n${lines.join('\n')}\n`;
}

/** The missing cells of a table's column named `name` under `encoder` (0 for a column it does not have). */
export function missingCellsOf(encoder: TableEncoder, table: Table): (name: string) => number {
  return (name) => {
    const j = table.names.indexOf(name);
    return j < 0 ? 0 : missingMask(table.columns[j], encoder.missingValues).reduce((sum, flag) => sum + flag, 0);
  };
}

/** How a column is read, in words: `number (a missing cell is the median, 44.9, with an indicator)`. */
export function describeEncoding(e: ColumnEncoding): string {
  switch (e.kind) {
    case 'numeric':
      return `number${e.indicator ? ` (a missing cell is the ${e.fillBy ?? 'median'}, ${+e.fill.toPrecision(6)}, with an indicator)` : ''}`;
    case 'binary':
      return `two values (${e.values.map(quote).join(', ')}: 0/1)`;
    case 'categorical': {
      const shown = e.categories.slice(0, SHOWN).map(quote).join(', ') + (e.categories.length > SHOWN ? ', ...' : '');
      const other = e.other ? ', the rest as other' : '';
      return `${e.categories.length} categories (${shown})${other}${e.missing ? ', missing as its own' : ''}`;
    }
    case 'date':
      return `date (year, month, weekday, day of year${e.hasTime ? ', hour' : ''})`;
    case 'dropped':
      return `dropped: ${e.why}`;
  }
}
