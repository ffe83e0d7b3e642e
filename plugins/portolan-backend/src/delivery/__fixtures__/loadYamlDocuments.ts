/*
 * Test-only: reads a multi-document YAML fixture into plain objects, the way
 * the cache would hand raw objects to a projection.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** Every document of a YAML file, as plain objects. */
export function loadYamlDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map(document => document.toJS())
    .filter(document => document !== null);
}
