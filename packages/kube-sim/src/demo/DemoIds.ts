import { createHash } from 'node:crypto';

const SUFFIX = 'bcdfghjklmnpqrstvwxz2456789';

/** Deterministic identifiers and times for the demo world, derived from labels. */
export class DemoIds {
  constructor(private readonly seed: string = 'acme-demo') {}

  private bytes(label: string): Buffer {
    return createHash('sha256').update(`${this.seed}:${label}`).digest();
  }

  /** `len` hex characters (up to 64). */
  hex(label: string, len = 64): string {
    return this.bytes(label).toString('hex').slice(0, len);
  }

  /** A 40-character git commit SHA. */
  commit(label: string): string {
    return createHash('sha1')
      .update(`${this.seed}:commit:${label}`)
      .digest('hex');
  }

  /** A sha256 image digest (without the `sha256:` prefix). */
  digest(label: string): string {
    return this.hex(`digest:${label}`);
  }

  uid(label: string): string {
    const h = this.hex(`uid:${label}`, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
      17,
      20,
    )}-${h.slice(20, 32)}`;
  }

  /** Kubernetes-style random name suffix (`generateName`, pod names). */
  suffix(label: string, len = 5): string {
    const b = this.bytes(`suffix:${label}`);
    let out = '';
    for (let i = 0; i < len; i++) out += SUFFIX[b[i] % SUFFIX.length];
    return out;
  }

  /** A pod-template-hash (10 characters). */
  templateHash(label: string): string {
    return this.suffix(`pth:${label}`, 10);
  }

  /** An integer in [0, n). */
  int(label: string, n: number): number {
    return this.bytes(`int:${label}`).readUInt32BE(0) % n;
  }

  /** A private IP in 10.x for a label. */
  ip(label: string, prefix: string): string {
    const b = this.bytes(`ip:${label}`);
    return `${prefix}.${(b[0] % 250) + 2}.${(b[1] % 250) + 2}`;
  }
}

/** The demo's reference instant; fixtures' timestamps are offsets from it. */
export const DEMO_EPOCH = Date.parse('2026-11-20T08:00:00Z');

/** RFC 3339 (seconds) for `minutes` after the epoch (negative = before). */
export function at(minutes: number, base = DEMO_EPOCH): string {
  return new Date(base + Math.round(minutes * 60) * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}
