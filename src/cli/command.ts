// A command declared once: its arguments and a flag table, which give parseArgs's options, the typed values, the help.
import { parseArgs } from 'node:util';
import { UsageError, type Parser } from './args.js';
import type { CliIO } from './io.js';

/** A switch, or a flag taking a value that `value` names in the help and `parse` checks; `default` is help text. */
export type Flag = { help: string; default?: string; short?: string } & ({ value: string; parse?: Parser<unknown> } | { value?: never; parse?: never });

export type FlagTable = Record<string, Flag>;

/** The checked values of a table's flags: a parser's value, the text given, or true for a switch given. */
export type FlagValues<T extends FlagTable> = { [K in keyof T]?: T[K] extends { parse: Parser<infer V> } ? V : T[K] extends { value: string } ? string : boolean };

/** The flags as parseArgs gives them, before they are checked. */
export type RawFlags = Record<string, string | boolean | undefined>;

export interface Command {
  /** The positional arguments' names, such as `<file.csv>`. */
  positionals: readonly string[];
  summary: string;
  flags: FlagTable;
  run(positionals: string[], flags: RawFlags, io: CliIO): Promise<void>;
}

/** A Command whose `run` gets the flags checked and typed by their table. */
export function command<T extends FlagTable>(spec: Omit<Command, 'run' | 'flags'> & { flags: T; run(positionals: string[], flags: FlagValues<T>, io: CliIO): Promise<void> }): Command {
  return { ...spec, run: (positionals, flags, io) => spec.run(positionals, checkFlags(spec.flags, flags), io) };
}

/** The flags every command takes. */
export const commonFlags = {
  help: { help: 'this help', short: 'h' },
  debug: { help: 'stack traces on errors' },
} satisfies FlagTable;

/** Splits `args` into positionals and flags as `table` (and commonFlags) declares them; values stay unchecked. */
export function parseCommandLine(args: string[], table: FlagTable): { flags: RawFlags; positionals: string[] } {
  const flags: FlagTable = { ...table, ...commonFlags };
  const takesValue = (arg: string) => arg.startsWith('--') && Object.hasOwn(flags, arg.slice(2)) && flags[arg.slice(2)].value !== undefined;
  // parseArgs reads `--epochs -1` as a missing value followed by an option; a number is meant.
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (takesValue(args[i]) && i + 1 < args.length && /^-[\d.]/.test(args[i + 1])) joined.push(`${args[i]}=${args[++i]}`);
    else joined.push(args[i]);
  }
  const options = Object.fromEntries(Object.entries(flags).map(([name, f]) => [name, { type: f.value ? 'string' : 'boolean', ...(f.short && { short: f.short }) } as const]));
  try {
    const { values, positionals } = parseArgs({ args: joined, options, allowPositionals: true, strict: true });
    return { flags: values as RawFlags, positionals };
  } catch (error) {
    // parseArgs's messages are long and mention its own API; say the essential part.
    const message = (error as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(message.replace(/^Unknown option/, 'unknown option').replace(/^Option '(.*?)' argument missing/, "option '$1' needs a value"));
  }
}

function checkFlags<T extends FlagTable>(table: T, raw: RawFlags): FlagValues<T> {
  const values: Record<string, unknown> = { ...raw };
  for (const [name, { parse }] of Object.entries(table)) {
    const given = raw[name];
    if (typeof given !== 'string' || parse === undefined) continue;
    values[name] = parse.read(given);
    if (values[name] === undefined) throw new UsageError(`--${name} must be ${parse.rule}, got '${given}'`);
  }
  return values as FlagValues<T>;
}
