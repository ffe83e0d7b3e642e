import type { KubeObject } from '../types';
import { at, type DemoIds } from './DemoIds';
import { demoBuilds } from './builds';
import type { DemoService } from './demoWorld';

export const JX_NAMESPACE = 'jx';

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
      {
        kind: 'Promote',
        promote: {
          name: 'promote: staging',
          environment: 'staging',
          status: 'Succeeded',
          startedTimestamp: at(finished + 1),
          completedTimestamp: at(finished + 9),
          pullRequest: {
            name: 'PullRequest',
            status: 'Succeeded',
            startedTimestamp: at(finished + 1),
            completedTimestamp: at(finished + 8),
            pullRequestURL: `https://github.com/acme/jx-staging/pull/${
              300 + b.number
            }`,
            mergeCommitSHA: ids.commit(`jx-staging-merge:${b.number}`),
          },
          update: {
            name: 'Update',
            status: 'Succeeded',
            startedTimestamp: at(finished + 8),
            completedTimestamp: at(finished + 9),
          },
          applicationURL: `https://search-indexer-jx-staging.acme.example`,
        },
      },
    ];
    if (promoteProd) {
      steps.push({
        kind: 'Promote',
        promote: {
          name: 'promote: production',
          environment: 'production',
          status: 'Succeeded',
          startedTimestamp: at(finished + 60),
          completedTimestamp: at(finished + 75),
          pullRequest: {
            name: 'PullRequest',
            status: 'Succeeded',
            startedTimestamp: at(finished + 60),
            completedTimestamp: at(finished + 74),
            pullRequestURL: `https://github.com/acme/jx-production/pull/${
              120 + b.number
            }`,
            mergeCommitSHA: ids.commit(`jx-production-merge:${b.number}`),
          },
          update: {
            name: 'Update',
            status: 'Succeeded',
            startedTimestamp: at(finished + 74),
            completedTimestamp: at(finished + 75),
          },
        },
      });
    } else {
      steps.push({
        kind: 'Promote',
        promote: {
          name: 'promote: production',
          environment: 'production',
          status: 'WaitingForApproval',
          startedTimestamp: at(finished + 10),
        },
      });
    }
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
