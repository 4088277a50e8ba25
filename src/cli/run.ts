// Dispatch: help, then the subcommand's function from the table.
import { parseArgs, USAGE, UsageError } from './args';
import { COMMANDS } from './commands';
import { loadEngine } from './engine';

export function run(args: string[], out: (text: string) => void): void | Promise<void> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(USAGE);
    return;
  }
  const parsed = parseArgs(rest);
  if (parsed.flags.has('--help') || parsed.flags.has('-h')) {
    out(USAGE);
    return;
  }
  const subcommand = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!subcommand) throw new UsageError(`unknown command '${command}' (see iscls --help)`);
  return subcommand({ parsed, engine: loadEngine(), out });
}
