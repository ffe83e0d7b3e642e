import type { Entity } from '@backstage/catalog-model';

/** storefront-web as catalog/services.yaml declares it. */
export const storefrontEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'storefront-web',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'storefront-web',
      'github.com/project-slug': 'acme/storefront-web',
      'tekton.dev/cicd': 'true',
      'argocd/app-name': 'storefront-web-prod',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-storefront' },
};

/** payments-api: owned by team-payments, so the demo guest may not read its logs. */
export const paymentsEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-api',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'payments-api' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-payments' },
};
