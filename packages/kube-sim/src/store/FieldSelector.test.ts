import { FieldSelector } from './FieldSelector';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'shop' },
  spec: { nodeName: 'node-a' },
  status: { phase: 'Running' },
};

describe('FieldSelector', () => {
  it.each([
    ['metadata.name=web-1', true],
    ['metadata.name==web-1', true],
    ['metadata.name!=web-1', false],
    ['metadata.namespace=shop,metadata.name=web-1', true],
    ['metadata.namespace=other', false],
    ['spec.nodeName=node-a', true],
    ['status.phase!=Running', false],
    ['status.phase=Pending', false],
  ])('%s matches pods: %s', (sel, expected) => {
    expect(FieldSelector.parse(sel, '', 'pods').matches(pod)).toBe(expected);
  });

  it('rejects fields the API server does not index for the resource', () => {
    expect(() =>
      FieldSelector.parse('spec.nodeName=x', 'apps', 'deployments'),
    ).toThrow('field label not supported: spec.nodeName');
    expect(() => FieldSelector.parse('nonsense', '', 'pods')).toThrow(
      /invalid selector/,
    );
  });

  it('unescapes values', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a,b', namespace: 'x' },
    };
    expect(
      FieldSelector.parse('metadata.name=a\\,b', '', 'configmaps').matches(cm),
    ).toBe(true);
  });
});
