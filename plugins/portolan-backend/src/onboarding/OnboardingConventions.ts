/*
 * Where a platform puts things, so that fix snippets carry real values:
 * the image registry, the namespaces of pipeline runs and Argo CD
 * Applications, the environments. Read from `portolan.onboarding`; the
 * defaults are the scaffolder template's ("New service on Kubernetes").
 */
import type { Config } from '@backstage/config';

/** Where a platform puts images, pipeline runs and Argo CD Applications. */
export interface OnboardingConventions {
  /** Registry host (and path prefix) images are pushed to; `<registry>/<system>/<name>`. */
  imageRegistry: string;
  /** Namespace Tekton PipelineRuns and kpack Images live in. */
  ciNamespace: string;
  /** Namespace Argo CD Applications live in. */
  argocdNamespace: string;
  /** The Argo CD project Applications belong to; default the service's system. */
  argocdProject?: string;
  /** The builder Tekton's buildpacks task and kpack use. */
  builderImage: string;
}

/** The template's defaults. */
export const DEFAULT_ONBOARDING_CONVENTIONS: OnboardingConventions = {
  imageRegistry: 'registry.acme.example',
  ciNamespace: 'ci',
  argocdNamespace: 'argocd',
  builderImage: 'paketobuildpacks/builder-jammy-base:latest',
};

/** Reads `portolan.onboarding`, refusing values that could not be in a manifest. */
export function readOnboardingConventions(
  config: Config,
): OnboardingConventions {
  const c = config.getOptionalConfig('portolan.onboarding');
  const conventions: OnboardingConventions = {
    imageRegistry:
      c?.getOptionalString('imageRegistry') ??
      DEFAULT_ONBOARDING_CONVENTIONS.imageRegistry,
    ciNamespace:
      c?.getOptionalString('ciNamespace') ??
      DEFAULT_ONBOARDING_CONVENTIONS.ciNamespace,
    argocdNamespace:
      c?.getOptionalString('argocdNamespace') ??
      DEFAULT_ONBOARDING_CONVENTIONS.argocdNamespace,
    argocdProject: c?.getOptionalString('argocdProject'),
    builderImage:
      c?.getOptionalString('builderImage') ??
      DEFAULT_ONBOARDING_CONVENTIONS.builderImage,
  };
  const namespace = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  for (const key of ['ciNamespace', 'argocdNamespace'] as const) {
    if (!namespace.test(conventions[key])) {
      throw new Error(
        `Invalid portolan.onboarding.${key} '${conventions[key]}': expected a Kubernetes namespace name`,
      );
    }
  }
  if (/\s|^\/|\/$/.test(conventions.imageRegistry)) {
    throw new Error(
      `Invalid portolan.onboarding.imageRegistry '${conventions.imageRegistry}': expected a registry host with an optional path, no slashes around it`,
    );
  }
  return conventions;
}
