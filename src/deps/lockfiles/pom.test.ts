import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pomXml } from './pom.ts';
import { parseFixture, problemSummary, summary } from './testing.ts';

test('pom.xml: properties (nested), project.version/groupId, dependencyManagement, test scope, plugin deps ignored', () => {
  const f = 'maven/pom.xml';
  const r = parseFixture(f);
  assert.deepEqual(summary(r.packages), [
    `pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.16.0 ${f}:32 direct=true dev=false`,
    `pkg:maven/com.google.guava/guava@32.1.3-jre ${f}:37 direct=true dev=false`,
    `pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1 ${f}:42 direct=true dev=false`,
    `pkg:maven/com.acme/billing-api@2.4.1 ${f}:46 direct=true dev=false`,
    `pkg:maven/org.junit.jupiter/junit-jupiter@5.10.1 ${f}:55 direct=true dev=true`,
  ]);
  assert.deepEqual(problemSummary(r), [
    `notice unresolved ${f}:51: org.springframework.boot:spring-boot-starter-web: no version in this file (managed by a parent or BOM); not reported`,
    `notice unresolved ${f}:61: com.example:undefined-prop: version "\${not.defined}" has a property not defined in this file; not reported`,
    `notice unpinned ${f}:66: com.example:ranged: version range "[1.0,2.0)" is not a version; not reported`,
  ]);
});

test('pom.xml: a version like 1.10 stays a string; self-referencing properties stop', () => {
  const r = pomXml.parse(
    'pom.xml',
    '<project><properties><a>${b}</a><b>${a}</b></properties><dependencies><dependency><groupId>g</groupId><artifactId>x</artifactId><version>1.10</version></dependency><dependency><groupId>g</groupId><artifactId>y</artifactId><version>${a}</version></dependency></dependencies></project>',
  );
  assert.deepEqual(summary(r.packages), ['pkg:maven/g/x@1.10 pom.xml:1 direct=true dev=false']);
  assert.equal(r.problems[0]?.kind, 'unresolved');
});

test('pom.xml bad input', () => {
  assert.equal(
    pomXml.parse('pom.xml', '<notaproject/>').problems[0]?.message,
    'pom.xml: no <project> element',
  );
  assert.equal(pomXml.parse('pom.xml', '').problems[0]?.kind, 'syntax');
  const noGroup = pomXml.parse(
    'pom.xml',
    '<project><dependencies><dependency><version>1</version></dependency></dependencies></project>',
  );
  assert.equal(noGroup.problems[0]?.kind, 'invalid-entry');
});
