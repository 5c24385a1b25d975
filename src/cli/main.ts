import { parseArgs } from 'node:util';
import { currentTime } from '../clock.js';
import { EXIT, InterruptedError, OperationalError, PresswireError, UsageError, type ExitCode } from '../errors.js';
import { Reporter } from '../report/reporter.js';
import { runOnce } from '../run.js';
import { onStopSignals } from '../schedule/signals.js';

/**
 * argv → command. The only `process.exit` in presswire and its one top-level error
 * handler: expected failures print their message and exit with their code; anything else
 * is a bug and says so, with its stack.
 */

const USAGE = `Usage: presswire <command> [options]

Commands:
  init        write a starter presswire.config.json and one article here (never overwrites)
  build       build the feeds once
  check       validate every article and the config; write nothing
  schedule    build on the config's cron expression (schedule.cron), and at once on every saved
              change to the articles (schedule.watch), until SIGTERM/SIGINT
  serve       preview out/ in a browser on http://127.0.0.1:4000/ until SIGTERM/SIGINT

Options:
  --articles DIR   articles folder (default: from config, "articles")
  --out DIR        output folder (default: from config, "out"; env PRESSWIRE_OUT)
  --config FILE    config file (default: presswire.config.json; required)
  --strict         warnings (unknown keys, unannounced edits) fail the build
  --quiet          print errors only
  --json           machine-readable JSON log lines on stdout
  --port N         serve: port on 127.0.0.1 (default 4000; 0 picks a free one)
  --watch          serve: build, then rebuild whenever an article or the config changes
  --no-watch       schedule: build on the cron slots only
  --allow-shrink   publish even if the articles folder is empty or the published entries
                   fall by more than publish.maxShrink (an intended mass withdrawal)
  -h, --help       this text
  -v, --version    the version

Exit codes: 0 ok, 1 article errors, 2 usage or config error, 3 lock held, 65 vanished or
shrunken archive refused, 66 articles folder missing or unreadable, 70 internal error,
73 output or state folder not writable, 74 disk full or I/O error, 75 lock taken over (run
again), 130 stopped by SIGTERM/SIGINT (schedule, serve: 0 after one signal, 130 after a second).`;

async function main(argv: string[]): Promise<ExitCode> {
  keepGoingWhenTheReaderLeaves(process.stdout);
  keepGoingWhenTheReaderLeaves(process.stderr);
  const parsed = parseCommandLine(argv);
  if (!parsed) return EXIT.config;
  const { values, positionals } = parsed;
  const reporter = new Reporter({
    json: values.json,
    quiet: values.quiet,
    stdout: process.stdout,
    stderr: process.stderr,
    clock: () => currentTime(),
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (values.version) {
    const { createRequire } = await import('node:module');
    const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
    process.stdout.write(`${pkg.version}\n`);
    return EXIT.ok;
  }
  const [command, ...extra] = positionals;
  const { stop, stopListening } = stopOnSignals(reporter);
  const common = commonOptions(values, reporter);
  try {
    if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
    return await runCommand(command, common, { stop: stop.signal, port: values.port, watch: values.watch });
  } catch (error) {
    return reportFailure(error, reporter);
  } finally {
    stopListening();
  }
}

/**
 * A reader that closes the pipe early (`presswire build --json | head -1`, a log shipper
 * restarting) makes the next write fail with EPIPE, which Node raises as an unhandled
 * error: a crash, mid-build when the write was a progress line. The build goes on and exits
 * with its own code; what it still had to say is lost to a reader that stopped listening.
 */
function keepGoingWhenTheReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

/** The options and positionals, or undefined after printing what was wrong with them and the usage. */
function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        articles: { type: 'string' },
        out: { type: 'string' },
        config: { type: 'string' },
        strict: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        // No default: for `schedule` an absent flag means `schedule.watch` (on unless turned off).
        watch: { type: 'boolean' },
        'allow-shrink': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`presswire: ${(error as Error).message}\n\n${USAGE}\n`);
    return undefined;
  }
}

/**
 * docs/operations.md, Running unattended: the first SIGTERM/SIGINT stops the work at its next safe
 * point; a second one exits at once (out/ is still valid: every file in it is replaced whole).
 */
function stopOnSignals(reporter: Reporter): { stop: AbortController; stopListening: () => void } {
  const stop = new AbortController();
  const stopListening = onStopSignals({
    first: (signal) => {
      reporter.info(`presswire: ${signal} received; stopping at the next safe point (send it again to stop at once)`, {
        event: 'stopping',
        signal,
      });
      stop.abort(new InterruptedError(signal));
    },
    again: (signal) => {
      reporter.fatal(`${signal} received again; stopping at once`, { exitCode: EXIT.interrupted });
      process.exit(EXIT.interrupted);
    },
  });
  return { stop, stopListening };
}

/** What every command is given: the reporter, the environment, and the flags they share. */
function commonOptions(values: ParsedValues, reporter: Reporter) {
  return {
    strict: values.strict,
    reporter,
    env: process.env,
    cwd: process.cwd(),
    ...(values.config === undefined ? {} : { configFile: values.config }),
    ...(values.articles === undefined ? {} : { articles: values.articles }),
    ...(values.out === undefined ? {} : { out: values.out }),
    ...(values['allow-shrink'] ? { allowShrink: true } : {}),
  };
}

type ParsedValues = NonNullable<ReturnType<typeof parseCommandLine>>['values'];
type CommonOptions = ReturnType<typeof commonOptions>;

async function runCommand(
  command: string | undefined,
  common: CommonOptions,
  flags: { stop: AbortSignal; port: string | undefined; watch: boolean | undefined },
): Promise<ExitCode> {
  switch (command) {
    case 'build':
    case 'check':
      return await runOnce({ ...common, command, signal: flags.stop });
    // The long-running commands are loaded when asked for: a build (every few minutes
    // from cron) does not pay for node-cron or the HTTP server.
    case 'schedule': {
      const { scheduleBuilds } = await import('../schedule/index.js');
      return await scheduleBuilds({
        ...common,
        stop: flags.stop,
        ...(flags.watch === undefined ? {} : { watch: flags.watch }),
      });
    }
    case 'init': {
      const { initNewsroom } = await import('../init/command.js');
      return await initNewsroom(common);
    }
    case 'serve': {
      const { parsePort, servePreview } = await import('../serve/command.js');
      return await servePreview({
        ...common,
        stop: flags.stop,
        port: parsePort(flags.port),
        watch: flags.watch ?? false,
      });
    }
    case undefined:
      throw new UsageError(`expected a command\n\n${USAGE}`);
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${USAGE}`);
  }
}

/** An expected failure: its message and exit code, no stack. Anything else is a bug and says so. */
function reportFailure(error: unknown, reporter: Reporter): ExitCode {
  if (error instanceof PresswireError) {
    // An operational failure's system error goes to --json's `detail` only, never to the terminal.
    const cause = error instanceof OperationalError ? (error.cause as Error) : undefined;
    reporter.fatal(error.message, { exitCode: error.exitCode, ...(cause ? { detail: cause.stack } : {}) });
    return error.exitCode;
  }
  reporter.fatal(
    `internal error (this is a bug in presswire; please report it): ${(error as Error).stack ?? String(error)}`,
  );
  return EXIT.internal;
}

process.exitCode = await main(process.argv.slice(2));
