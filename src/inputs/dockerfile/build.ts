import type { Dockerfile, Instruction } from 'dockerfile-ast';
import type { SourceRange } from '../../core/location.ts';
import type { FieldPath, ParseProblem } from '../document.ts';
import { expandArgs, parseImageRef } from './image-ref.ts';
import { execFormArgs, joinContinuations, shellWords } from './words.ts';

/** The `object` rules see for a Dockerfile (docs/inputs.md, dockerfile). */
export interface DockerfileObject {
  stages: Stage[];
  /** ARGs declared before the first FROM. */
  args: { name: string; default: string | null }[];
}

export interface Stage {
  index: number;
  name: string | null;
  from: FromClause;
  instructions: InstructionObject[];
}

export interface FromClause {
  raw: string;
  image: string | null;
  /** Extension to docs/inputs.md: the registry part of `image` (`ghcr.io`, `registry:5000`), or null. */
  registry: string | null;
  tag: string | null;
  digest: string | null;
  platform: string | null;
  stageRef: boolean;
}

export interface InstructionObject {
  keyword: string;
  value: string;
  args: string[];
  execForm: boolean;
  flags: Record<string, string>;
}

const KEYWORDS = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

export interface Built {
  object: DockerfileObject;
  positions: Map<FieldPath, SourceRange>;
  unknownPaths: Set<FieldPath>;
  expressions: Record<FieldPath, string>;
  problems: ParseProblem[];
}

/** Walks dockerfile-ast's instructions once, in order, building stages and their positions. */
export function buildDockerfile(file: string, dockerfile: Dockerfile): Built {
  const escapeChar = dockerfile.getEscapeCharacter();
  const built: Built = {
    object: { stages: [], args: [] },
    positions: new Map(),
    unknownPaths: new Set(),
    expressions: {},
    problems: [],
  };
  const globalArgs = new Map<string, string | null>();
  const stageNames: string[] = [];
  let stage: Stage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    const range = toRange(instruction);
    if (!KEYWORDS.has(keyword)) {
      built.problems.push({
        file,
        message: `unknown instruction ${JSON.stringify(instruction.getInstruction())} at line ${range.start.line}`,
        range,
      });
    }
    const value = joinContinuations(instruction.getRawArgumentsContent() ?? '', escapeChar);
    if (keyword === 'FROM') {
      // `docker build` rejects a FROM without an image; say so instead of evaluating an empty stage.
      if (value.trim() === '') {
        built.problems.push({ file, message: `FROM without an image at line ${range.start.line}`, range });
      }
      const index = built.object.stages.length;
      const at = `stages[${index}]`;
      stage = {
        index,
        name: null,
        from: fromClause(instruction, value, globalArgs, stageNames),
        instructions: [],
      };
      stage.name = stageName(value);
      if (stage.from.image === null) {
        for (const key of ['image', 'registry', 'tag', 'digest']) {
          built.unknownPaths.add(`${at}.from.${key}`);
          built.expressions[`${at}.from.${key}`] = firstWord(value);
        }
      }
      stageNames.push((stage.name ?? '').toLowerCase());
      built.object.stages.push(stage);
      built.positions.set(at, range);
      built.positions.set(`${at}.from`, range);
      continue;
    }
    if (!stage) {
      if (keyword === 'ARG') {
        for (const [name, def] of argDeclarations(value)) {
          built.positions.set(`args[${built.object.args.length}]`, range);
          built.object.args.push({ name, default: def });
          globalArgs.set(name, def);
        }
      } else {
        built.problems.push({
          file,
          message: `${keyword} before the first FROM at line ${range.start.line}`,
          range,
        });
      }
      continue;
    }
    const at = `stages[${stage.index}].instructions[${stage.instructions.length}]`;
    stage.instructions.push(instructionObject(instruction, keyword, value));
    built.positions.set(at, range);
  }
  return built;
}

function instructionObject(instruction: Instruction, keyword: string, value: string): InstructionObject {
  const exec = execFormArgs(value);
  return {
    keyword,
    value,
    args: exec ?? shellWords(value),
    execForm: exec !== undefined,
    flags: flagsOf(instruction),
  };
}

/** `--mount` may repeat: values of a repeated flag are joined with a space. A bare `--link` is ''. */
function flagsOf(instruction: Instruction): Record<string, string> {
  const flags: Record<string, string> = {};
  const getFlags = (
    instruction as Partial<{ getFlags(): { getName(): string; getValue(): string | null }[] }>
  ).getFlags;
  if (typeof getFlags !== 'function') return flags;
  for (const flag of getFlags.call(instruction)) {
    const name = flag.getName();
    const value = flag.getValue() ?? '';
    const previous = Object.hasOwn(flags, name) ? flags[name] : undefined;
    Object.defineProperty(flags, name, {
      value: previous === undefined ? value : `${previous} ${value}`,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return flags;
}

function fromClause(
  instruction: Instruction,
  value: string,
  args: ReadonlyMap<string, string | null>,
  earlierStages: readonly string[],
): FromClause {
  const flags = flagsOf(instruction);
  const platform = Object.hasOwn(flags, 'platform') ? (flags.platform as string) : null;
  const raw = firstWord(value);
  const expanded = expandArgs(raw, args);
  if (expanded === undefined || expanded === '') {
    return { raw: value, image: null, registry: null, tag: null, digest: null, platform, stageRef: false };
  }
  const ref = parseImageRef(expanded);
  const stageRef = ref.tag === null && ref.digest === null && earlierStages.includes(ref.image.toLowerCase());
  return { raw: value, ...ref, platform, stageRef };
}

function firstWord(value: string): string {
  return value.trim().split(/\s+/)[0] ?? '';
}

/** `FROM image AS name` (AS in any case). */
function stageName(value: string): string | null {
  const words = value.trim().split(/\s+/);
  return words.length >= 3 && words[1]?.toLowerCase() === 'as' ? (words[2] ?? null) : null;
}

/** `ARG A=1 B` declares A with default 1 and B without. Quotes around defaults are removed. */
function argDeclarations(value: string): [string, string | null][] {
  return shellWords(value).map((word) => {
    const eq = word.indexOf('=');
    return eq < 0 ? [word, null] : [word.slice(0, eq), word.slice(eq + 1)];
  });
}

function toRange(instruction: Instruction): SourceRange {
  const r = instruction.getRange();
  return {
    start: { line: r.start.line + 1, column: r.start.character + 1 },
    end: { line: r.end.line + 1, column: r.end.character + 1 },
  };
}
