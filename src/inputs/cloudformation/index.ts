export { acceptsCloudFormation } from './accepts.ts';
export { intrinsicName, longForm } from './intrinsics.ts';
export { cloudFormationParser } from './parser.ts';
