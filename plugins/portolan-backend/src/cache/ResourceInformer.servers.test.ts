/*
 * The informer suite (__testUtils__/informerSuite.ts) against kube-sim; the
 * same suite runs against a real kube-apiserver in
 * ResourceInformer.real.test.ts.
 */
import { kubeSimServer } from '../__testUtils__/apiServers';
import { informerSuite } from '../__testUtils__/informerSuite';

jest.setTimeout(120_000);

informerSuite('ResourceInformer against kube-sim', () =>
  kubeSimServer('informer'),
);
