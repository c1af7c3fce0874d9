export { type JsonLoadResult, loadJson } from './load.ts';
