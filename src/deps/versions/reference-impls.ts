/**
 * The ecosystems' own version comparators, when installed on this machine, for differential
 * tests: dpkg (Debian), maven-artifact's ComparableVersion (Maven, through `java`), and the
 * `packaging` library pip uses (PyPI). Each runs a whole batch of pairs in one process or one
 * shell loop, so hundreds of pairs cost about a second. Test support only.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type Order = -1 | 0 | 1;

export interface Oracle {
  /** What ran, for test titles: `dpkg 1.21.22`, `maven-artifact 3.8.7`, `packaging 26.2`. */
  readonly name: string;
  /** Order of each pair; `undefined` where the implementation rejects a version of the pair. */
  compare(pairs: readonly (readonly [string, string])[]): (Order | undefined)[];
}

/** An oracle, or why it is not available (shown as the skip reason). */
export type OracleLookup = { readonly oracle: Oracle } | { readonly missing: string };

function run(cmd: string, args: readonly string[], input?: string): string | undefined {
  const out = spawnSync(cmd, args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  return out.status === 0 ? out.stdout : undefined;
}

export function dpkgOracle(): OracleLookup {
  const version = run('dpkg', ['--version'])?.match(/version (\S+)/)?.[1];
  if (version === undefined) return { missing: 'dpkg is not installed' };
  // One shell, one dpkg call per relation: dpkg's exit status is the answer.
  const script =
    'while IFS=" " read -r a b; do ' +
    'if dpkg --compare-versions "$a" lt "$b" 2>/dev/null; then echo "<"; ' +
    'elif dpkg --compare-versions "$a" eq "$b" 2>/dev/null; then echo "="; ' +
    'elif dpkg --compare-versions "$a" gt "$b" 2>/dev/null; then echo ">"; else echo "!"; fi; done';
  return {
    oracle: {
      name: `dpkg ${version}`,
      compare(pairs) {
        const out = execFileSync('sh', ['-c', script], {
          input: `${pairs.map(([a, b]) => `${a} ${b}`).join('\n')}\n`,
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        return out.trim().split('\n').map(symbolOrder);
      },
    },
  };
}

/** The maven-artifact line Rampart's Maven order follows (src/deps/versions/maven.ts). */
export const MAVEN_LINE = '3.9.';

/**
 * A maven-artifact 3.9.x jar: `RAMPART_MAVEN_ARTIFACT_JAR`, else the newest 3.9.x in the local
 * Maven repository (~/.m2), else the Debian maven package's (checked for its version below).
 */
function mavenJar(): string | undefined {
  const env = process.env.RAMPART_MAVEN_ARTIFACT_JAR;
  if (env) return existsSync(env) ? env : undefined;
  const m2 = path.join(process.env.HOME ?? '/root', '.m2/repository/org/apache/maven/maven-artifact');
  if (existsSync(m2)) {
    const versions = readdirSync(m2)
      .filter((v) => v.startsWith(MAVEN_LINE) && existsSync(path.join(m2, v, `maven-artifact-${v}.jar`)))
      .sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2]));
    const newest = versions.at(-1);
    if (newest !== undefined) return path.join(m2, newest, `maven-artifact-${newest}.jar`);
  }
  const dir = '/usr/share/maven/lib';
  if (!existsSync(dir)) return undefined;
  const jar = readdirSync(dir).find((f) => /^maven-artifact.*\.jar$/.test(f));
  return jar === undefined ? undefined : path.join(dir, jar);
}

export function mavenOracle(): OracleLookup {
  const jar = mavenJar();
  if (jar === undefined)
    return { missing: 'no maven-artifact jar (/usr/share/maven/lib or RAMPART_MAVEN_ARTIFACT_JAR)' };
  if (run('java', ['-version']) === undefined) return { missing: 'java is not installed' };
  const main = 'org.apache.maven.artifact.versioning.ComparableVersion';
  const manifest = run('unzip', ['-p', jar, 'META-INF/MANIFEST.MF']);
  const version = manifest?.match(/Implementation-Version: (\S+)/)?.[1];
  if (version === undefined) return { missing: `cannot read the version of ${jar}` };
  // Other lines order differently on purpose (3.8 lacks the 3.9 fixes, 4.x has combination
  // items): comparing against them would report those changes, not our mistakes.
  if (!version.startsWith(MAVEN_LINE))
    return { missing: `${jar} is maven-artifact ${version}; Rampart follows ${MAVEN_LINE}x` };
  return {
    oracle: {
      name: `maven-artifact ${version}`,
      compare(pairs) {
        // ComparableVersion's main compares each argument with the next: pass a1 b1 a2 b2 … and
        // read the comparisons at even positions. Batched: one JVM per few hundred pairs.
        const result: (Order | undefined)[] = [];
        for (let i = 0; i < pairs.length; i += 500) {
          const batch = pairs.slice(i, i + 500);
          const args = batch.flat();
          const out = execFileSync('java', ['-cp', jar, main, ...args], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024,
          });
          const orders = out.split('\n').flatMap((line) => {
            const m = /^ {3}\S.* (<|>|==) \S/.exec(line);
            return m ? [symbolOrder(m[1] === '==' ? '=' : (m[1] as string))] : [];
          });
          if (orders.length !== args.length - 1)
            throw new Error(
              `maven-artifact printed ${orders.length} comparisons for ${args.length} versions`,
            );
          for (let k = 0; k < batch.length; k++) result.push(orders[2 * k]);
        }
        return result;
      },
    },
  };
}

const PEP440_SCRIPT = `
import json, sys
try:
    from packaging.version import Version, InvalidVersion
    import packaging
    name = "packaging " + packaging.__version__
except ImportError:
    from pip._vendor.packaging.version import Version, InvalidVersion
    import pip._vendor.packaging as packaging
    name = "packaging " + packaging.__version__ + " (vendored in pip)"
if sys.argv[1:] == ["--name"]:
    print(name)
    sys.exit(0)
out = []
for a, b in json.load(sys.stdin):
    try:
        va, vb = Version(a), Version(b)
    except InvalidVersion:
        out.append(None)
        continue
    out.append(-1 if va < vb else (1 if va > vb else 0))
print(json.dumps(out))
`;

export function pep440Oracle(): OracleLookup {
  const name = run('python3', ['-c', PEP440_SCRIPT, '--name'])?.trim();
  if (!name) return { missing: 'python3 with packaging (or pip) is not installed' };
  return {
    oracle: {
      name,
      compare(pairs) {
        const out = execFileSync('python3', ['-c', PEP440_SCRIPT], {
          input: JSON.stringify(pairs),
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024,
        });
        return (JSON.parse(out) as (Order | null)[]).map((o) => (o === null ? undefined : o));
      },
    },
  };
}

function symbolOrder(symbol: string): Order | undefined {
  return symbol === '<' ? -1 : symbol === '=' ? 0 : symbol === '>' ? 1 : undefined;
}
