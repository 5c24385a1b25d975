import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The two validators that are separate programs with a costly start, started once for a
 * whole end-to-end run instead of once per document: Universal Feed Parser (a Python
 * interpreter importing feedparser, ~0.2 s of CPU) and jing (a JVM, ~0.6 s). The end-to-end
 * files ask them a few hundred times. Each is the same program and the same checks as the
 * command (feedparser_dump.py --serve; JingServer.java mirrors `jing -c`), answering over a
 * loopback socket: a file path in, the command's exit status and output back.
 *
 * Started by test/support/global-setup.ts; test/support/validators.ts uses them when the run
 * has them and runs the commands otherwise (so a missing tool still fails loudly, naming
 * its Debian package).
 */

/** Where a validator server listens (loopback). */
export interface ValidatorServer {
  port: number;
}

export interface ValidatorServers {
  /** feedparser_dump.py --serve, run by `python`. */
  feedparser?: ValidatorServer & { python: string };
  /** JingServer.java with the RELAX NG schema test/support/atom.rnc. */
  jing?: ValidatorServer;
}

/** A command's exit status and what it printed (stdout, or stderr for feedparser's failures). */
export interface ServerAnswer {
  code: number;
  output: string;
}

const here = (name: string): string => fileURLToPath(new URL(name, import.meta.url));

/**
 * The classpath and system property Debian's /usr/bin/jing gives the JVM (its java-wrappers
 * script: find_jars jing xercesImpl … in /usr/share/java, those that are there), so the
 * server parses with the same XML parser as the command and words errors the same way.
 */
const JING_JARS = [
  'jing',
  'xercesImpl',
  'xmlParserAPIs',
  'xml-apis',
  'Saxon-HE',
  'xml-resolver',
  'avalon-framework',
  'batik-all',
];
const JING_PARSER_PROPERTY =
  '-Dorg.apache.xerces.xni.parser.XMLParserConfiguration=org.apache.xerces.parsers.XIncludeParserConfiguration';

/** Start a server; resolve with it and its port once it has printed the port; undefined if it cannot start. */
function startServer(command: string, args: string[]): Promise<{ child: ChildProcess; port: number } | undefined> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, LC_ALL: 'C.UTF-8' },
    });
    let out = '';
    // One that has not said where it listens within a minute is not waited for.
    const timer = setTimeout(() => {
      child.kill();
      resolve(undefined);
    }, 60_000);
    const settle = (server: { child: ChildProcess; port: number } | undefined) => {
      clearTimeout(timer);
      resolve(server);
    };
    child.on('error', () => settle(undefined));
    child.on('exit', () => settle(undefined));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const line = /^(\d+)\n/.exec(out);
      if (line) settle({ child, port: Number(line[1]) });
    });
  });
}

/**
 * Start both servers. A server that cannot start is left out: the validators then run the
 * command itself, which reports the missing tool.
 */
export async function startValidatorServers(): Promise<{ servers: ValidatorServers; stop: () => void }> {
  const python = process.env['FEEDPARSER_PYTHON'] ?? '/usr/bin/python3';
  const jars = JING_JARS.map((name) => `/usr/share/java/${name}.jar`).filter((jar) => existsSync(jar));
  const [feedparser, jing] = await Promise.all([
    startServer(python, [here('./feedparser_dump.py'), '--serve']),
    // Source-file mode (JEP 330): the JVM compiles the one class in memory, no build step.
    // C1 only and the serial collector: the server lives for one run and validates small
    // documents, where C2's compile threads would cost more than they save.
    startServer('java', [
      '-XX:TieredStopAtLevel=1',
      '-XX:+UseSerialGC',
      JING_PARSER_PROPERTY,
      '-cp',
      jars.join(path.delimiter),
      here('./JingServer.java'),
      here('./atom.rnc'),
    ]),
  ]);
  const servers: ValidatorServers = {};
  if (feedparser) servers.feedparser = { port: feedparser.port, python };
  if (jing) servers.jing = { port: jing.port };
  return {
    servers,
    stop() {
      for (const server of [feedparser, jing]) server?.child.kill();
    },
  };
}

/** Ask a server about one file: its answer, as the command would have exited and printed. */
export function askServer(server: ValidatorServer, file: string): Promise<ServerAnswer> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port: server.port });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const newline = text.indexOf('\n');
      const code = Number(text.slice(0, newline));
      if (newline < 0 || !Number.isInteger(code)) {
        reject(
          new Error(`the validator server on port ${server.port} gave no answer for ${file}: ${text.slice(0, 200)}`),
        );
        return;
      }
      resolve({ code, output: text.slice(newline + 1) });
    });
    // The server's working folder is not the test's.
    socket.end(`${path.resolve(file)}\n`);
  });
}
