/*
 * Decides which offering a cluster is from the rules in providerRules.ts.
 * Scores: a decisive signal 3, a supporting one 1. The best-scoring offering
 * with at least one decisive signal wins; a variant (Autopilot, ROSA, ARO,
 * Anthos) with its own decisive signal inherits its base's evidence and
 * beats it. No decisive signal, or a tie, is `unknown` — with every piece of
 * evidence seen and the candidates it pointed at.
 */
import type {
  Confidence,
  Evidence,
  ProviderCandidate,
  ProviderDetection,
  ProviderId,
} from '@portolan/plugin-portolan-common';
import type { ClusterFacts } from './clusterFacts';
import {
  PROVIDER_NAMES,
  PROVIDER_REFINEMENTS,
  PROVIDER_RULES,
  type ProviderRule,
} from './providerRules';

const WEIGHTS = { decisive: 3, supporting: 1 } as const;

interface Tally {
  provider: ProviderId;
  score: number;
  decisive: number;
  verifiedDecisive: number;
  evidence: Evidence[];
}

function tally(
  facts: ClusterFacts,
  rules: readonly ProviderRule[],
): Map<ProviderId, Tally> {
  const tallies = new Map<ProviderId, Tally>();
  for (const rule of rules) {
    const evidence = rule.find(facts);
    if (!evidence) {
      continue;
    }
    const entry = tallies.get(rule.provider) ?? {
      provider: rule.provider,
      score: 0,
      decisive: 0,
      verifiedDecisive: 0,
      evidence: [],
    };
    entry.score += WEIGHTS[rule.strength];
    if (rule.strength === 'decisive') {
      entry.decisive += 1;
      entry.verifiedDecisive += rule.verified ? 1 : 0;
    }
    entry.evidence.push(
      rule.verified
        ? evidence
        : {
            ...evidence,
            description: `${evidence.description} (unverified signal)`,
          },
    );
    tallies.set(rule.provider, entry);
  }
  // Variants with a decisive signal of their own absorb their base.
  for (const [variant, base] of Object.entries(PROVIDER_REFINEMENTS) as Array<
    [ProviderId, ProviderId]
  >) {
    const own = tallies.get(variant);
    const inherited = tallies.get(base);
    if (own && own.decisive > 0 && inherited) {
      own.score += inherited.score;
      own.decisive += inherited.decisive;
      own.verifiedDecisive += inherited.verifiedDecisive;
      own.evidence = [...inherited.evidence, ...own.evidence];
      tallies.delete(base);
    }
  }
  return tallies;
}

function confidenceOf(winner: Tally): Confidence {
  if (winner.verifiedDecisive === 0) {
    return 'low';
  }
  // Two independent signals agreeing, at least one of them decisive.
  return winner.evidence.length >= 2 ? 'high' : 'medium';
}

/** Detects the offering a cluster is, with the evidence that decided it. */
export function detectProvider(
  facts: ClusterFacts,
  rules: readonly ProviderRule[] = PROVIDER_RULES,
): ProviderDetection {
  const ranked = [...tally(facts, rules).values()].sort(
    (a, b) => b.score - a.score || a.provider.localeCompare(b.provider),
  );
  const candidates: ProviderCandidate[] = ranked.map(entry => ({
    id: entry.provider,
    score: entry.score,
  }));
  const [best, second] = ranked;
  const decided =
    best !== undefined &&
    best.decisive > 0 &&
    (second === undefined || second.score < best.score);
  if (!decided) {
    return {
      id: 'unknown',
      name: PROVIDER_NAMES.unknown,
      confidence: 'none',
      evidence: ranked.flatMap(entry => entry.evidence),
      candidates,
    };
  }
  return {
    id: best.provider,
    name: PROVIDER_NAMES[best.provider],
    confidence: confidenceOf(best),
    evidence: best.evidence,
    candidates: candidates.slice(1),
  };
}
