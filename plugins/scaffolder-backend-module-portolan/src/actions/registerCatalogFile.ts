/*
 * `portolan:catalog:register-file`: registers a published repository's
 * catalog-info.yaml as a `file` location, with the initiator's credentials.
 * The built-in `catalog:register` only registers `url` locations, which a
 * local repository has none of. Only files under the local-git base
 * directory may be registered, so a template cannot point the catalog at
 * arbitrary files on the backend's disk.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { parseAllDocuments } from 'yaml';
import type { LocalGitOptions } from './localGitOptions';
import { LOCAL_GIT_CONFIG_KEY } from './localGitOptions';

/** The entity `catalog:register` would pick: the first Component, else the first entity. */
function mainEntity(text: string): Entity | undefined {
  const entities = parseAllDocuments(text)
    .map(d => d.toJS() as Entity)
    .filter(e => e?.kind && e?.metadata?.name);
  return entities.find(e => e.kind === 'Component') ?? entities[0];
}

export function createRegisterCatalogFileAction(options: {
  catalog: CatalogService;
  localGit?: LocalGitOptions;
}) {
  return createTemplateAction({
    id: 'portolan:catalog:register-file',
    description:
      'Registers a catalog-info.yaml published by portolan:publish:local-git as a file location in the catalog.',
    supportsDryRun: true,
    examples: [
      {
        description: 'Register what the publish step wrote',
        example: [
          'steps:',
          '  - id: register',
          '    action: portolan:catalog:register-file',
          '    input:',
          '      catalogInfoPath: ${{ steps.publish.output.catalogInfoPath }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        catalogInfoPath: z =>
          z
            .string()
            .describe('Absolute path of the catalog-info.yaml to register'),
        optional: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Do not fail when the location cannot be added; default false',
            ),
      },
      output: {
        entityRef: z => z.string().describe('The registered main entity'),
        catalogInfoUrl: z =>
          z.string().describe('The registered location target'),
      },
    },
    async handler(ctx) {
      const { localGit, catalog } = options;
      if (!localGit) {
        throw new InputError(
          `portolan:catalog:register-file is not configured: set ${LOCAL_GIT_CONFIG_KEY}.baseDir`,
        );
      }
      const { catalogInfoPath, optional } = ctx.input;
      if (!isAbsolute(catalogInfoPath)) {
        throw new InputError(`${catalogInfoPath} is not an absolute path`);
      }
      const inside = relative(localGit.baseDir, catalogInfoPath);
      let target: string;
      try {
        target = resolveSafeChildPath(localGit.baseDir, inside);
      } catch {
        throw new NotAllowedError(
          `${catalogInfoPath} is outside ${localGit.baseDir}; only published repositories may be registered`,
        );
      }
      ctx.output('catalogInfoUrl', target);

      if (ctx.isDryRun) {
        // Nothing was published: name the entity from the workspace's copy.
        const text = await readFile(
          resolveSafeChildPath(ctx.workspacePath, 'catalog-info.yaml'),
          'utf8',
        ).catch(() => undefined);
        const entity = text ? mainEntity(text) : undefined;
        if (entity) ctx.output('entityRef', stringifyEntityRef(entity));
        ctx.logger.info(`Dry run: would register file location ${target}`);
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      ctx.logger.info(`Registering file location ${target} in the catalog`);
      try {
        await catalog.addLocation({ type: 'file', target }, { credentials });
      } catch (e) {
        if (!optional) throw e;
        ctx.logger.warn(`Location ${target} not added: ${toError(e).message}`);
      }
      const entity = mainEntity(await readFile(target, 'utf8'));
      if (entity) ctx.output('entityRef', stringifyEntityRef(entity));
    },
  });
}
