import {
  ReadWarnings,
  fastTimestamp,
  normalizeTimestamp,
  readTimestamp,
  slowTimestamp,
  withoutUndefined,
} from './unstructured';

describe('normalizeTimestamp', () => {
  it.each([
    // What the API server writes.
    ['2024-05-01T12:34:56Z', '2024-05-01T12:34:56.000Z'],
    ['1999-12-31T23:59:59Z', '1999-12-31T23:59:59.000Z'],
    ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    // Fractions of a second: cut to milliseconds, never rounded.
    ['2024-05-01T12:34:56.5Z', '2024-05-01T12:34:56.500Z'],
    ['2024-05-01T12:34:56.12Z', '2024-05-01T12:34:56.120Z'],
    ['2024-05-01T12:34:56.123Z', '2024-05-01T12:34:56.123Z'],
    ['2024-05-01T12:34:56.9999Z', '2024-05-01T12:34:56.999Z'],
    ['2024-05-01T12:34:56.123456Z', '2024-05-01T12:34:56.123Z'],
    ['2024-05-01T12:34:56.123456789Z', '2024-05-01T12:34:56.123Z'],
    // Forms only the general case reads.
    ['2024-05-01T12:34:56+02:00', '2024-05-01T10:34:56.000Z'],
    ['2024-05-01T00:30:00-01:30', '2024-05-01T02:00:00.000Z'],
    ['2024-05-01T12:34:56.250+02:00', '2024-05-01T10:34:56.250Z'],
    ['2024-05-01t12:34:56z', '2024-05-01T12:34:56.000Z'],
    ['2024-05-01 12:34:56Z', '2024-05-01T12:34:56.000Z'],
    ['2024-05-01T12:34:56.1234567890Z', '2024-05-01T12:34:56.123Z'],
    // Out of range: what `Date` makes of it, as before.
    ['2023-02-29T00:00:00Z', '2023-03-01T00:00:00.000Z'],
    ['2023-02-30T00:00:00Z', '2023-03-02T00:00:00.000Z'],
    ['2023-04-31T10:00:00Z', '2023-05-01T10:00:00.000Z'],
    ['2023-01-01T24:00:00Z', '2023-01-02T00:00:00.000Z'],
    ['2023-01-01T23:59:60Z', undefined],
    ['2023-13-01T00:00:00Z', undefined],
    ['2023-00-10T00:00:00Z', undefined],
    ['2023-01-00T00:00:00Z', undefined],
    ['2023-01-01T10:60:00Z', undefined],
    // Not timestamps.
    ['2024-05-01T12:34:56.Z', undefined],
    ['2024-05-01T12:34:5xZ', undefined],
    ['2024-05-01T12:34:56', undefined],
    ['2024-05-01', undefined],
    ['yesterday', undefined],
    ['', undefined],
    ['2024-05-01T12:34:56.12a4Z', undefined],
  ])('%s → %s, the same as through Date', (text, expected) => {
    expect(normalizeTimestamp(text, 'at')).toBe(expected);
    expect(slowTimestamp(text, 'at')).toBe(expected);
    // The fast path either declines or agrees.
    expect(fastTimestamp(text) ?? expected).toBe(expected);
  });

  it('takes the fast path for the forms the API server writes', () => {
    expect(fastTimestamp('2024-05-01T12:34:56Z')).toBeDefined();
    expect(fastTimestamp('2024-05-01T12:34:56.123456Z')).toBeDefined();
    expect(fastTimestamp('2024-05-01T12:34:56+02:00')).toBeUndefined();
    expect(fastTimestamp('2023-02-29T00:00:00Z')).toBeUndefined();
  });

  it('agrees with Date on the month ends of 400 years, with random times and fractions', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    let checked = 0;
    for (let year = 1970; year < 2370; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 28; day <= 31; day++) {
          const digits = Math.floor(random() * 10);
          const fraction =
            digits === 0
              ? ''
              : `.${pad(Math.floor(random() * 10 ** digits), digits)}`;
          const text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(
            Math.floor(random() * 24),
            2,
          )}:${pad(Math.floor(random() * 60), 2)}:${pad(
            Math.floor(random() * 60),
            2,
          )}${fraction}Z`;
          const slow = slowTimestamp(text, 'at');
          const fast = fastTimestamp(text);
          if (fast !== undefined) checked++;
          expect(fast ?? slow).toBe(slow);
          expect(normalizeTimestamp(text, 'at')).toBe(slow);
        }
      }
    }
    expect(checked).toBeGreaterThan(15_000);
  });

  it('reports what it cannot read', () => {
    const warnings = new ReadWarnings();
    expect(normalizeTimestamp('soon', 'status.startTime', warnings)).toBe(
      undefined,
    );
    expect(
      readTimestamp({ a: { b: 42 } }, ['a', 'b'], warnings),
    ).toBeUndefined();
    expect(warnings.messages).toEqual([
      'status.startTime is not a timestamp: soon',
      'a.b is not a timestamp: 42',
    ]);
  });
});

describe('withoutUndefined', () => {
  it('drops undefined values and keeps the order and everything else', () => {
    const result = withoutUndefined({
      b: 1,
      a: undefined,
      c: null,
      d: '',
      e: 0,
      f: false,
      g: undefined,
    });
    expect(result).toEqual({ b: 1, c: null, d: '', e: 0, f: false });
    expect(Object.keys(result)).toEqual(['b', 'c', 'd', 'e', 'f']);
    expect('a' in result).toBe(false);
  });

  it('returns a new object', () => {
    const value = { a: 1 };
    expect(withoutUndefined(value)).not.toBe(value);
  });
});
