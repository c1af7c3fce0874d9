import { defineParser } from './define.ts';
import { basename, splitLines } from './text.ts';

/** Test configurations (testCompileClasspath, androidTestRuntimeClasspath, testFixtures…) only. */
function isTestConfiguration(name: string): boolean {
  return /^test|Test[A-Z]|Test$/.test(name);
}

/** gradle.lockfile (and buildscript-gradle.lockfile): `group:artifact:version=conf1,conf2`. */
export const gradleLockfile = defineParser({
  name: 'gradle',
  ecosystem: 'Maven',
  accepts: (path) => basename(path).endsWith('gradle.lockfile'),
  read(c, text) {
    splitLines(text).forEach((raw, i) => {
      const line = i + 1;
      const l = raw.trim();
      if (l === '' || l.startsWith('#') || l.startsWith('empty=')) return;
      const m = /^([^:=\s]+):([^:=\s]+):([^:=\s]+)=(.*)$/.exec(l);
      if (!m) {
        c.problem(
          'error',
          'invalid-entry',
          `expected group:artifact:version=configurations, got "${l.slice(0, 80)}"`,
          {
            line,
          },
        );
        return;
      }
      const [, group = '', artifact = '', version = '', confs = ''] = m;
      const configurations = confs
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const dev = configurations.length > 0 && configurations.every(isTestConfiguration);
      c.add({ name: `${group}:${artifact}`, version, line, direct: undefined, dev });
    });
  },
});
