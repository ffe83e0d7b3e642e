/*
 * Kubernetes label selectors (the `kubectl --selector` syntax), parsed once
 * and evaluated in memory against cached labels. Owns the grammar only; it
 * never looks at objects beyond their labels.
 *
 * Kept independent of kube-sim's parser (packages/kube-sim/src/store/
 * LabelSelector.ts) on purpose: sharing one parser between the client and
 * the emulator it is tested against would hide this parser's bugs. Both are
 * held against a real kube-apiserver instead (tools/kube-real).
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors
 */
import { InputError } from '@backstage/errors';

/** One requirement of a selector. */
export type LabelRequirement =
  | { key: string; operator: 'in' | 'notin'; values: readonly string[] }
  | { key: string; operator: 'exists' | 'doesnotexist' };

/** A parsed selector: every requirement must hold (an empty one matches everything). */
export interface LabelSelector {
  readonly requirements: readonly LabelRequirement[];
}

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function validKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
  ) {
    return false;
  }
  return name.length <= 63 && NAME.test(name);
}

function validValue(value: string): boolean {
  return value === '' || (value.length <= 63 && NAME.test(value));
}

type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'op'; text: '=' | '==' | '!=' | '!' | '(' | ')' | ','; at: number };

function tokenize(text: string, fail: (message: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '=' && text[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '==', at: i });
      i += 2;
    } else if (c === '!' && text[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '!=', at: i });
      i += 2;
    } else if (c === '=' || c === '!' || c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'op', text: c, at: i });
      i++;
    } else if (c === '<' || c === '>') {
      fail(`operator '${c}' is not supported in label selectors`);
    } else {
      const start = i;
      while (i < text.length && !' \t=!(),<>'.includes(text[i])) {
        i++;
      }
      tokens.push({ kind: 'word', text: text.slice(start, i), at: start });
    }
  }
  return tokens;
}

/**
 * Parses a label selector. Throws an `InputError` naming the problem and
 * where it is; `context` says what the selector is (an annotation name).
 */
export function parseLabelSelector(
  text: string,
  context = 'label selector',
): LabelSelector {
  const fail = (message: string): never => {
    throw new InputError(`Invalid ${context} '${text}': ${message}`);
  };
  const tokens = tokenize(text, fail);
  const requirements: LabelRequirement[] = [];
  let pos = 0;
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const expectKey = (): string => {
    const token = next();
    if (!token || token.kind !== 'word') {
      return fail(`expected a label key at ${token ? token.at : text.length}`);
    }
    if (!validKey(token.text)) {
      return fail(`'${token.text}' is not a valid label key`);
    }
    return token.text;
  };
  const expectValue = (): string => {
    const token = peek();
    if (!token || token.kind !== 'word') {
      return ''; // `a=` selects the empty value
    }
    pos++;
    if (!validValue(token.text)) {
      return fail(`'${token.text}' is not a valid label value`);
    }
    return token.text;
  };

  while (pos < tokens.length) {
    const first = peek();
    if (first.kind === 'op' && first.text === '!') {
      next();
      requirements.push({ key: expectKey(), operator: 'doesnotexist' });
    } else {
      const key = expectKey();
      const op = peek();
      if (!op || (op.kind === 'op' && op.text === ',')) {
        requirements.push({ key, operator: 'exists' });
      } else if (op.kind === 'op' && (op.text === '=' || op.text === '==')) {
        next();
        requirements.push({ key, operator: 'in', values: [expectValue()] });
      } else if (op.kind === 'op' && op.text === '!=') {
        next();
        requirements.push({ key, operator: 'notin', values: [expectValue()] });
      } else if (
        op.kind === 'word' &&
        (op.text === 'in' || op.text === 'notin')
      ) {
        next();
        const open = next();
        if (!open || open.kind !== 'op' || open.text !== '(') {
          fail(`expected '(' after '${op.text}'`);
        }
        const values: string[] = [];
        for (;;) {
          values.push(expectValue());
          const sep = next();
          if (sep?.kind === 'op' && sep.text === ')') break;
          if (!sep || sep.kind !== 'op' || sep.text !== ',') {
            fail(`expected ',' or ')' in the value list of '${key}'`);
          }
        }
        requirements.push({ key, operator: op.text, values });
      } else {
        fail(`unexpected '${op.text}' after '${key}'`);
      }
    }
    const sep = next();
    if (sep && !(sep.kind === 'op' && sep.text === ',')) {
      fail(`expected ',' at ${sep.at}`);
    }
    if (sep && pos >= tokens.length) {
      fail('trailing comma');
    }
  }
  return { requirements };
}

/** Whether labels satisfy every requirement of the selector. */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Readonly<Record<string, string>>,
): boolean {
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'exists':
        if (!has) return false;
        break;
      case 'doesnotexist':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(labels[r.key])) return false;
        break;
      case 'notin':
        if (has && r.values.includes(labels[r.key])) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * An equality requirement (`key=value`) usable as an index lookup, if the
 * selector has one on an indexed key.
 */
export function indexableRequirement(
  selector: LabelSelector,
  isIndexed: (key: string) => boolean,
): { key: string; value: string } | undefined {
  for (const r of selector.requirements) {
    if (r.operator === 'in' && r.values.length === 1 && isIndexed(r.key)) {
      return { key: r.key, value: r.values[0] };
    }
  }
  return undefined;
}
