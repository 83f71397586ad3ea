// `lanes web`: serves the app to a browser. Placeholder until src/server lands.
import { UsageError } from './flags';
export async function webCommand(_args: string[]): Promise<number> {
  throw new UsageError('web is not built yet.');
}
