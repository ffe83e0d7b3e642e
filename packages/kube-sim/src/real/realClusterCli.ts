/*
 * `./portolan real-cluster --kubeconfig FILE [--name NAME] [--fixtures DIR]`:
 * starts one real cluster (startRealCluster), writes the read-only user's
 * kubeconfig to FILE and the admin's to FILE.admin, prints
 * `real-cluster ready`, and stops everything (data directory included) on
 * SIGINT/SIGTERM. It never writes anything but those two files.
 */
import { startRealCluster } from './startRealCluster';

function usage(message: string): never {
  process.stderr.write(
    `${message}\nusage: ./portolan real-cluster --kubeconfig FILE [--name NAME] [--fixtures DIR]\n`,
  );
  process.exit(2);
}

async function main(argv: string[]) {
  let kubeconfig: string | undefined;
  let name: string | undefined;
  let fixturesDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--kubeconfig', '--name', '--fixtures'].includes(flag))
      usage(`unknown argument: ${flag}`);
    if (!value) usage(`${flag} needs a value`);
    i++;
    if (flag === '--kubeconfig') kubeconfig = value;
    if (flag === '--name') name = value;
    if (flag === '--fixtures') fixturesDir = value;
  }
  if (!kubeconfig) usage('--kubeconfig FILE is required');
  if (name !== undefined && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    usage(`--name must be a DNS label: ${name}`);
  const cluster = await startRealCluster({ name, fixturesDir });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    await cluster.writeKubeconfig(kubeconfig, 'reader');
    await cluster.writeKubeconfig(`${kubeconfig}.admin`, 'admin');
  } catch (e) {
    await cluster.stop();
    throw e;
  }
  process.stdout.write(
    `real-cluster ${cluster.name} at ${cluster.url}\nkubeconfig (read-only): ${kubeconfig}\nkubeconfig (admin): ${kubeconfig}.admin\nreal-cluster ready\n`,
  );
}

main(process.argv.slice(2)).catch(e => {
  process.stderr.write(`real-cluster: ${(e as Error).message}\n`);
  process.exit(1);
});
