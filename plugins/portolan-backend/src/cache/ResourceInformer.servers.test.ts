/*
 * The informer suite (ResourceInformer.suite.ts) against kube-sim; the
 * same suite runs against a real kube-apiserver in
 * ResourceInformer.real.test.ts.
 */
import { kubeSimServer } from '../__testUtils__/apiServers';
import { informerSuite } from './ResourceInformer.suite';

jest.setTimeout(120_000);

informerSuite('ResourceInformer against kube-sim', () =>
  kubeSimServer('informer'),
);
