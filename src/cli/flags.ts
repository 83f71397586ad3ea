// Flag parsing shared by the `lanes` subcommands: unknown flags and malformed numbers are
// errors with one clear line, never ignored. Runs in Node (CLI).

import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how `lanes` was called; `showUsage` when pointing at `--help` would help (unknown words). */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showUsage = false,
  ) {
    super(message);
  }
}

/** Node's parseArgs explains itself over several lines; a user gets one. */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? 'an option';
  if (/^Unknown option/.test(message)) return `Unknown option '${option}'.`;
  if (/argument missing|argument is ambiguous/.test(message))
    return `${option} needs a value (for one starting with "-", write ${option}=VALUE).`;
  if (/does not take an argument/.test(message)) return `${option} takes no value.`;
  return message.split('\n')[0]!;
}

export function parseFlags<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(oneLine(error), true);
  }
}

/** A whole number flag, or undefined when absent. */
export function wholeNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number (got "${value}").`);
  return Number(value);
}

/** A flag naming a file or address must name something: `--trace=` is a mistake, not a default. */
export function nonEmpty(flag: string, value: string | undefined, what: string): string | undefined {
  if (value !== undefined && value.trim() === '') throw new UsageError(`${flag} needs ${what}.`);
  return value;
}
