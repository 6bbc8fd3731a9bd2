/**
 * A small argv parser (no dependency): long options only, `--name value` or `--name=value`,
 * booleans as bare flags, and list options that take every following value up to the next
 * `--option` (so that a shell glob `--keystore shares/*.json` works) and may be repeated.
 * @module
 */
import { UsageError } from './errors';

/** How an option takes values. */
export type OptionKind = 'string' | 'boolean' | 'list';

/** One option a command accepts. */
export interface OptionSpec {
  /** Long name without the dashes, such as `keystore`. */
  name: string;
  kind: OptionKind;
  /** One line for `--help`. */
  help: string;
  /** Placeholder for the value in `--help`, such as `FILE`. */
  value?: string;
  /** Listed as required in `--help` (the command checks it, since requirements are often either/or). */
  required?: boolean;
}

/** Parsed options: strings, booleans and lists by name. */
export interface ParsedArgs {
  strings: Map<string, string>;
  flags: Set<string>;
  lists: Map<string, string[]>;
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: OptionSpec[] = [
  { name: 'json', kind: 'boolean', help: 'Print one JSON object on stdout (errors too) instead of text.' },
  { name: 'quiet', kind: 'boolean', help: 'No progress display and no warnings on stderr.' },
  { name: 'help', kind: 'boolean', help: 'Show this help.' },
];

/**
 * Parses `argv` (after the command name) against `specs`. Unknown options, missing values, a
 * string option given twice and stray positional arguments are usage errors.
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const parsed: ParsedArgs = { strings: new Map(), flags: new Set(), lists: new Map() };
  let i = 0;
  while (i < argv.length) {
    const token = argv[i] as string;
    i++;
    if (token === '-h') {
      parsed.flags.add('help');
      continue;
    }
    if (!token.startsWith('--') || token === '--') {
      throw new UsageError(`unexpected argument "${token}" (options start with --; see --help)`);
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    const inline = eq === -1 ? undefined : token.slice(eq + 1);
    const spec = byName.get(name);
    if (spec === undefined) throw new UsageError(`unknown option --${name} (see --help)`);
    if (spec.kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    const values: string[] = [];
    if (inline !== undefined) values.push(inline);
    if (spec.kind === 'string') {
      if (inline === undefined) {
        const next = argv[i];
        if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`--${name} needs a value${spec.value ? ` (${spec.value})` : ''}`);
        values.push(next);
        i++;
      }
      if (parsed.strings.has(name)) throw new UsageError(`--${name} given more than once`);
      parsed.strings.set(name, values[0] as string);
      continue;
    }
    while (i < argv.length && !(argv[i] as string).startsWith('--')) {
      values.push(argv[i] as string);
      i++;
    }
    if (values.length === 0) throw new UsageError(`--${name} needs at least one value${spec.value ? ` (${spec.value})` : ''}`);
    parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), ...values]);
  }
  return parsed;
}

/** The help block of a list of options, aligned. */
export function formatOptions(specs: readonly OptionSpec[]): string {
  const heads = specs.map((s) => {
    const value = s.kind === 'boolean' ? '' : ` ${s.value ?? 'VALUE'}${s.kind === 'list' ? '...' : ''}`;
    return `  --${s.name}${value}`;
  });
  const width = Math.min(36, Math.max(...heads.map((h) => h.length)) + 2);
  return specs
    .map((s, i) => {
      const head = heads[i] as string;
      const help = `${s.help}${s.required ? ' (required)' : ''}`;
      return head.length + 2 > width ? `${head}\n${' '.repeat(width)}${help}` : `${head.padEnd(width)}${help}`;
    })
    .join('\n');
}
