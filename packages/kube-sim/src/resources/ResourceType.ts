import type { ResourceDefinition } from './builtinResources';

/** A printer column, as a CRD's `additionalPrinterColumns` declares it. */
export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const ALL_VERBS = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** One served resource type: a group/version/kind with its plural and scope. */
export class ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames: string[];
  readonly categories: string[];
  readonly hasStatus: boolean;
  readonly subresources: Array<{ name: string; kind: string; verbs: string[] }>;
  readonly printerColumns?: PrinterColumn[];
  /** The `openAPIV3Schema` its CRD declares, if any. */
  readonly schema?: Record<string, unknown>;
  readonly verbs = ALL_VERBS;

  constructor(
    def: ResourceDefinition & {
      printerColumns?: PrinterColumn[];
      schema?: Record<string, unknown>;
    },
  ) {
    this.group = def.group;
    this.version = def.version;
    this.kind = def.kind;
    this.plural = def.plural;
    this.singular = def.singular || def.kind.toLowerCase();
    this.namespaced = def.namespaced;
    this.shortNames = def.shortNames ?? [];
    this.categories = def.categories ?? [];
    this.hasStatus = def.status ?? false;
    this.subresources = [
      ...(def.status
        ? [
            {
              name: 'status',
              kind: def.kind,
              verbs: ['get', 'patch', 'update'],
            },
          ]
        : []),
      ...(def.subresources ?? []),
    ];
    this.printerColumns = def.printerColumns;
    this.schema = def.schema;
  }

  /** `v1` or `apps/v1`. */
  get apiVersion(): string {
    return this.group ? `${this.group}/${this.version}` : this.version;
  }

  get listKind(): string {
    return `${this.kind}List`;
  }

  /** `pods` or `deployments.apps`: how RBAC and kubectl name it. */
  get groupResource(): string {
    return this.group ? `${this.plural}.${this.group}` : this.plural;
  }

  /** Store key: one store per group/version/resource. */
  get id(): string {
    return `${this.group}/${this.version}/${this.plural}`;
  }

  /** The path prefix of its collection, without namespace. */
  get basePath(): string {
    return this.group
      ? `/apis/${this.group}/${this.version}`
      : `/api/${this.version}`;
  }
}
