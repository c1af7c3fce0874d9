import { Contrib, Models } from '@cyclonedx/cyclonedx-library';
import parseSpdxExpression from 'spdx-expression-parse';

/**
 * A lockfile's licence text as CycloneDX sees it, through the library's own factory: a known
 * SPDX id (case fixed up) → SpdxLicense, a valid SPDX expression → LicenseExpression, anything
 * else (`SEE LICENSE IN …`, `Commercial`) → a NamedLicense that claims no SPDX meaning.
 */
const factory = new Contrib.License.Factories.LicenseFactory((expression: string) =>
  parseSpdxExpression(expression),
);

export function cycloneDxLicense(license: string): Models.License {
  const text = license.trim();
  // The library looks SPDX ids up in a plain object: `__proto__`, `constructor`… would resolve to
  // Object.prototype members (found by the SBOM fuzz test). No licence id is named like those.
  if (text in Object.prototype) return new Models.NamedLicense(text);
  return factory.makeFromString(text);
}

/**
 * SPDX `licenseDeclared`: the SPDX id or expression, or NOASSERTION when the text is neither
 * (the field admits nothing else).
 */
export function spdxLicense(license: string): string {
  const made = cycloneDxLicense(license);
  if (made instanceof Models.SpdxLicense) return made.id;
  if (made instanceof Models.LicenseExpression) return made.expression;
  return 'NOASSERTION';
}
