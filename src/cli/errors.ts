/**
 * CLI errors and exit codes.
 *
 * | exit | meaning |
 * | --- | --- |
 * | 0 | success |
 * | 1 | usage error: unknown command or option, missing or malformed argument, no password source |
 * | 2 | the command ran and refused: bad input file, wrong password, crypto check failed, I/O error |
 * | 130 | interrupted (Ctrl-C); nothing was written |
 *
 * Failures carry a stable code: a `DvtBlsError` code from the library (`WRONG_PASSWORD`,
 * `INVALID_CLUSTER`, ...) or one of the CLI's own ({@link CliCode}).
 * @module
 */
import { DvtBlsError } from '../errors';

/** Exit codes; see the table above. */
export const EXIT = { ok: 0, usage: 1, failure: 2, interrupted: 130 } as const;

/**
 * Codes of failures that the CLI itself detects.
 * - `USAGE`: bad command line (exit 1).
 * - `NO_PASSWORD`: no password source and no terminal to prompt on (exit 1).
 * - `IO_ERROR`: a file could not be read or written.
 * - `OUTPUT_EXISTS`: an output file exists and `--force` was not given.
 * - `TOO_FEW_SHARES`: fewer share keystores than the threshold.
 * - `VERIFY_FAILED`: `verify` found the signature invalid.
 * - `INVALID_INPUT`: an input file that is not what the command expects (such as a partial
 *   signature file of another format).
 * - `INTERRUPTED`: Ctrl-C.
 */
export type CliCode =
  | 'USAGE'
  | 'NO_PASSWORD'
  | 'IO_ERROR'
  | 'OUTPUT_EXISTS'
  | 'TOO_FEW_SHARES'
  | 'VERIFY_FAILED'
  | 'INVALID_INPUT'
  | 'INTERRUPTED';

/** A failure of the CLI with an exit code and a stable code. */
export class CliError extends Error {
  readonly code: CliCode;
  readonly exitCode: number;
  readonly culprits: readonly number[];

  constructor(code: CliCode, message: string, exitCode: number = EXIT.failure, culprits: readonly number[] = []) {
    super(message);
    this.name = 'CliError';
    this.code = code;
    this.exitCode = exitCode;
    this.culprits = culprits;
  }
}

/** A bad command line: exit 1. */
export class UsageError extends CliError {
  constructor(message: string, code: CliCode = 'USAGE') {
    super(code, message, EXIT.usage);
    this.name = 'UsageError';
  }
}

/** What main prints and exits with for any thrown value. */
export interface FailureReport {
  code: string;
  message: string;
  culprits: readonly number[];
  exitCode: number;
}

/**
 * Turns a thrown value into a report. Library errors keep their code (exit 2); anything else is
 * an unexpected failure, reported with its message only (exit 2).
 */
export function toFailure(e: unknown): FailureReport {
  if (e instanceof CliError) return { code: e.code, message: e.message, culprits: e.culprits, exitCode: e.exitCode };
  if (e instanceof DvtBlsError) return { code: e.code, message: e.message, culprits: e.culprits, exitCode: EXIT.failure };
  const message = e instanceof Error ? e.message : String(e);
  return { code: 'UNEXPECTED', message, culprits: [], exitCode: EXIT.failure };
}
