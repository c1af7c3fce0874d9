import type { InputDocument, InputFile, InputParser, ParseProblem, ParseResult } from '../document.ts';
import { loadJson } from '../json/index.ts';
import type { HclFile } from './ast.ts';
import { CstConverter, syntaxProblems } from './cst.ts';
import { DirectoryScope, type TfvarsFile } from './directory.ts';
import { fileDocuments } from './documents.ts';
import { loadTerraformParser, terraformParser } from './grammar.ts';
import type { Value } from './values.ts';

/** Larger files are reported, not parsed: no real Terraform file comes near this. */
export const MAX_HCL_BYTES = 8 * 1024 * 1024;

/** Wall-clock budget for one file's tree-sitter parse. */
export const PARSE_BUDGET_MS = 20_000;

/**
 * Terraform HCL (`*.tf`, `*.tfvars`, `*.tfvars.json`). Files of one directory are one module: variables,
 * tfvars and locals resolve across them, so the scan should hand them over via `parseMany`.
 * Variable-definition files only feed variable values; they yield no documents.
 */
export const terraformHclParser: InputParser = {
  type: 'terraform',

  async init(): Promise<void> {
    await loadTerraformParser();
  },

  accepts(file: InputFile): boolean {
    const path = file.path;
    return path.endsWith('.tf') || path.endsWith('.tfvars') || path.endsWith('.tfvars.json');
  },

  parse(file: InputFile): ParseResult {
    return parseTerraformFiles([file]);
  },

  parseMany(files: readonly InputFile[]): ParseResult {
    return parseTerraformFiles(files);
  },
};

export function parseTerraformFiles(files: readonly InputFile[]): ParseResult {
  const documents: InputDocument[] = [];
  const problems: ParseProblem[] = [];
  const byDirectory = new Map<string, InputFile[]>();
  for (const file of files) {
    const dir = file.path.slice(0, Math.max(0, file.path.lastIndexOf('/')));
    const group = byDirectory.get(dir);
    if (group) group.push(file);
    else byDirectory.set(dir, [file]);
  }
  for (const group of byDirectory.values()) {
    const modules: HclFile[] = [];
    const tfvars: TfvarsFile[] = [];
    for (const file of group) {
      const result = file.path.endsWith('.json') ? readJsonTfvars(file) : readHcl(file);
      problems.push(...result.problems);
      if (!result.file) continue;
      if (file.path.endsWith('.tf')) modules.push(result.file as HclFile);
      else tfvars.push(result.file);
    }
    const scope = new DirectoryScope(modules, tfvars);
    for (const file of modules) {
      const result = fileDocuments(file, scope);
      documents.push(...result.documents);
      problems.push(...result.problems);
    }
  }
  return { documents, problems };
}

/** `*.tfvars.json`: a JSON object of variable values. */
export function readJsonTfvars(file: InputFile): { file?: TfvarsFile; problems: ParseProblem[] } {
  const loaded = loadJson(file.path, file.content);
  if (loaded.value === undefined) return { problems: [...loaded.problems] };
  const value = loaded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      problems: [
        { file: file.path, message: 'a .tfvars.json file must hold a JSON object', range: loaded.range },
      ],
    };
  }
  return { file: { path: file.path, values: value as Record<string, Value> }, problems: [] };
}

/** Parses one file into the AST; syntax errors become problems and the rest of the file is kept. */
export function readHcl(
  file: InputFile,
  budgetMs = PARSE_BUDGET_MS,
): { file?: HclFile; problems: ParseProblem[] } {
  const parser = terraformParser();
  if (!parser) {
    return {
      problems: [{ file: file.path, message: 'terraform parser used before init(): grammar not loaded' }],
    };
  }
  if (file.content.length > MAX_HCL_BYTES) {
    return {
      problems: [{ file: file.path, message: `file too large to parse (${file.content.length} characters)` }],
    };
  }
  let tree: ReturnType<typeof parser.parse> = null;
  try {
    // A time budget, so no input can stall a scan; tree-sitter checks it periodically.
    const deadline = performance.now() + budgetMs;
    tree = parser.parse(file.content, null, { progressCallback: () => performance.now() > deadline });
    if (!tree) {
      // A cancelled parse would otherwise be resumed by the next call.
      parser.reset();
      return {
        problems: [{ file: file.path, message: `parsing took longer than ${budgetMs / 1000} s; skipped` }],
      };
    }
    const root = tree.rootNode;
    const broken = root.hasError;
    const problems = broken ? syntaxProblems(root, file.path) : [];
    const converter = new CstConverter(file.content, broken);
    const body = root.children.find((c) => c.type === 'body');
    return {
      file: {
        path: file.path,
        text: file.content,
        body: body ? converter.body(body) : { attributes: [], blocks: [] },
      },
      problems,
    };
  } catch (error) {
    // tree-sitter aborts on pathological input (e.g. memory); report instead of crashing the scan
    return { problems: [{ file: file.path, message: `could not parse: ${(error as Error).message}` }] };
  } finally {
    tree?.delete();
  }
}
