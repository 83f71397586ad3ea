// `lanes lessons`: one lesson id per line (stdout), with its title after a tab when asked.
// Runs in Node (CLI).
import { LESSONS } from '../core/lessons';
import { parseFlags, UsageError } from './flags';

export function lessonsCommand(args: string[]): number {
  const { values, positionals } = parseFlags(args, { long: { type: 'boolean', short: 'l' } });
  if (positionals.length > 0) throw new UsageError('lessons takes no arguments.');
  for (const lesson of LESSONS)
    process.stdout.write(values.long ? `${lesson.id}\t${lesson.title}\n` : `${lesson.id}\n`);
  return 0;
}
