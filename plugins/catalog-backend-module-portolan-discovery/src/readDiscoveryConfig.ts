/*
 * Reads `portolan.discovery` and refuses what cannot work, naming the key:
 * a namespace pattern that is no namespace name or glob, a default owner
 * that is no Group or User ref. The backend then fails at start instead of
 * emitting entities the catalog rejects or owners nobody can resolve.
 */
import { toError } from '@backstage/errors';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  type SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import {
  DEFAULT_DISCOVERY_EXCLUDED_NAMESPACES,
  NamespacePatternSchema,
} from '@portolan/plugin-portolan-common';

/** Where the settings live. */
export const DISCOVERY_CONFIG_KEY = 'portolan.discovery';

/**
 * Namespaces whose workloads are the platform, not services: Kubernetes',
 * OpenShift's, and those the delivery and platform tools run in.
 *
 * @public
 */
export const DEFAULT_EXCLUDED_NAMESPACES =
  DEFAULT_DISCOVERY_EXCLUDED_NAMESPACES;

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { seconds: 30 },
  initialDelay: { seconds: 15 },
};

/** `portolan.discovery`, checked. */
export interface DiscoveryConfig {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  excludeNamespaces: readonly string[];
  /** A full entity ref (`group:default/platform-team`), when configured. */
  defaultOwner?: string;
  lifecycle: string;
}

const validator = makeValidator();

function readExcludeNamespaces(config: Config | undefined): readonly string[] {
  const patterns = config?.getOptionalStringArray('excludeNamespaces');
  if (patterns === undefined) {
    return DEFAULT_EXCLUDED_NAMESPACES;
  }
  patterns.forEach((pattern, i) => {
    const parsed = NamespacePatternSchema.safeParse(pattern);
    if (!parsed.success) {
      throw new Error(
        `Invalid ${DISCOVERY_CONFIG_KEY}.excludeNamespaces[${i}] '${pattern}': ${parsed.error.issues[0]?.message}`,
      );
    }
  });
  return patterns;
}

/** The owner as a full ref; a Group when the kind is left out, as `spec.owner` reads it. */
function readDefaultOwner(config: Config | undefined): string | undefined {
  const owner = config?.getOptionalString('defaultOwner');
  if (owner === undefined) {
    return undefined;
  }
  const key = `${DISCOVERY_CONFIG_KEY}.defaultOwner`;
  let ref;
  try {
    ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: 'default',
    });
  } catch (e) {
    throw new Error(`Invalid ${key} '${owner}': ${toError(e).message}`);
  }
  const kind = ref.kind.toLocaleLowerCase('en-US');
  if (kind !== 'group' && kind !== 'user') {
    throw new Error(
      `Invalid ${key} '${owner}': an owner is a Group or a User, not a ${ref.kind}`,
    );
  }
  if (
    !validator.isValidNamespace(ref.namespace) ||
    !validator.isValidEntityName(ref.name)
  ) {
    throw new Error(
      `Invalid ${key} '${owner}': not an entity ref ([kind:][namespace/]name, e.g. group:default/platform-team)`,
    );
  }
  return stringifyEntityRef({ ...ref, kind });
}

function readLifecycle(config: Config | undefined): string {
  const lifecycle = config?.getOptionalString('lifecycle');
  if (lifecycle === undefined) {
    return 'production';
  }
  if (lifecycle.trim() === '') {
    throw new Error(
      `Invalid ${DISCOVERY_CONFIG_KEY}.lifecycle: must not be empty`,
    );
  }
  return lifecycle;
}

/** `portolan.discovery` with its defaults; throws on a bad value, naming the key. */
export function readDiscoveryConfig(rootConfig: Config): DiscoveryConfig {
  const config = rootConfig.getOptionalConfig(DISCOVERY_CONFIG_KEY);
  const defaultOwner = readDefaultOwner(config);
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? false,
    schedule: config?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    excludeNamespaces: readExcludeNamespaces(config),
    ...(defaultOwner ? { defaultOwner } : {}),
    lifecycle: readLifecycle(config),
  };
}
