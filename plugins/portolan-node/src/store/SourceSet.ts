/*
 * The registered sources, checked once at start, and what the cache must
 * watch for them: one need per resource type (and version preference),
 * with every declaration that consumes it. Refuses Secrets, duplicate ids
 * and malformed declarations with a message naming the source.
 */
import { KUBERNETES_ID_LABEL } from '@portolan/plugin-portolan-common';
import type {
  CachedObject,
  EntityMatcher,
  PortolanSource,
  ResourceDeclaration,
  ResourceScope,
} from '../source';
import { AnnotationFilter } from './projection';
import {
  declaredIndexId,
  labelIndexId,
  type StoreIndex,
} from './ResourceStore';

/** One resource type the cache watches on every cluster that serves it. */
export interface ResourceNeed {
  /** `group/plural@version,fallbacks`: unique per informer. */
  key: string;
  group: string;
  plural: string;
  kind: string;
  /** Versions in order of preference. */
  versions: readonly string[];
  /** Only this namespace / field selector (see `ResourceDeclaration.scope`). */
  scope?: ResourceScope;
  /** Every consumer can do without it: a 403 costs this need only. */
  optional: boolean;
  /** The declarations it serves; `StoredObject.views` is indexed like this. */
  consumers: readonly ResourceDeclaration<unknown>[];
  annotations: AnnotationFilter;
  indexedLabels: ReadonlySet<string>;
  /** The store's secondary indexes: one per indexed label, then the consumers' declared ones. */
  indexes: readonly StoreIndex[];
}

/** Where a declaration's objects live: its need and its index among the consumers. */
export interface ConsumerSlot {
  need: ResourceNeed;
  index: number;
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function checkDeclaration(
  source: PortolanSource,
  declaration: ResourceDeclaration<unknown>,
): void {
  const { type } = declaration;
  const where = `Portolan source '${source.id}'`;
  if (!type || typeof declaration.project !== 'function') {
    throw new Error(
      `${where} declares a resource without a type or projection`,
    );
  }
  if (type.group === '' && type.plural === 'secrets') {
    throw new Error(
      `${where} declares Secrets; Portolan never watches Secrets`,
    );
  }
  for (const [field, value] of Object.entries({
    version: type.version,
    plural: type.plural,
  })) {
    if (typeof value !== 'string' || !NAME.test(value)) {
      throw new Error(
        `${where} declares a resource with an invalid ${field} '${value}'`,
      );
    }
  }
  if (
    typeof type.group !== 'string' ||
    (type.group && !NAME.test(type.group))
  ) {
    throw new Error(
      `${where} declares a resource with an invalid group '${type.group}'`,
    );
  }
  const scope = declaration.scope;
  if (
    scope !== undefined &&
    (typeof scope.namespace !== 'string' ||
      !NAME.test(scope.namespace) ||
      (scope.fieldSelector !== undefined &&
        (typeof scope.fieldSelector !== 'string' || !scope.fieldSelector)))
  ) {
    throw new Error(
      `${where} declares ${type.plural} with an invalid scope (a namespace name and an optional field selector)`,
    );
  }
  if (!type.kind) {
    throw new Error(`${where} declares ${type.plural} without a kind`);
  }
  for (const [name, keys] of Object.entries(declaration.indexes ?? {})) {
    if (!name || typeof keys !== 'function') {
      throw new Error(
        `${where} declares an index '${name}' on ${type.plural} that is not a function`,
      );
    }
  }
}

function labelIndex(key: string): StoreIndex {
  return { id: labelIndexId(key), keysOf: o => o.metadata.labels[key] };
}

/** A declared index, read from its consumer's view (absent where the projection threw). */
function declaredIndex(
  consumer: number,
  name: string,
  keys: (object: CachedObject<unknown>) => readonly string[],
): StoreIndex {
  return {
    id: declaredIndexId(consumer, name),
    keysOf: o => {
      const view = o.views[consumer];
      if (!view) return undefined;
      try {
        return keys(view);
      } catch {
        // Filed under no key, at indexing and unindexing alike.
        return undefined;
      }
    },
  };
}

export class SourceSet {
  readonly needs: readonly ResourceNeed[];
  readonly matchers: readonly EntityMatcher<unknown>[];
  private readonly slots = new Map<
    ResourceDeclaration<unknown>,
    ConsumerSlot
  >();

  constructor(readonly sources: readonly PortolanSource[]) {
    const ids = new Set<string>();
    const matchers = new Map<string, EntityMatcher<unknown>>();
    const grouped = new Map<
      string,
      {
        group: string;
        plural: string;
        kind: string;
        versions: string[];
        scope?: ResourceScope;
        optional: boolean;
        consumers: ResourceDeclaration<unknown>[];
      }
    >();
    for (const source of sources) {
      if (!source.id || ids.has(source.id)) {
        throw new Error(
          source.id
            ? `Two Portolan sources have the id '${source.id}'`
            : 'A Portolan source has no id',
        );
      }
      ids.add(source.id);
      for (const declaration of source.resources) {
        checkDeclaration(source, declaration);
        const { group, plural, kind, version } = declaration.type;
        const versions = [version, ...(declaration.fallbackVersions ?? [])];
        const { scope } = declaration;
        const key = `${group}/${plural}@${versions.join(',')}${
          scope
            ? `#${scope.namespace}${
                scope.fieldSelector ? `?${scope.fieldSelector}` : ''
              }`
            : ''
        }`;
        let entry = grouped.get(key);
        if (!entry) {
          entry = {
            group,
            plural,
            kind,
            versions,
            ...(scope ? { scope: { ...scope } } : {}),
            optional: true,
            consumers: [],
          };
          grouped.set(key, entry);
        }
        if (!declaration.optional) entry.optional = false;
        if (!entry.consumers.includes(declaration)) {
          entry.consumers.push(declaration);
        }
      }
      for (const matcher of source.matchers ?? []) {
        const known = matchers.get(matcher.id);
        if (known && known !== matcher) {
          throw new Error(
            `Portolan source '${source.id}' declares a second matcher with the id '${matcher.id}'`,
          );
        }
        matchers.set(matcher.id, matcher);
      }
    }
    this.matchers = [...matchers.values()];
    this.needs = [...grouped.entries()].map(([key, entry]) => {
      const indexedLabels = new Set([
        KUBERNETES_ID_LABEL,
        ...entry.consumers.flatMap(c => c.indexLabels ?? []),
      ]);
      const need: ResourceNeed = {
        key,
        ...entry,
        annotations: new AnnotationFilter(
          entry.consumers.flatMap(c => c.keepAnnotations ?? []),
        ),
        indexedLabels,
        indexes: [
          ...[...indexedLabels].map(labelIndex),
          ...entry.consumers.flatMap((consumer, index) =>
            Object.entries(consumer.indexes ?? {}).map(([name, keys]) =>
              declaredIndex(index, name, keys),
            ),
          ),
        ],
      };
      entry.consumers.forEach((consumer, index) =>
        this.slots.set(consumer, { need, index }),
      );
      return need;
    });
  }

  /** Where a declaration's objects are; undefined for one no source registered. */
  slotOf(declaration: ResourceDeclaration<unknown>): ConsumerSlot | undefined {
    return this.slots.get(declaration);
  }
}
