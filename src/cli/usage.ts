// The help text, made from the commands and their flag tables.
import { commonFlags, type Command, type FlagTable } from './command.js';

const WIDTH = 100;
const FLAG_COLUMN = 22;

export function usage(commands: Record<string, Command>): string {
  const entries = Object.entries(commands);
  const lines = [
    'softgrad: train, choose and use small classifiers on tables (CSV, JSON, Parquet, Arrow)',
    '',
    'Usage:',
    `  ${'softgrad'.padEnd(41)}  train on the bundled iris example`,
    ...entries.map(([name, c]) => `  ${`softgrad ${name} ${c.positionals.join(' ')}`.padEnd(41)}  ${c.summary}`),
  ];
  for (const [name, c] of entries) {
    if (Object.keys(c.flags).length > 0) lines.push('', `${name[0].toUpperCase()}${name.slice(1)} options:`, ...flagLines(c.flags));
  }
  lines.push('', 'Common options:', ...flagLines(commonFlags));
  return lines.join('\n') + '\n';
}

/** Each flag with its value and short name, then its help and default wrapped in a column (below a long name). */
function flagLines(table: FlagTable): string[] {
  return Object.entries(table).flatMap(([name, flag]) => {
    const label = `--${name}${flag.short ? `, -${flag.short}` : ''}${flag.value ? ` ${flag.value}` : ''}`;
    const words = [...flag.help.split(' '), ...(flag.default === undefined ? [] : [`(default: ${flag.default})`])];
    const lines = wrap(words, WIDTH - FLAG_COLUMN - 3);
    if (label.length > FLAG_COLUMN) lines.unshift('');
    return lines.map((line, i) => `  ${(i === 0 ? label : '').padEnd(FLAG_COLUMN)} ${line}`.trimEnd());
  });
}

function wrap(words: string[], width: number): string[] {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines;
}
