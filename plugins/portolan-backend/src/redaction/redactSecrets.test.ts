/*
 * Each kind of credential that reaches a message, a URL or evidence is
 * redacted in responses (the real plugin over HTTP, against kube-sim) and
 * in log lines (the captured root logger), and the rest of the text stays.
 */
import { mockCredentials } from '@backstage/backend-test-utils';
import type { LoggerService } from '@backstage/backend-plugin-api';
import express from 'express';
import request from 'supertest';
import {
  type PortolanTestBackend,
  namespaceObject,
  startPortolanTestBackend,
  waitFor,
} from '../__testUtils__/portolanTestBackend';
import {
  REDACTED,
  redactResponses,
  redactSecrets,
  redactingLogger,
} from './redactSecrets';

jest.setTimeout(60_000);

const SECRETS = {
  execStderr:
    'exec plugin failed: aws_secret_access_key=wJalrXUtnFEMIK7MDENGbPxRfiCY token: sekrit-stderr-1 Bearer abcdefghijklmnop eyJhbGciOi.eyJzdWIiOiJ4.c2lnbmF0dXJl AKIAIOSFODNN7EXAMPLE',
  gitUserinfo: 'https://x-access-token:ghp_userinfo123@github.com/acme/app.git',
  gitTokenOnly: 'https://ghp_onlytoken456@github.com/acme/app.git',
  presignedS3:
    'https://bucket.s3.amazonaws.com/src.tgz?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20261207&X-Amz-Signature=deadbeefcafe',
  sas: 'https://acct.blob.core.windows.net/c/src.tgz?sv=2021-08-06&sig=AbCdEf%3D',
  tokenParam: 'https://git.acme.example/archive.zip?token=tok-query-789',
  nodeArgs:
    '["server","--token","K10abcdef0123456789abcdef::server:joinpass","--datastore-endpoint","postgres://k3s:dbpass@db:5432/k3s","--agent-token=agentpass","--flannel-backend","none"]',
};

const LEAKS = [
  'wJalrXUtnFEMIK7MDENGbPxRfiCY',
  'sekrit-stderr-1',
  'abcdefghijklmnop',
  'eyJhbGciOi.eyJzdWIiOiJ4.c2lnbmF0dXJl',
  'AKIAIOSFODNN7EXAMPLE',
  'ghp_userinfo123',
  'ghp_onlytoken456',
  'deadbeefcafe',
  'AKIDEXAMPLE',
  'AbCdEf',
  'tok-query-789',
  'joinpass',
  'dbpass',
  'agentpass',
];

function expectNoLeak(text: string) {
  for (const leak of LEAKS) expect(text).not.toContain(leak);
}

describe('redactSecrets', () => {
  it.each(Object.entries(SECRETS))('redacts %s', (_kind, text) => {
    const redacted = redactSecrets(text);
    expectNoLeak(redacted);
    expect(redacted).toContain(REDACTED);
  });

  it('keeps what is not a credential', () => {
    expect(redactSecrets(SECRETS.gitUserinfo)).toBe(
      `https://${REDACTED}@github.com/acme/app.git`,
    );
    expect(redactSecrets(SECRETS.presignedS3)).toContain(
      'https://bucket.s3.amazonaws.com/src.tgz?X-Amz-Algorithm=AWS4-HMAC-SHA256',
    );
    expect(redactSecrets(SECRETS.nodeArgs)).toContain(
      '"--flannel-backend","none"',
    );
    for (const plain of [
      'registry.acme.example/payments/api@sha256:abcd',
      'watch broken since 2026-12-07T08:00:00Z: HTTP 410',
      'https://github.com/acme/app.git',
    ]) {
      expect(redactSecrets(plain)).toBe(plain);
    }
  });

  it('redacts error bodies and JSON responses, but not a log the caller may read', async () => {
    const app = express();
    app.use(redactResponses());
    app.get('/fail', (_req, res) => {
      res.status(503).json({
        error: { name: 'ServiceUnavailableError', message: SECRETS.execStderr },
      });
    });
    app.get('/log', (_req, res) => {
      res.json({ repo: SECRETS.gitUserinfo, log: 'password=mine' });
    });
    const fail = await request(app).get('/fail');
    expectNoLeak(JSON.stringify(fail.body));
    expect(fail.body.error.message).toContain('exec plugin failed');
    const log = await request(app).get('/log');
    expectNoLeak(JSON.stringify(log.body));
    expect(log.body.log).toBe('password=mine');
  });

  it('redacts every log line, message and metadata, children included', () => {
    const lines: string[] = [];
    const capture: LoggerService = {
      error: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
      warn: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
      info: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
      debug: (m, meta) => lines.push(`${m} ${JSON.stringify(meta)}`),
      child: () => capture,
    };
    const logger = redactingLogger(capture);
    logger.error(`cluster k3s: ${SECRETS.execStderr}`, new Error(SECRETS.sas));
    logger.warn(`clone ${SECRETS.gitTokenOnly}`, { url: SECRETS.tokenParam });
    logger.child({ source: SECRETS.presignedS3 }).info(SECRETS.nodeArgs);
    expect(lines).toHaveLength(3);
    expectNoLeak(lines.join('\n'));
  });
});

describe('what leaves the real backend', () => {
  let t: PortolanTestBackend;

  beforeAll(async () => {
    t = await startPortolanTestBackend({
      clusters: [
        {
          name: 'edge',
          objects: [
            namespaceObject('default'),
            {
              apiVersion: 'v1',
              kind: 'Node',
              metadata: {
                name: 'edge-1',
                labels: { 'kubernetes.io/arch': 'arm64' },
                annotations: { 'k3s.io/node-args': SECRETS.nodeArgs },
              },
              spec: { providerID: 'k3s://edge-1' },
            },
          ],
        },
      ],
      entities: [],
    });
    await waitFor(
      'edge synced',
      async () => (await t.clusters())[0].health.state === 'synced',
    );
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('shows k3s node-args evidence with its tokens redacted, in responses and logs', async () => {
    const res = await request(t.server)
      .get('/api/portolan/clusters')
      .set('Authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body = JSON.stringify(res.body);
    expect(res.body.clusters[0].profile.provider.id).toBe('k3s');
    expect(body).toContain('k3s.io/node-args');
    expect(body).toContain(REDACTED);
    expectNoLeak(body);
    expectNoLeak(t.logLines.join('\n'));
  });
});
