/*
 * kube-sim's label selector parser (`?labelSelector=` on LIST and WATCH):
 * the API server's grammar, including the set-based and `gt`/`lt` forms,
 * answering a bad selector with the server's 400.
 *
 * Kept independent of the backend's parser
 * (plugins/portolan-node/src/store/labelSelector.ts) on purpose: an
 * emulator that shared the client's parser would agree with the client's
 * bugs and hide them. Both are held against a real kube-apiserver instead
 * (tools/kube-real). Never import backend code here.
 */
import { ApiError } from './ApiError';

type Operator = 'exists' | '!' | '=' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

type Token =
  | { t: 'id'; v: string }
  | { t: 'op'; v: '!' | '=' | '==' | '!=' | '>' | '<' }
  | { t: '(' | ')' | ',' };

const ID_CHAR = /[A-Za-z0-9._/\-]/;
const KEY =
  /^([A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?\/)?[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (c === ' ' || c === '\t') {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ t: c });
      i++;
    } else if (c === '!' && input[i + 1] === '=') {
      tokens.push({ t: 'op', v: '!=' });
      i += 2;
    } else if (c === '=' && input[i + 1] === '=') {
      tokens.push({ t: 'op', v: '==' });
      i += 2;
    } else if (c === '!' || c === '=' || c === '>' || c === '<') {
      tokens.push({ t: 'op', v: c });
      i++;
    } else if (ID_CHAR.test(c)) {
      let j = i;
      while (j < input.length && ID_CHAR.test(input[j])) j++;
      tokens.push({ t: 'id', v: input.slice(i, j) });
      i = j;
    } else {
      throw ApiError.badRequest(
        `unable to parse requirement: found '${c}', expected: identifier, '!', '=', '==', '!=', 'in', 'notin', '(', ')' or ','`,
      );
    }
  }
  return tokens;
}

/**
 * A parsed `labelSelector` (equality- and set-based, as `labels.Parse` in
 * apimachinery): `a=b`, `a==b`, `a!=b`, `a in (b,c)`, `a notin (b)`, `a`,
 * `!a`, `a>1`, `a<1`, comma-separated.
 */
export class LabelSelector {
  private constructor(private readonly requirements: Requirement[]) {}

  static readonly everything = new LabelSelector([]);

  get isEverything(): boolean {
    return this.requirements.length === 0;
  }

  /** Parses a selector; throws a 400 ApiError on bad syntax. */
  static parse(input: string | undefined | null): LabelSelector {
    if (!input || !input.trim()) return LabelSelector.everything;
    const tokens = tokenize(input);
    const reqs: Requirement[] = [];
    let i = 0;
    const fail = (msg: string): never => {
      throw ApiError.badRequest(`unable to parse requirement: ${msg}`);
    };
    const next = () => tokens[i++];
    while (i < tokens.length) {
      let tok = next();
      if (tok.t === 'op' && tok.v === '!') {
        tok = next();
        if (!tok || tok.t !== 'id')
          fail(`found '${describe(tok)}', expected: identifier`);
        reqs.push({
          key: checkKey((tok as { v: string }).v),
          op: '!',
          values: [],
        });
      } else if (tok.t === 'id') {
        const key = checkKey(tok.v);
        const op = tokens[i];
        if (!op || op.t === ',') {
          reqs.push({ key, op: 'exists', values: [] });
        } else if (op.t === 'op' && op.v !== '!') {
          i++;
          const val = tokens[i];
          let value = '';
          if (val && val.t === 'id') {
            value = val.v;
            i++;
          } else if (op.v === '>' || op.v === '<') {
            fail(`found '${describe(val)}', expected: identifier`);
          }
          checkValue(value);
          if (op.v === '>' || op.v === '<') {
            if (!/^-?\d+$/.test(value))
              fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
            reqs.push({ key, op: op.v === '>' ? 'gt' : 'lt', values: [value] });
          } else {
            reqs.push({ key, op: op.v === '!=' ? '!=' : '=', values: [value] });
          }
        } else if (op.t === 'id' && (op.v === 'in' || op.v === 'notin')) {
          i++;
          if (next()?.t !== '(')
            fail(`found '${describe(tokens[i - 1])}', expected: '('`);
          const values: string[] = [];
          for (;;) {
            const v = next();
            if (!v) fail(`found '', expected: ',', ')' or identifier`);
            if (v.t === ')') break;
            if (v.t === ',') {
              // As the API server's parser: `(,`, `,,` and `,)` each hold
              // an empty value.
              if (
                values.length === 0 ||
                tokens[i - 2]?.t === ',' ||
                tokens[i]?.t === ')'
              )
                values.push('');
              continue;
            }
            if (v.t !== 'id')
              fail(`found '${describe(v)}', expected: ',', ')' or identifier`);
            values.push(checkValue((v as { v: string }).v));
          }
          reqs.push({ key, op: op.v, values });
        } else {
          fail(
            `found '${describe(op)}', expected: '=', '!=', '==', 'in', notin'`,
          );
        }
      } else {
        fail(
          `found '${describe(
            tok,
          )}', expected: !, identifier, or 'end of string'`,
        );
      }
      if (i < tokens.length) {
        const sep = next();
        if (sep.t !== ',')
          fail(`found '${describe(sep)}', expected: ',' or 'end of string'`);
        if (i >= tokens.length) fail(`found '', expected: !, identifier`);
      }
    }
    return new LabelSelector(reqs);
  }

  /** Builds an equality selector from a label map (`matchLabels`). */
  static fromLabels(labels: Record<string, string>): LabelSelector {
    return new LabelSelector(
      Object.entries(labels).map(([key, value]) => ({
        key,
        op: '=',
        values: [value],
      })),
    );
  }

  matches(labels: Record<string, string> | undefined): boolean {
    for (const r of this.requirements) {
      const has =
        labels !== undefined &&
        Object.prototype.hasOwnProperty.call(labels, r.key);
      const value = has ? labels![r.key] : undefined;
      switch (r.op) {
        case 'exists':
          if (!has) return false;
          break;
        case '!':
          if (has) return false;
          break;
        case '=':
          if (!has || value !== r.values[0]) return false;
          break;
        case '!=':
          if (has && value === r.values[0]) return false;
          break;
        case 'in':
          if (!has || !r.values.includes(value!)) return false;
          break;
        case 'notin':
          if (has && r.values.includes(value!)) return false;
          break;
        case 'gt':
        case 'lt': {
          if (!has || !/^-?\d+$/.test(value!)) return false;
          const n = Number(value);
          const bound = Number(r.values[0]);
          if (r.op === 'gt' ? !(n > bound) : !(n < bound)) return false;
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }
}

function describe(tok: Token | undefined): string {
  if (!tok) return '';
  return 'v' in tok ? tok.v : tok.t;
}

function checkKey(key: string): string {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  // As the API server: the prefix is a DNS-1123 subdomain (lower case,
  // dot-separated labels that start and end alphanumeric, ≤ 253).
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))
  ) {
    throw ApiError.badRequest(
      `unable to parse requirement: invalid label key "${key}": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
    );
  }
  if (!KEY.test(key)) {
    throw ApiError.badRequest(
      `unable to parse requirement: invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return key;
}

function checkValue(value: string): string {
  if (!VALUE.test(value)) {
    throw ApiError.badRequest(
      `unable to parse requirement: invalid label value: "${value}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
    );
  }
  return value;
}
