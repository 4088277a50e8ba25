// `iscls`: the extension's engine on the command line, for pandoc pipelines and scripts (the
// subcommands live in `cli/`). Errors are one line on stderr with exit code 2, and nothing is written.
import { run } from './cli/run';

function fail(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`iscls: ${message.split('\n')[0]}\n`);
  process.exitCode = 2;
}

// A reader that stops early (`iscls cite … | head -1`) closes the pipe: exit quietly, as Unix tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  void Promise.resolve(run(process.argv.slice(2), (text) => process.stdout.write(text + '\n'))).catch(fail);
} catch (error) {
  fail(error);
}
