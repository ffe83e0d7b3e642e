/*
 * Parses `WWW-Authenticate` challenges (RFC 9110 §11.6.1) as registries send
 * them: `Bearer realm="https://auth.example/token",service="registry",
 * scope="repository:a/b:pull"` or `Basic realm="Registry"`. Quoted values
 * may contain commas (`scope="repository:a:pull,push"`), so this is a small
 * tokenizer, not a split on commas.
 */

/** One challenge: its scheme (lower-cased) and parameters (names lower-cased). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

/** Every challenge in a header value; unparsable rest is ignored. */
export function parseWwwAuthenticate(
  header: string | undefined,
): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let rest = header ?? '';
  const skip = (pattern: RegExp) => {
    rest = rest.replace(pattern, '');
  };
  skip(/^[\s,]+/);
  while (rest) {
    const scheme = TOKEN.exec(rest)?.[0];
    if (!scheme) break;
    rest = rest.slice(scheme.length);
    const challenge: AuthChallenge = {
      scheme: scheme.toLowerCase(),
      params: {},
    };
    challenges.push(challenge);
    skip(/^\s+/);
    // Parameters until the next challenge (a token not followed by `=`).
    for (;;) {
      const name = TOKEN.exec(rest)?.[0];
      if (!name) break;
      const afterName = rest.slice(name.length).replace(/^\s*/, '');
      if (!afterName.startsWith('=')) break;
      rest = afterName.slice(1).replace(/^\s*/, '');
      let value = '';
      if (rest.startsWith('"')) {
        let i = 1;
        for (; i < rest.length && rest[i] !== '"'; i++) {
          if (rest[i] === '\\' && i + 1 < rest.length) i++;
          value += rest[i];
        }
        rest = rest.slice(i + 1);
      } else {
        value = /^[^,\s]*/.exec(rest)?.[0] ?? '';
        rest = rest.slice(value.length);
      }
      challenge.params[name.toLowerCase()] = value;
      skip(/^\s*,\s*/);
    }
    skip(/^[\s,]+/);
  }
  return challenges;
}
