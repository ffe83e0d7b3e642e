import { execFileSync } from 'node:child_process';
import {
  mkdtempSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createPublishLocalGitAction } from './publishLocalGit';
import { createRegisterCatalogFileAction } from './registerCatalogFile';

const entityYaml = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: basket-api
spec:
  type: service
  lifecycle: experimental
  owner: team-storefront
`;

/** An action context as the scaffolder hands it over, with `output` recorded. */
function createMockActionContext<I>(options: {
  workspacePath: string;
  input: I;
  isDryRun?: boolean;
}) {
  return {
    logger: mockServices.logger.mock(),
    workspacePath: options.workspacePath,
    input: options.input,
    isDryRun: options.isDryRun,
    output: jest.fn(),
    task: { id: 'task-1' },
    checkpoint: async ({ fn }: { fn: () => unknown }) => fn(),
    createTemporaryDirectory: async () => mkdtempSync(join(tmpdir(), 'ctx-')),
    getInitiatorCredentials: async () => mockCredentials.user(),
  } as any;
}

describe('Portolan scaffolder actions', () => {
  let root: string;
  let workspace: string;
  let baseDir: string;
  const localGit = () => ({
    baseDir,
    authorName: 'Test',
    authorEmail: 'test@example.invalid',
  });

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'portolan-actions-'));
    workspace = join(root, 'workspace');
    baseDir = join(root, 'repositories');
    mkdirSync(join(workspace, 'deploy/prod'), { recursive: true });
    writeFileSync(join(workspace, 'catalog-info.yaml'), entityYaml);
    writeFileSync(
      join(workspace, 'deploy/prod/deployment.yaml'),
      'kind: Deployment\n',
    );
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('portolan:publish:local-git', () => {
    it('publishes the workspace as a git repository with one commit', async () => {
      const action = createPublishLocalGitAction({ localGit: localGit() });
      const ctx = createMockActionContext({
        workspacePath: workspace,
        input: { repoName: 'basket-api' },
      });
      await action.handler(ctx);
      const repo = join(baseDir, 'basket-api');
      const git = (...args: string[]) =>
        execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' }).trim();
      expect(git('rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
      expect(git('log', '--format=%an <%ae> %s')).toBe(
        'Test <test@example.invalid> Initial commit',
      );
      expect(git('ls-files').split('\n')).toEqual([
        'catalog-info.yaml',
        'deploy/prod/deployment.yaml',
      ]);
      expect(ctx.output).toHaveBeenCalledWith(
        'commitHash',
        git('rev-parse', 'HEAD'),
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'catalogInfoPath',
        join(repo, 'catalog-info.yaml'),
      );
      expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${repo}`);
      // The URL clones.
      execFileSync('git', [
        'clone',
        '--quiet',
        `file://${repo}`,
        join(root, 'clone'),
      ]);
      expect(readFileSync(join(root, 'clone/catalog-info.yaml'), 'utf8')).toBe(
        entityYaml,
      );
    });

    it('refuses to publish over an existing repository', async () => {
      const action = createPublishLocalGitAction({ localGit: localGit() });
      mkdirSync(join(baseDir, 'basket-api'), { recursive: true });
      await expect(
        action.handler(
          createMockActionContext({
            workspacePath: workspace,
            input: { repoName: 'basket-api' },
          }),
        ),
      ).rejects.toThrow(/already exists/);
    });

    it('writes nothing in a dry run', async () => {
      const action = createPublishLocalGitAction({ localGit: localGit() });
      const ctx = createMockActionContext({
        workspacePath: workspace,
        input: { repoName: 'basket-api' },
        isDryRun: true,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith('commitHash', 'dry-run');
      expect(() =>
        readFileSync(join(baseDir, 'basket-api/catalog-info.yaml')),
      ).toThrow();
    });

    it('says how to configure it when it is not', async () => {
      const action = createPublishLocalGitAction({});
      await expect(
        action.handler(
          createMockActionContext({
            workspacePath: workspace,
            input: { repoName: 'x' },
          }),
        ),
      ).rejects.toThrow(/portolan\.scaffolder\.localGit\.baseDir/);
    });
  });

  describe('portolan:catalog:register-file', () => {
    it('registers the published catalog-info.yaml as a file location, as the initiator', async () => {
      const target = join(baseDir, 'basket-api', 'catalog-info.yaml');
      mkdirSync(join(baseDir, 'basket-api'), { recursive: true });
      writeFileSync(target, entityYaml);
      const catalog = catalogServiceMock.mock({
        addLocation: jest.fn(async () => ({
          location: {
            id: '1',
            type: 'file',
            target,
            entityRef: 'location:default/generated-1',
          },
          entities: [],
        })),
      });
      const credentials = mockCredentials.user('user:default/guest');
      const action = createRegisterCatalogFileAction({
        catalog,
        localGit: localGit(),
      });
      const ctx = createMockActionContext({
        workspacePath: workspace,
        input: { catalogInfoPath: target },
      });
      ctx.getInitiatorCredentials = async () => credentials;
      await action.handler(ctx);
      expect(catalog.addLocation).toHaveBeenCalledWith(
        { type: 'file', target },
        { credentials },
      );
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/basket-api',
      );
    });

    it('refuses files outside the local-git directory', async () => {
      const catalog = catalogServiceMock.mock();
      const action = createRegisterCatalogFileAction({
        catalog,
        localGit: localGit(),
      });
      await expect(
        action.handler(
          createMockActionContext({
            workspacePath: workspace,
            input: {
              catalogInfoPath: join(baseDir, '../workspace/catalog-info.yaml'),
            },
          }),
        ),
      ).rejects.toThrow(/outside/);
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });

    it('names the entity from the workspace in a dry run, without touching the catalog', async () => {
      const catalog = catalogServiceMock.mock();
      const action = createRegisterCatalogFileAction({
        catalog,
        localGit: localGit(),
      });
      const ctx = createMockActionContext({
        workspacePath: workspace,
        input: {
          catalogInfoPath: join(baseDir, 'basket-api/catalog-info.yaml'),
        },
        isDryRun: true,
      });
      await action.handler(ctx);
      expect(ctx.output).toHaveBeenCalledWith(
        'entityRef',
        'component:default/basket-api',
      );
      expect(catalog.addLocation).not.toHaveBeenCalled();
    });
  });
});
