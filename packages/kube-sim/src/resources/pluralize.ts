const IRREGULAR: Record<string, string> = {
  endpoints: 'endpoints',
  person: 'people',
  child: 'children',
};

const UNCOUNTABLE = new Set(['data', 'metadata', 'info', 'equipment']);

/**
 * The lower-cased English plural the API server uses for a CRD that does not
 * name one: `PipelineActivity` → `pipelineactivities`, `Ingress` →
 * `ingresses`, `Policy` → `policies`.
 */
export function pluralize(kind: string): string {
  const word = kind.toLowerCase();
  if (IRREGULAR[word]) return IRREGULAR[word];
  if (UNCOUNTABLE.has(word)) return word;
  if (/[^aeiou]y$/.test(word)) return `${word.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(word)) return `${word}es`;
  return `${word}s`;
}
