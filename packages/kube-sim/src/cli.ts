import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { loadFixtures } from './fixtures/loadFixtures';
import { startKubeSim } from './startKubeSim';
import { startScenario } from './scenario/startScenario';
import { AdminServer } from './admin/AdminServer';
import type { ClusterFixture } from './types';

const USAGE = `Usage: kube-sim --fixtures <dir> --kubeconfig <file> [options]

Starts one HTTPS Kubernetes API server per cluster folder of <dir>, writes a
kubeconfig with one context per cluster, prints "kube-sim ready", and runs
until SIGINT/SIGTERM.

Options:
  --fixtures <dir>          folder of cluster folders (required)
  --kubeconfig <file>       where to write the kubeconfig (required)
  --host <ip>               interface to listen on (default 127.0.0.1)
  --base-port <n>           give clusters consecutive ports from <n> (default: ephemeral)
  --admin-port <n>          port of the fault-injection endpoint (default: ephemeral; 0 = ephemeral)
  --no-admin                do not start the fault-injection endpoint
  --scenario                run the demo driver (new PipelineRuns, syncs, rollouts)
  --scenario-interval <ms>  time between scenario steps (default 4000)
  --seed <n>                scenario seed (default 1)
  --bookmark-interval <ms>  BOOKMARK period for watches that allow them (default 5000)
  -h, --help                this text
`;

interface CliArgs {
  fixtures?: string;
  kubeconfig?: string;
  host: string;
  basePort?: number;
  adminPort: number;
  admin: boolean;
  scenario: boolean;
  scenarioInterval: number;
  seed: number;
  bookmarkInterval: number;
  help: boolean;
}

function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = {
    host: '127.0.0.1',
    adminPort: 0,
    admin: true,
    scenario: false,
    scenarioInterval: 4000,
    seed: 1,
    bookmarkInterval: 5000,
    help: false,
  };
  const num = (flag: string, v: string | undefined) => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < 0)
      throw new Error(`${flag} needs a non-negative integer`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const [name, inline] = flag.includes('=')
      ? flag.split(/=(.*)/s, 2)
      : [flag, undefined];
    const value = () => inline ?? argv[++i];
    switch (name) {
      case '--fixtures':
        args.fixtures = value();
        break;
      case '--kubeconfig':
        args.kubeconfig = value();
        break;
      case '--host':
        args.host = value();
        break;
      case '--base-port':
        args.basePort = num(name, value());
        break;
      case '--admin-port':
        args.adminPort = num(name, value());
        break;
      case '--no-admin':
        args.admin = false;
        break;
      case '--scenario':
        args.scenario = true;
        break;
      case '--scenario-interval':
        args.scenarioInterval = num(name, value());
        break;
      case '--seed':
        args.seed = num(name, value());
        break;
      case '--bookmark-interval':
        args.bookmarkInterval = num(name, value());
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new Error(`unknown argument ${flag}\n\n${USAGE}`);
    }
  }
  return args;
}

/**
 * Relative paths: yarn runs workspace scripts in the package folder, so when
 * started through yarn (`yarn kube-sim ...` at the repo root) they are taken
 * relative to the repo root (PROJECT_CWD), else to the working directory.
 */
function userPath(p: string): string {
  if (isAbsolute(p)) return p;
  const root = process.env.PROJECT_CWD;
  if (root) {
    const fromRoot = resolve(root, p);
    if (existsSync(fromRoot) || !existsSync(resolve(p))) return fromRoot;
  }
  return resolve(p);
}

/** The `kube-sim` command. Resolves once the servers are up; exits on signals. */
export async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!args.fixtures || !args.kubeconfig)
    throw new Error(`--fixtures and --kubeconfig are required\n\n${USAGE}`);
  let fixtures: ClusterFixture[] = await loadFixtures(userPath(args.fixtures));
  if (args.basePort !== undefined) {
    fixtures = fixtures.map((f, i) => ({
      ...f,
      port: f.port ?? args.basePort! + i,
    }));
  }
  const sim = await startKubeSim({
    clusters: fixtures,
    host: args.host,
    bookmarkIntervalMs: args.bookmarkInterval,
  });
  const kubeconfigPath = userPath(args.kubeconfig);
  await sim.writeKubeconfig(kubeconfigPath);
  for (const c of sim.clusters) {
    process.stdout.write(`cluster ${c.name} ${c.url} (${c.gitVersion})\n`);
  }
  process.stdout.write(`kubeconfig ${kubeconfigPath}\n`);
  let admin: AdminServer | undefined;
  if (args.admin) {
    admin = new AdminServer(sim);
    const url = await admin.listen(args.adminPort);
    process.stdout.write(
      `faults ${url} (POST ${url}/clusters/<name>/faults/<fault>; see README)\n`,
    );
  }
  const scenario = args.scenario
    ? startScenario(sim, { intervalMs: args.scenarioInterval, seed: args.seed })
    : undefined;
  process.stdout.write('kube-sim ready\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`kube-sim stopping (${signal})\n`);
    scenario?.stop();
    await admin?.close();
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
