// kube-sim tests start real HTTPS servers (RSA key generation) and run
// kubectl; on a loaded 2-core machine they need more than Jest's 5 s default.
// Correctness never depends on timing: tests wait on conditions.
jest.setTimeout(120_000);
