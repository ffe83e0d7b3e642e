import { OfferingsCatalogueSchema } from '@portolan/plugin-portolan-common';
import { detectClusterProfile } from './detectClusterProfile';
import { OFFERINGS, listOfferings } from './offeringsCatalogue';
import {
  AKS_STAGING,
  DOKS_TOOLS,
  EKS_PROD_US,
  GKE_PROD_EU,
  K3S_EDGE,
  OPENSHIFT_DEV,
  cluster,
  node,
} from './__fixtures__/clusterFacts';

describe('the offerings catalogue', () => {
  it('lists every offering the issue names, each with a documentation link', () => {
    expect(OFFERINGS.map(offering => offering.id)).toEqual([
      'gke',
      'eks',
      'aks',
      'doks',
      'oke',
      'iks',
      'ack',
      'tke',
      'openshift',
      'k3s',
      'rke2',
      'anthos',
      'tanzu',
      'platform9',
      'giant-swarm',
      'kubeedge',
    ]);
    for (const offering of OFFERINGS) {
      expect(offering.documentation).toMatch(/^https:\/\//);
    }
  });

  it('cites a vendor page for every stated fact, and never verifies an absence', () => {
    const facts = OFFERINGS.flatMap(offering => [
      offering.serverlessNodes,
      offering.sandboxedRuntime,
      offering.defaultCni,
      offering.meshAddOn,
    ]);
    const absent = facts.filter(fact => fact.value === undefined);
    const stated = facts.filter(fact => fact.value !== undefined);
    expect(absent.length).toBeGreaterThan(0);
    expect(absent.filter(fact => fact.verified || fact.source)).toEqual([]);
    expect(
      stated.filter(fact => !/^https:\/\//.test(fact.source ?? '')),
    ).toEqual([]);
  });

  it('puts each demo cluster on its offering, and KubeEdge clusters on KubeEdge', () => {
    const edgeCluster = cluster({
      gitVersion: 'v1.29.5+k3s1',
      nodes: [
        node('edge-1', {
          providerID: 'k3s://edge-1',
          kubeletVersion: 'v1.29.5-kubeedge-v1.18.0',
        }),
      ],
    });
    const catalogue = listOfferings([
      { name: 'gke-prod-eu', profile: detectClusterProfile(GKE_PROD_EU) },
      { name: 'eks-prod-us', profile: detectClusterProfile(EKS_PROD_US) },
      { name: 'aks-staging', profile: detectClusterProfile(AKS_STAGING) },
      { name: 'openshift-dev', profile: detectClusterProfile(OPENSHIFT_DEV) },
      { name: 'k3s-edge', profile: detectClusterProfile(K3S_EDGE) },
      { name: 'doks-tools', profile: detectClusterProfile(DOKS_TOOLS) },
      { name: 'factory-floor', profile: detectClusterProfile(edgeCluster) },
      { name: 'not-synced-yet' },
    ]);
    expect(OfferingsCatalogueSchema.parse(catalogue)).toEqual(catalogue);
    const clustersOf = Object.fromEntries(
      catalogue.offerings.map(offering => [offering.id, offering.clusters]),
    );
    expect(clustersOf).toMatchObject({
      gke: ['gke-prod-eu'],
      eks: ['eks-prod-us'],
      aks: ['aks-staging'],
      openshift: ['openshift-dev'],
      k3s: ['factory-floor', 'k3s-edge'],
      doks: ['doks-tools'],
      kubeedge: ['factory-floor'],
      oke: [],
      tanzu: [],
    });
    expect(catalogue.checkedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
