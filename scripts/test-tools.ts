/**
 * The Debian packages the test suite needs, in one place, and the check that they are there.
 *
 * The end-to-end tests use independent tools, never presswire's own code, to judge its
 * output: Universal Feed Parser, xmllint, jing, Debian's Chromium (with fonts, for the
 * browser-view screenshots) and exiftool. This module is run before those tests by
 * test/support/global-setup.ts, so `npm test` and `npx vitest run FILE` both get it, and
 * .ci/run needs nothing of its own.
 *
 * The check only looks: a few file lookups and one Python `find_spec`, well under a second,
 * and no apt. When something is missing and the process is root (or has password-less
 * sudo), it installs the whole list with apt-get; otherwise it stops at once and prints the
 * exact command to run. Run by hand: `npx tsx scripts/test-tools.ts` (exit 0: all there).
 *
 * Two environment variables make the lookup testable without uninstalling anything: PATH
 * (where commands, and sudo, are looked for) and PRESSWIRE_TEST_TOOLS_ROOT (the folder the
 * absolute paths below are read under, `/` by default).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** How a package is known to be installed: a command on PATH, a file, or a Python module. */
export type Probe = { command: string } | { file: string } | { pythonModule: string; python: string };

export interface TestPackage {
  /** The Debian package name. */
  name: string;
  /** What the tests use it for. */
  use: string;
  /** All must be found for the package to count as installed. */
  probes: Probe[];
}

/** The interpreter the feedparser validator runs (test/support/validators.ts reads the same variable). */
const PYTHON = process.env['FEEDPARSER_PYTHON'] ?? '/usr/bin/python3';

/**
 * The packages, in the order they are installed. `--no-install-recommends` is enough: jing
 * Depends on a Java runtime, so one comes with it; Chromium needs its fonts named.
 */
export const TEST_PACKAGES: readonly TestPackage[] = [
  {
    name: 'python3-feedparser',
    use: 'Universal Feed Parser',
    probes: [{ pythonModule: 'feedparser', python: PYTHON }],
  },
  { name: 'libxml2-utils', use: 'xmllint', probes: [{ command: 'xmllint' }] },
  {
    name: 'jing',
    use: 'RELAX NG validation of Atom, with a Java runtime',
    probes: [{ command: 'jing' }, { command: 'java' }],
  },
  { name: 'chromium', use: 'the browser-view tests', probes: [{ file: '/usr/bin/chromium' }] },
  {
    name: 'fonts-liberation',
    use: 'text in Chromium screenshots',
    probes: [{ file: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf' }],
  },
  {
    name: 'fonts-dejavu-core',
    use: 'text in Chromium screenshots',
    probes: [{ file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' }],
  },
  { name: 'libimage-exiftool-perl', use: 'reading image metadata', probes: [{ command: 'exiftool' }] },
];

/** Where the lookups happen; the defaults are this process's. */
export interface ToolEnvironment {
  /** PATH entries, in order. */
  path: readonly string[];
  /** Absolute probe paths are read under this folder. */
  root: string;
}

export function currentEnvironment(env: NodeJS.ProcessEnv = process.env): ToolEnvironment {
  return {
    path: (env['PATH'] ?? '').split(path.delimiter).filter((dir) => dir !== ''),
    root: env['PRESSWIRE_TEST_TOOLS_ROOT'] ?? '/',
  };
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isReadable(file: string): boolean {
  try {
    accessSync(file, fsConstants.R_OK);
    return true;
  } catch {
    return false;
  }
}

export function findCommand(command: string, environment: ToolEnvironment): string | undefined {
  return environment.path.map((dir) => path.join(dir, command)).find(isExecutable);
}

const underRoot = (file: string, environment: ToolEnvironment) => path.join(environment.root, file);

function probeHolds(probe: Probe, environment: ToolEnvironment): boolean {
  if ('command' in probe) return findCommand(probe.command, environment) !== undefined;
  if ('file' in probe) return isReadable(underRoot(probe.file, environment));
  // find_spec, not import: it says whether the module is there without the cost of loading it.
  const python = underRoot(probe.python, environment);
  if (!isExecutable(python)) return false;
  const found = spawnSync(
    python,
    [
      '-c',
      `import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(${JSON.stringify(probe.pythonModule)}) else 1)`,
    ],
    { stdio: 'ignore', timeout: 30_000 },
  );
  return found.status === 0;
}

/** The packages whose probes do not all hold, in list order. */
export function missingPackages(
  environment: ToolEnvironment = currentEnvironment(),
  packages: readonly TestPackage[] = TEST_PACKAGES,
): TestPackage[] {
  return packages.filter((pkg) => !pkg.probes.every((probe) => probeHolds(probe, environment)));
}

/** Who runs the tests: root, someone who may use sudo without a password, or neither. */
export interface Privilege {
  kind: 'root' | 'sudo' | 'none';
  /** A sudo that asks for a password (only meaningful for `none`). */
  sudoExists: boolean;
}

/** apt-get's argument lists: always the whole package list, so the command is the same wherever it is printed. */
export function aptArguments(packages: readonly TestPackage[] = TEST_PACKAGES): string[][] {
  return [['update'], ['install', '-y', '--no-install-recommends', ...packages.map((pkg) => pkg.name)]];
}

/** The one line a person pastes into a shell. */
export function shellLine(withSudo: boolean): string {
  const sudo = withSudo ? 'sudo ' : '';
  return aptArguments()
    .map((args) => `${sudo}apt-get ${args.join(' ')}`)
    .join(' && ');
}

/** What to do about missing packages: install them, or stop and tell the person the command. */
export type Plan = { action: 'install'; withSudo: boolean } | { action: 'tell'; message: string };

/**
 * `checkOnly` (PRESSWIRE_TEST_TOOLS=check) is for whoever would rather run apt-get
 * themselves than have a test run do it.
 */
export function planFor(missing: readonly TestPackage[], privilege: Privilege, checkOnly: boolean): Plan {
  if (privilege.kind !== 'none' && !checkOnly) return { action: 'install', withSudo: privilege.kind === 'sudo' };
  const withSudo = privilege.kind === 'sudo' || privilege.sudoExists;
  const why = checkOnly
    ? 'Not installing them (PRESSWIRE_TEST_TOOLS=check)'
    : 'They cannot be installed from here (not root, and no password-less sudo)';
  return {
    action: 'tell',
    message:
      `presswire tests: Debian packages the tests need are missing: ${missing.map((pkg) => `${pkg.name} (${pkg.use})`).join(', ')}.\n` +
      `${why}. Run this ${withSudo ? 'with sudo' : 'as root'}, then the tests again:\n\n` +
      `  ${shellLine(withSudo)}\n`,
  };
}

function privilegeOf(environment: ToolEnvironment): Privilege {
  if (process.getuid?.() === 0) return { kind: 'root', sudoExists: false };
  const sudo = findCommand('sudo', environment);
  if (sudo === undefined) return { kind: 'none', sudoExists: false };
  const allowed = spawnSync(sudo, ['-n', 'true'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
  return { kind: allowed ? 'sudo' : 'none', sudoExists: true };
}

/** Runs apt-get with its output on this terminal. Returns what failed, if anything. */
function install(withSudo: boolean): string | undefined {
  for (const args of aptArguments()) {
    // Another apt-get (an unattended upgrade, a second test run) may hold the lock: wait for it.
    const apt = ['env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', '-o', 'DPkg::Lock::Timeout=600', ...args];
    const [program, ...argv] = withSudo ? ['sudo', '-n', ...apt] : apt;
    const result = spawnSync(program!, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) {
      return `apt-get ${args[0]} failed (${result.error?.message ?? `exit status ${result.status ?? result.signal}`})`;
    }
  }
  return undefined;
}

/** The outcome: `ok`, or the message to print before stopping. */
export type ToolsOutcome = { ok: true; installed: string[] } | { ok: false; message: string };

/** Checks the packages, installs the missing ones when it may, and says what is left to do. */
export function ensureTestTools(env: NodeJS.ProcessEnv = process.env): ToolsOutcome {
  const environment = currentEnvironment(env);
  const missing = missingPackages(environment);
  if (missing.length === 0) return { ok: true, installed: [] };
  const plan = planFor(missing, privilegeOf(environment), env['PRESSWIRE_TEST_TOOLS'] === 'check');
  if (plan.action === 'tell') return { ok: false, message: plan.message };

  const names = (packages: readonly TestPackage[]) => packages.map((pkg) => pkg.name).join(', ');
  process.stderr.write(`presswire tests: installing ${names(missing)} with apt-get\n`);
  const failure = install(plan.withSudo);
  const stillMissing = missingPackages(environment);
  if (failure === undefined && stillMissing.length === 0) return { ok: true, installed: missing.map((p) => p.name) };
  return {
    ok: false,
    message:
      `presswire tests: Debian packages the tests need are missing: ${names(stillMissing.length > 0 ? stillMissing : missing)}.\n` +
      `Installing them failed${failure === undefined ? ' to provide them' : `: ${failure}`}. ` +
      `Fix apt, then run this and the tests again:\n\n` +
      `  ${shellLine(plan.withSudo)}\n`,
  };
}

function main(): void {
  const outcome = ensureTestTools();
  if (outcome.ok) {
    process.stdout.write(
      outcome.installed.length > 0
        ? `presswire tests: installed ${outcome.installed.join(', ')}\n`
        : 'presswire tests: every Debian package the tests need is installed\n',
    );
    return;
  }
  process.stderr.write(outcome.message);
  process.exitCode = 1;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
