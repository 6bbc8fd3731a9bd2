/**
 * What a command is, and what it gets to run: the Node root API (blst when it loads), the output
 * transaction, progress and warnings on stderr, and helpers to read inputs. A new command (such as
 * `dkg`) is one file in `commands/` exporting a {@link Command}, listed in `commands/index.ts`.
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { DvtBls } from '../api/dvt-bls';
import type { OptionSpec, ParsedArgs } from './args';
import { CliError, UsageError } from './errors';
import { OutputTransaction } from './output';

/** The outcome of a successful command: text for people, data for `--json`. */
export interface CommandResult {
  /** Lines printed on stdout without `--json`. */
  lines: string[];
  /** Fields of the JSON object printed with `--json` (besides `ok` and `command`). */
  json: Record<string, unknown>;
}

/** Everything a command needs from its environment. */
export interface CommandContext {
  /** The Node root API: blst when it loads, noble otherwise. */
  bls: DvtBls;
  /** Files the command writes, committed all together after `run` returns. */
  output: OutputTransaction;
  /** A progress reporter for a long step (the KDF), drawn on stderr when it is a terminal. */
  progress(label: string): Progress;
  /** A warning on stderr (unless `--quiet`). */
  warn(message: string): void;
}

/** Progress of one step. */
export interface Progress {
  /** Fraction done, in [0, 1]. */
  update(fraction: number): void;
  /** Clears the line. */
  done(): void;
}

/** One subcommand. */
export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) after `dvt-bls <name>`. */
  usage: string;
  /** Paragraphs for `--help`. */
  description: string;
  /** The command's options (the global ones are added). */
  options: OptionSpec[];
  /** Does the work and stages outputs on `ctx.output`; throws on failure. */
  run(ctx: CommandContext, args: ParsedArgs): Promise<CommandResult>;
}

/** A string option that must be present. */
export function required(args: ParsedArgs, name: string): string {
  const value = args.strings.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required (see --help)`);
  return value;
}

/** A list option that must be present. */
export function requiredList(args: ParsedArgs, name: string): string[] {
  const value = args.lists.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required (see --help)`);
  return value;
}

/** A positive integer option (default when absent). */
export function integerOption(args: ParsedArgs, name: string, min: number, max: number, fallback?: number): number {
  const text = args.strings.get(name);
  if (text === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required (see --help)`);
    return fallback;
  }
  if (!/^[0-9]+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`--${name}: expected an integer in [${min}, ${max}], got "${text.slice(0, 20)}"`);
  }
  return Number(text);
}

/** Files larger than this are not what any command expects (and would only waste memory). */
const MAX_INPUT_BYTES = 4 * 1024 * 1024;

/** Reads a UTF-8 text file; missing or unreadable files are `IO_ERROR`. */
export async function readText(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError('IO_ERROR', `cannot read ${file} (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')})`);
  }
  if (text.length > MAX_INPUT_BYTES) throw new CliError('INVALID_INPUT', `${file}: larger than ${MAX_INPUT_BYTES} bytes`);
  return text;
}

/** Reads a JSON file; bad JSON is `INVALID_INPUT` naming the file. */
export async function readJson(file: string): Promise<unknown> {
  const text = await readText(file);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError('INVALID_INPUT', `${file}: not valid JSON`);
  }
}

/** Hex of exactly `length` bytes from the command line, with or without `0x`. */
export function hexOption(value: string, option: string, length: number): Uint8Array {
  const digits = value.startsWith('0x') || value.startsWith('0X') ? value.slice(2) : value;
  if (digits.length !== 2 * length || !/^[0-9a-fA-F]*$/.test(digits)) {
    throw new UsageError(`--${option}: expected ${length} bytes of hex (${2 * length} digits, 0x optional)`);
  }
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

/** `0x`-prefixed lowercase hex of public bytes. */
export const hex0x = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;

/** Runs `work` with a progress line for `label`, cleared whatever happens. */
export async function withProgress<T>(ctx: CommandContext, label: string, work: (onProgress: (fraction: number) => void) => Promise<T>): Promise<T> {
  const progress = ctx.progress(label);
  try {
    return await work((f) => progress.update(f));
  } finally {
    progress.done();
  }
}
