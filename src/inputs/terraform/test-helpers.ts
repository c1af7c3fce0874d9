import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InputDocument, InputFile } from '../document.ts';

/** Test-only helpers: fixture loading and document lookup. */
export const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/inputs/terraform/', import.meta.url));

/** Every file of a fixture directory, with paths relative to the fixtures root (`app/main.tf`). */
export function fixtureDir(dir: string): InputFile[] {
  return readdirSync(`${FIXTURES}${dir}`)
    .sort()
    .map((name) => ({ path: `${dir}/${name}`, content: readFileSync(`${FIXTURES}${dir}/${name}`, 'utf8') }));
}

export function fixtureFile(path: string): InputFile {
  return { path, content: readFileSync(`${FIXTURES}${path}`, 'utf8') };
}

export function byAddress(documents: readonly InputDocument[], address: string): InputDocument {
  const found = documents.find((d) => d.address === address);
  if (!found) throw new Error(`no document ${address}; have ${documents.map((d) => d.address).join(', ')}`);
  return found;
}

export function line(document: InputDocument, path: string): number | undefined {
  return document.positions.get(path)?.start.line;
}
