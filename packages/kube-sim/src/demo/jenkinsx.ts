import type { KubeObject } from '../types';
import { at, type DemoIds } from './DemoIds';
import { demoBuilds } from './builds';
import type { DemoService } from './demoWorld';

export const JX_NAMESPACE = 'jx';

/**
 * A succeeded Jenkins X promotion step: a pull request to the environment's
 * repository (merged after `pullRequestSeconds`), then a one-second update.
 */
function promoted(
  ids: DemoIds,
  build: number,
  p: {
    environment: string;
    from: number;
    pullRequestSeconds: number;
    pullRequest: number;
    applicationURL?: string;
  },
) {
  const merged = p.from + p.pullRequestSeconds;
  return {
    kind: 'Promote',
    promote: {
      name: `promote: ${p.environment}`,
      environment: p.environment,
      status: 'Succeeded',
      startedTimestamp: at(p.from),
      completedTimestamp: at(merged + 1),
      pullRequest: {
        name: 'PullRequest',
        status: 'Succeeded',
        startedTimestamp: at(p.from),
        completedTimestamp: at(merged),
        pullRequestURL: `https://github.com/acme/jx-${p.environment}/pull/${p.pullRequest}`,
        mergeCommitSHA: ids.commit(`jx-${p.environment}-merge:${build}`),
      },
      update: {
        name: 'Update',
        status: 'Succeeded',
        startedTimestamp: at(merged),
        completedTimestamp: at(merged + 1),
      },
      ...(p.applicationURL ? { applicationURL: p.applicationURL } : {}),
    },
  };
}

/** Jenkins X PipelineActivities (jenkins.io/v1) for a service's builds; state in spec.status. */
export function pipelineActivities(ids: DemoIds, s: DemoService): KubeObject[] {
  return demoBuilds(ids, s).map(b => {
    const name = `acme-${s.name}-main-${b.number}`;
    const started = b.startedAt;
    const finished = b.finishedAt!;
    const version = `0.4.${b.number}`;
    const stage = (n: string, from: number, to: number) => ({
      name: n,
      status: 'Succeeded',
      startedTimestamp: at(from),
      completedTimestamp: at(to),
    });
    const latest = b.number === s.latestBuild;
    const promoteProd = !latest;
    const steps: any[] = [
      {
        kind: 'Stage',
        stage: {
          ...stage('from build pack', started, finished),
          steps: [
            stage('git clone', started, started + 0.3),
            stage('next version', started + 0.3, started + 0.5),
            stage('jx variables', started + 0.5, started + 0.6),
            stage('build make build', started + 0.6, started + 2.5),
            stage('build container build', started + 2.5, finished - 0.8),
            stage('promote changelog', finished - 0.8, finished - 0.4),
            stage('promote helm release', finished - 0.4, finished),
          ],
        },
      },
      promoted(ids, b.number, {
        environment: 'staging',
        from: finished + 1,
        pullRequestSeconds: 7,
        pullRequest: 300 + b.number,
        applicationURL: `https://${s.name}-jx-staging.acme.example`,
      }),
    ];
    steps.push(
      promoteProd
        ? promoted(ids, b.number, {
            environment: 'production',
            from: finished + 60,
            pullRequestSeconds: 14,
            pullRequest: 120 + b.number,
          })
        : {
            kind: 'Promote',
            promote: {
              name: 'promote: production',
              environment: 'production',
              status: 'WaitingForApproval',
              startedTimestamp: at(finished + 10),
            },
          },
    );
    return {
      apiVersion: 'jenkins.io/v1',
      kind: 'PipelineActivity',
      metadata: {
        name,
        namespace: JX_NAMESPACE,
        uid: ids.uid(`pa:${name}`),
        creationTimestamp: at(started),
        generation: 12,
        labels: {
          branch: 'main',
          build: String(b.number),
          context: 'release',
          lastCommitSha: b.commit,
          owner: 'acme',
          provider: 'github',
          repository: s.name,
          'backstage.io/kubernetes-id': s.name,
          'lighthouse.jenkins-x.io/baseSHA': b.commit,
        },
      },
      spec: {
        pipeline: `acme/${s.name}/main`,
        build: String(b.number),
        version,
        status: latest ? 'Running' : 'Succeeded',
        startedTimestamp: at(started),
        ...(latest ? {} : { completedTimestamp: at(finished + 75) }),
        steps,
        buildUrl: `https://dashboard-jx.acme.example/acme/${s.name}/main/${b.number}`,
        buildLogsUrl: `gs://acme-jx-logs/jenkins-x/logs/acme/${s.name}/main/${b.number}.log`,
        gitUrl: `https://github.com/acme/${s.name}.git`,
        gitRepository: s.name,
        gitOwner: 'acme',
        gitBranch: 'main',
        author: b.author,
        lastCommitSHA: b.commit,
        lastCommitMessage: b.message,
        lastCommitURL: `https://github.com/acme/${s.name}/commit/${b.commit}`,
        releaseNotesURL: `https://github.com/acme/${s.name}/releases/tag/v${version}`,
        context: 'release',
        baseSHA: b.commit,
      },
      status: { version },
    };
  });
}
