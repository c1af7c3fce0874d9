export * from './errors.ts';
export * from './finding.ts';
export * from './fingerprint.ts';
export * from './framework.ts';
export * from './location.ts';
export * from './rule.ts';
export * from './severity.ts';
