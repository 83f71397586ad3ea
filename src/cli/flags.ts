// Flag parsing shared by the `lanes` subcommands: unknown flags and malformed numbers are
// errors with a clear message, never ignored. Runs in Node (CLI).

import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how `lanes` was called; `showUsage` when the usage text would help (unknown words). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), true);
  }
}

/** A whole number flag, or undefined when absent. */
export function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number (got "${value}").`);
  return Number(value);
}
