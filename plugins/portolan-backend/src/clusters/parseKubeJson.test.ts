/*
 * parseKubeObject / parseWatchEvent agree with JSON.parse on every text:
 * the same value without metadata.managedFields, and a SyntaxError where
 * JSON.parse throws one, also for texts mutated at random.
 */
import {
  projectObject,
  AnnotationFilter,
} from '@portolan/plugin-portolan-node';
import type { KubeObject } from '@portolan/plugin-portolan-node';
import { podResource } from '../sources/workloads/workloadResources';
import {
  parseKubeObject,
  parseWatchEvent,
  validValueEnd,
} from './parseKubeJson';

const managedFields = [
  {
    manager: 'kube-controller-manager',
    operation: 'Update',
    apiVersion: 'v1',
    time: '2026-11-19T11:00:00Z',
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:metadata': { 'f:labels': {}, 'f:ownerReferences': {} },
      'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {} } } },
    },
  },
  { manager: 'kubelet', n: [1, -0.5, 2e10, true, false, null, 'é \\ "'] },
];

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'team',
    uid: 'u-1',
    labels: { 'app.kubernetes.io/name': 'web' },
    annotations: {
      // A managedFields member written inside a string must stay.
      'kubectl.kubernetes.io/last-applied-configuration':
        '{"metadata":{"managedFields":[]}} \\" } { ] [',
    },
    ownerReferences: [
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs' },
    ],
    managedFields,
    creationTimestamp: '2026-11-19T11:00:01Z',
  },
  spec: {
    nodeName: 'n1',
    containers: [{ name: 'app', image: 'registry/web@sha256:abc' }],
  },
  status: {
    phase: 'Running',
    containerStatuses: [
      {
        name: 'app',
        ready: true,
        restartCount: 2,
        imageID: 'registry/web@sha256:abc',
      },
    ],
  },
};

/** JSON.parse's value without metadata.managedFields (at `path`). */
function expected(text: string, path: string[]): unknown {
  const value = JSON.parse(text);
  let at: any = value;
  for (const key of path) {
    at = at && typeof at === 'object' ? at[key] : undefined;
  }
  if (at && typeof at === 'object' && !Array.isArray(at)) {
    delete at.managedFields;
  }
  return value;
}

/** Both parse to the same value, or both throw a SyntaxError. */
function agree(text: string, parse: (t: string) => unknown, path: string[]) {
  let want: unknown;
  let wantError: unknown;
  try {
    want = expected(text, path);
  } catch (e) {
    wantError = e;
  }
  if (wantError) {
    expect(() => parse(text)).toThrow(SyntaxError);
  } else {
    expect(parse(text)).toEqual(want);
  }
}

describe('parseKubeObject', () => {
  it('parses an object without its managedFields, and nothing else changes', () => {
    const text = JSON.stringify(pod);
    const parsed = parseKubeObject(text) as typeof pod;
    expect(parsed.metadata).not.toHaveProperty('managedFields');
    const { managedFields: _, ...metadata } = pod.metadata;
    expect(parsed).toEqual({ ...pod, metadata });
  });

  it('cuts managedFields wherever it stands among the members, with any spacing', () => {
    const entries = Object.entries(pod.metadata).filter(
      ([k]) => k !== 'managedFields',
    );
    for (let at = 0; at <= entries.length; at++) {
      const members = [...entries];
      members.splice(at, 0, ['managedFields', managedFields]);
      const object = { ...pod, metadata: Object.fromEntries(members) };
      agree(JSON.stringify(object), parseKubeObject, ['metadata']);
      agree(JSON.stringify(object, null, 2), parseKubeObject, ['metadata']);
      agree(
        JSON.stringify(object).replace(/([,:{}[\]])/g, ' \n\t$1\r '),
        parseKubeObject,
        ['metadata'],
      );
    }
    // The only member.
    const only = JSON.stringify({ metadata: { managedFields } });
    expect(parseKubeObject(only)).toEqual({ metadata: {} });
    agree(' { "metadata" : { "managedFields" : [ ] } } ', parseKubeObject, [
      'metadata',
    ]);
  });

  it('agrees with JSON.parse on objects without managedFields or of other shapes', () => {
    const texts = [
      '{}',
      '[]',
      '"text"',
      '42',
      'null',
      '{"metadata":null}',
      '{"metadata":[1,2]}',
      '{"metadata":{"managedFields":"not an array"}}',
      '{"metadata":{"managedFields":null},"kind":"Pod"}',
      '{"kind":"Pod","spec":{"metadata":{"managedFields":[1]}}}',
      // An escaped key is the same key to JSON.parse.
      '{"metadata":{"managed\\u0046ields":[1],"name":"a"}}',
      '{"meta\\u0064ata":{"managedFields":[1],"name":"a"}}',
      // Duplicate keys: JSON.parse keeps the last.
      '{"metadata":{"name":"a","managedFields":[1]},"metadata":{"name":"b"}}',
      '{"metadata":{"managedFields":[1],"name":"a","managedFields":[2]}}',
      JSON.stringify({
        ...pod,
        metadata: { name: 'x', annotations: { a: '\\' } },
      }),
    ];
    for (const text of texts) agree(text, parseKubeObject, ['metadata']);
    // What the scan leaves (an escaped or a second key) is dropped after the parse.
    expect(
      parseKubeObject('{"metadata":{"managed\\u0046ields":[1],"name":"a"}}'),
    ).toEqual({ metadata: { name: 'a' } });
    expect(
      parseKubeObject(
        '{"metadata":{"managedFields":[1],"name":"a","managedFields":[2]}}',
      ),
    ).toEqual({ metadata: { name: 'a' } });
  });

  it('rejects what JSON.parse rejects, inside managedFields or anywhere else', () => {
    const bad = [
      '',
      '{',
      '{"metadata":{"managedFields":[1,]}}',
      '{"metadata":{"managedFields":[01]}}',
      '{"metadata":{"managedFields":[1.]}}',
      '{"metadata":{"managedFields":[-]}}',
      '{"metadata":{"managedFields":[1e]}}',
      '{"metadata":{"managedFields":[tru]}}',
      '{"metadata":{"managedFields":["\\x"]}}',
      '{"metadata":{"managedFields":["\\u12G4"]}}',
      '{"metadata":{"managedFields":["a\u0001"]}}',
      '{"metadata":{"managedFields":[{"a" 1}]}}',
      '{"metadata":{"managedFields":[{"a":1,}]}}',
      '{"metadata":{"managedFields":[{1:1}]}}',
      '{"metadata":{"managedFields":[[}]}}',
      '{"metadata":{"managedFields":[1]},}',
      '{"metadata":{"managedFields":[1] "name":"a"}}',
      '{"metadata":{"name":"a",,"managedFields":[1]}}',
      '{"metadata":{"managedFields":[1]}} x',
      '{"metadata":{"managedFields":[1]}',
    ];
    for (const text of bad) {
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      expect(() => parseKubeObject(text)).toThrow(SyntaxError);
    }
  });

  it('agrees with JSON.parse on thousands of randomly broken texts', () => {
    const text = JSON.stringify(pod);
    const event = JSON.stringify({ type: 'MODIFIED', object: pod });
    // A fixed seed: the same texts on every run.
    let seed = 18;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '{}[]":,\\ 0-1.eE+tuafnlsr"x';
    const mutate = (t: string) => {
      const at = random(t.length);
      switch (random(3)) {
        case 0:
          return t.slice(0, at) + t.slice(at + 1);
        case 1:
          return (
            t.slice(0, at) + alphabet[random(alphabet.length)] + t.slice(at)
          );
        default:
          return (
            t.slice(0, at) + alphabet[random(alphabet.length)] + t.slice(at + 1)
          );
      }
    };
    let rejected = 0;
    const disagreements: string[] = [];
    for (let n = 0; n < 3000; n++) {
      const broken = mutate(n % 2 ? text : event);
      const parse = n % 2 ? parseKubeObject : parseWatchEvent;
      const path = n % 2 ? ['metadata'] : ['object', 'metadata'];
      let want: unknown;
      try {
        want = expected(broken, path);
      } catch {
        rejected++;
        try {
          parse(broken);
          disagreements.push(broken);
        } catch (e) {
          if (!(e instanceof SyntaxError)) disagreements.push(broken);
        }
        continue;
      }
      try {
        // The same members, values and order.
        if (JSON.stringify(parse(broken)) !== JSON.stringify(want))
          disagreements.push(broken);
      } catch {
        disagreements.push(broken);
      }
    }
    expect(disagreements).toEqual([]);
    // Most mutations break the text; some do not: both kinds were tried.
    expect(rejected).toBeGreaterThan(1000);
    expect(rejected).toBeLessThan(3000);
  });

  it('projects exactly what JSON.parse gives the projection', () => {
    const annotations = new AnnotationFilter(['kubectl.kubernetes.io/*']);
    const variants = [
      pod,
      { ...pod, metadata: { ...pod.metadata, labels: undefined } },
      { ...pod, spec: 'not an object' },
      { ...pod, metadata: { managedFields } },
      { kind: 'Pod', metadata: { name: 'bare' } },
    ];
    for (const object of variants) {
      const text = JSON.stringify(object);
      const mine = projectObject(
        parseKubeObject(text) as KubeObject,
        [podResource],
        annotations,
      );
      const theirs = projectObject(
        JSON.parse(text),
        [podResource],
        annotations,
      );
      expect(mine).toEqual(theirs);
    }
  });
});

describe('parseWatchEvent', () => {
  it('cuts the object’s managedFields only', () => {
    const text = JSON.stringify({
      type: 'MODIFIED',
      metadata: { managedFields: [1] },
      object: pod,
    });
    const parsed = parseWatchEvent(text) as {
      object: typeof pod;
      metadata: unknown;
    };
    expect(parsed.object.metadata).not.toHaveProperty('managedFields');
    expect(parsed.metadata).toEqual({ managedFields: [1] });
    agree(text, parseWatchEvent, ['object', 'metadata']);
    for (const type of ['ADDED', 'DELETED', 'BOOKMARK', 'ERROR']) {
      agree(JSON.stringify({ object: pod, type }), parseWatchEvent, [
        'object',
        'metadata',
      ]);
    }
    agree(
      '{"type":"ERROR","object":{"kind":"Status","code":410}}',
      parseWatchEvent,
      ['object', 'metadata'],
    );
  });
});

describe('validValueEnd', () => {
  it('finds the end of valid values and rejects invalid ones', () => {
    expect(validValueEnd('[1, {"a": [true, null]}] ,', 0)).toBe(24);
    expect(validValueEnd('"a\\"b" x', 0)).toBe(6);
    expect(validValueEnd('-0.5e+3,', 0)).toBe(7);
    expect(validValueEnd('[1 2]', 0)).toBe(-1);
    expect(validValueEnd('{"a":}', 0)).toBe(-1);
    expect(validValueEnd('nul', 0)).toBe(-1);
  });
});
