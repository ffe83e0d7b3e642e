/** The `/version` document for a gitVersion such as `v1.31.4-gke.1200000`. */
export function versionInfo(gitVersion: string) {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  const major = m ? m[1] : '1';
  // Managed offerings with vendor suffixes report minor as e.g. "30+".
  const vendor =
    /-eks-|-gke\.|\+/.test(gitVersion) && !/^v\d+\.\d+\.\d+$/.test(gitVersion);
  const minor = m ? `${m[2]}${vendor ? '+' : ''}` : '31';
  return {
    major,
    minor,
    gitVersion,
    gitCommit: 'a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9',
    gitTreeState: 'clean',
    buildDate: '2026-10-01T00:00:00Z',
    goVersion: 'go1.23.4',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
