/*
 * Test-only: writes objects into a kube-sim demo cluster through its
 * Kubernetes API, as `kubectl apply` would — over HTTPS with the cluster's
 * bearer token. kube-sim makes a new CA at every start and the example
 * backend keeps it in-process, so the test does not verify the certificate
 * (as the official Kubernetes plugin's demo config does).
 */
import { request } from 'node:https';

/** The demo clusters in port order (folders of kube-sim's fixtures/demo, by name). */
export const DEMO_CLUSTERS = [
  'aks-staging',
  'doks-tools',
  'eks-prod-us',
  'gke-prod-eu',
  'k3s-edge',
  'openshift-dev',
];

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** The API path of an object's collection. */
function collectionPath(
  apiVersion: string,
  plural: string,
  namespace?: string,
) {
  const base = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  return namespace
    ? `${base}/namespaces/${namespace}/${plural}`
    : `${base}/${plural}`;
}

const PLURALS: Record<string, string> = {
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  Pod: 'pods',
  Service: 'services',
  ServiceAccount: 'serviceaccounts',
  PipelineRun: 'pipelineruns',
  TaskRun: 'taskruns',
  Application: 'applications',
};

/** Kinds whose status is written through `/status` (their CRDs or built-ins have the subresource). */
const STATUS_SUBRESOURCE = new Set([
  'Deployment',
  'ReplicaSet',
  'Pod',
  'Service',
  'PipelineRun',
  'TaskRun',
]);

export class DemoCluster {
  constructor(readonly name: string, private readonly port: number) {}

  private call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          path,
          method,
          rejectUnauthorized: false,
          timeout: 10_000,
          headers: {
            Authorization: `Bearer kube-sim-demo-${this.name}`,
            Accept: 'application/json',
            ...(payload
              ? {
                  'Content-Type': 'application/json',
                  'Content-Length': Buffer.byteLength(payload),
                }
              : {}),
          },
        },
        res => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', chunk => (text += chunk));
          res.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('timeout', () =>
        req.destroy(new Error(`${method} ${path} timed out`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** Creates the object, then writes its status through the status subresource where there is one. */
  async apply(object: KubeObject): Promise<KubeObject> {
    const plural = PLURALS[object.kind];
    if (!plural) throw new Error(`no plural known for ${object.kind}`);
    const path = collectionPath(
      object.apiVersion,
      plural,
      object.metadata.namespace,
    );
    const created = await this.call('POST', path, object);
    if (created.status !== 201) {
      throw new Error(
        `POST ${object.kind} ${object.metadata.name} to ${this.name}: ${
          created.status
        } ${JSON.stringify(created.body)}`,
      );
    }
    // Without a status subresource (Argo CD Applications) the status is part of the object.
    if (object.status === undefined || !STATUS_SUBRESOURCE.has(object.kind)) {
      return created.body;
    }
    const status = await this.call(
      'PUT',
      `${path}/${object.metadata.name}/status`,
      {
        ...created.body,
        status: object.status,
      },
    );
    if (status.status !== 200) {
      throw new Error(
        `PUT ${object.kind} ${object.metadata.name}/status on ${this.name}: ${
          status.status
        } ${JSON.stringify(status.body)}`,
      );
    }
    return status.body;
  }

  /**
   * Applies objects in order; owner references name their owner and get
   * the uid the API server gave it (as a controller would).
   */
  async applyAll(objects: readonly KubeObject[]): Promise<void> {
    const uids = new Map<string, string>();
    for (const object of objects) {
      const owners = (object.metadata.ownerReferences ?? []) as {
        kind: string;
        name: string;
        uid: string;
      }[];
      const fixed = {
        ...object,
        metadata: {
          ...object.metadata,
          uid: undefined,
          ...(owners.length
            ? {
                ownerReferences: owners.map(o => ({
                  ...o,
                  uid: uids.get(`${o.kind}/${o.name}`) ?? o.uid,
                })),
              }
            : {}),
        },
      };
      const created = await this.apply(fixed);
      uids.set(
        `${object.kind}/${object.metadata.name}`,
        (created.metadata as { uid?: string }).uid ?? '',
      );
    }
  }
}

/** The demo clusters of a backend started with `basePort`. */
export function demoClusters(basePort: number): Record<string, DemoCluster> {
  return Object.fromEntries(
    DEMO_CLUSTERS.map((name, i) => [name, new DemoCluster(name, basePort + i)]),
  );
}
