/**
 * End-to-end: dashboard, framework posture and rules catalog (docs/ui.md), driven by Debian
 * Chromium against a real, listening server. Findings are seeded over 40 days with a controlled
 * server clock so SLAs run out and the trend moves; every number on screen is checked against the
 * API.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_WEB_ROOT } from '../../src/server/plugins/web-ui.ts';
import { testServer } from '../../src/server/testing/test-server.ts';
import { CatalogRepository } from '../../src/store/repositories/catalog-repository.ts';
import { manyFindings, report } from '../fixtures/posture/reports.ts';
import {
  ARTIFACTS,
  bootstrapAdmin,
  chromiumMissing,
  ensureWebBuild,
  launchBrowser,
  scrollWidth,
  signIn,
  waitForCount,
} from './support.ts';

const DAY = 86_400_000;
const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;

test('web UI: dashboard numbers match the API, trend chart, click-through to filtered findings, frameworks, rules catalog', {
  skip: chromiumMissing,
  timeout: 240_000,
}, async (t) => {
  ensureWebBuild();
  const realNow = Date.now();
  let clock = realNow - 40 * DAY;
  const s = await testServer(t, 'sqlite', {
    config: { webRoot: DEFAULT_WEB_ROOT },
    now: () => new Date(clock),
  });
  assert.ok(s, 'SQLite test database');

  // Two teams, two services; scans 40, 10 and 5 days ago so SLAs expire and the trend changes.
  const payments = await s.createTeam('payments');
  const search = await s.createTeam('search');
  const catalog = new CatalogRepository(s.store);
  await catalog.createService({ name: 'checkout', ownerTeamId: payments });
  await catalog.createService({ name: 'indexer', ownerTeamId: search });
  const ci = await s.caller('ci@example.com', [{ role: 'security', teamId: null }]);
  const upload = async (service: string, findings: ReturnType<typeof manyFindings>) => {
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/uploads',
      headers: { authorization: ci.bearer },
      payload: { service, commit: 'abc', report: report(findings) },
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { fixed: number };
  };
  await upload('checkout', manyFindings(20, 'a'));
  clock = realNow - 10 * DAY;
  await upload('indexer', manyFindings(8, 'b'));
  clock = realNow - 5 * DAY;
  assert.equal((await upload('checkout', manyFindings(12, 'a'))).fixed, 8, 'a full scan fixes the absent 8');
  clock = realNow;

  const base = await s.app.listen({ host: '127.0.0.1', port: 0 });
  await bootstrapAdmin(s, base);
  const reader = await s.caller('auditor@example.com', [{ role: 'auditor', teamId: null }]);
  const api = async <T>(url: string): Promise<T> => {
    const res = await s.app.inject({ url, headers: { authorization: reader.bearer } });
    assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
    return res.json() as T;
  };
  type Rows = Array<{ key: string; count: number }>;
  const bySeverity = await api<Rows>('/api/posture/counts?by=severity&active=true');
  const byTeam = await api<Rows>('/api/posture/counts?by=team&active=true');
  const overdue = await api<Rows>('/api/posture/counts?by=severity&active=true&overdue=true');
  const trend = await api<Array<{ day: string; open: Record<string, number> }>>('/api/posture/trend?days=30');
  const countOf = (rows: Rows, key: string) => rows.find((r) => r.key === key)?.count ?? 0;
  const sum = (rows: Rows) => rows.reduce((n, r) => n + r.count, 0);
  // The seed itself: 12 + 8 open; critical (7-day SLA) of both services and checkout's high (30 days) overdue.
  assert.equal(sum(bySeverity), 20);
  assert.equal(sum(overdue), 3 + 2 + 3);

  const { page, pageErrors } = await launchBrowser(t);
  await signIn(page, base);

  // ── Dashboard (the default route) ──
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
  await page.locator('.tile').first().waitFor();
  for (const severity of SEVERITIES) {
    const text = await page.locator(`.tile[data-severity="${severity}"] .tile-count`).textContent();
    assert.equal(Number(text), countOf(bySeverity, severity), `${severity} tile`);
  }
  assert.equal(Number(await page.getByTestId('active-total').textContent()), sum(bySeverity));
  assert.equal(Number(await page.getByTestId('overdue-total').textContent()), sum(overdue));
  const teamRows = page.getByTestId('by-team').locator('tbody tr');
  assert.equal(await teamRows.count(), byTeam.length);
  for (const row of byTeam) {
    const tr = page.getByTestId('by-team').locator(`tr[data-key="${row.key}"]`);
    assert.equal(Number(await tr.locator('td a').textContent()), row.count, `team ${row.key}`);
    assert.equal(await tr.locator('th').textContent(), row.key === payments ? 'payments' : 'search');
  }
  assert.equal(await page.locator('.overdue-list li').count(), sum(overdue), 'all overdue listed (≤ 10)');
  for (const [by, testId] of [
    ['service', 'by-service'],
    ['rule', 'by-rule'],
  ] as const) {
    const rows = await api<Rows>(`/api/posture/counts?by=${by}&active=true`);
    const cells = page.getByTestId(testId).locator('tbody tr');
    assert.equal(await cells.count(), Math.min(rows.length, 10), testId);
    for (const row of rows.slice(0, 10))
      assert.equal(
        Number(await page.getByTestId(testId).locator(`tr[data-key="${row.key}"] td a`).textContent()),
        row.count,
        `${by} ${row.key}`,
      );
  }

  // The trend chart: accessible SVG, one area per severity, and its table fallback holds the API's numbers.
  const chart = page.getByRole('img', { name: /Open findings per day by severity, last 30 days/ });
  await chart.waitFor();
  assert.equal(await chart.getAttribute('data-points'), String(trend.length));
  assert.equal(await chart.locator('path').count(), 5);
  assert.match((await chart.locator('desc').textContent()) ?? '', /20 on /);
  await page.getByText('Show as a table').click();
  const trendRows = page.locator('.trend-table tbody tr');
  assert.equal(await trendRows.count(), trend.length);
  for (const index of [0, 30 - 10, 30 - 5, trend.length - 1]) {
    const point = trend[index];
    assert.ok(point);
    const cells = await trendRows.nth(index).locator('td').allTextContents();
    const expected = [...SEVERITIES.map((sev) => point.open[sev] ?? 0)];
    assert.deepEqual(cells.map(Number), [...expected, expected.reduce((a, b) => a + b, 0)], point.day);
  }
  // 30 days ago only checkout's 20 were open; 10 days ago indexer added 8; 5 days ago 8 were fixed.
  assert.deepEqual(
    [trend[0], trend[20], trend[25]].map((p) => Object.values(p?.open ?? {}).reduce((a, b) => a + b, 0)),
    [20, 28, 20],
  );
  await page.screenshot({ path: join(ARTIFACTS, 'ui-dashboard-1280.png'), fullPage: true });

  // Keyboard: the high tile takes focus and Enter opens the findings it counts.
  const rows = page.locator('table.findings tbody tr');
  await page.locator('.tile[data-severity="high"]').focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Findings', exact: true, level: 1 }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/findings?severity=high&status=new%2Copen%2Creopened');
  await waitForCount('high findings', () => rows.count(), countOf(bySeverity, 'high'));
  for (const text of await rows.locator('.badge[class*="sev-"]').allTextContents())
    assert.equal(text, 'high');
  assert.equal(await page.getByLabel('Severity').inputValue(), 'high');

  // Team link → that team's open findings; overdue link → exactly the overdue ones.
  await page.goBack();
  await page.getByTestId('by-team').locator(`tr[data-key="${search}"] td a`).click();
  await waitForCount('search-team findings', () => rows.count(), countOf(byTeam, search));
  for (const text of await rows.locator('td[data-label="Service"]').allTextContents())
    assert.equal(text, 'indexer');
  await page.getByText(`Team: ${search}`).waitFor();
  await page.getByRole('link', { name: 'Remove the team filter' }).click();
  await waitForCount('open findings', () => rows.count(), sum(bySeverity));
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.getByTestId('overdue-total').click();
  await waitForCount('overdue findings', () => rows.count(), sum(overdue));
  assert.ok(await page.getByLabel('Overdue only').isChecked());
  for (const text of await rows.locator('.badge.overdue').allTextContents()) assert.equal(text, 'overdue');
  assert.equal(await rows.locator('.badge.overdue').count(), sum(overdue));

  // ── Framework posture: control → rules → pass/fail per service, evidence export ──
  await page.getByRole('link', { name: 'Frameworks' }).click();
  await page.getByRole('heading', { name: 'Framework posture' }).waitFor();
  await page.getByLabel('Framework').selectOption('cis-kubernetes');
  await page.getByRole('heading', { name: 'Control 5.2.1' }).waitFor();
  const controls = await api<{
    controls: Array<{
      control: string;
      rules: Array<{ ruleId: string; services: Array<{ result: string }> }>;
    }>;
  }>('/api/posture/controls/cis-kubernetes');
  const results = controls.controls.flatMap((c) => c.rules.flatMap((r) => r.services));
  assert.equal(await page.locator('.results li').count(), results.length);
  assert.equal(
    await page.locator('.results li[data-result="fail"]').count(),
    results.filter((r) => r.result === 'fail').length,
  );
  const csvLink = page.getByRole('link', { name: 'Export CSV' });
  const csv = await page.request.get(new URL((await csvLink.getAttribute('href')) ?? '', base).toString());
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-disposition'] ?? '', /rampart-evidence-cis-kubernetes\.csv/);
  assert.match(await csv.text(), /^framework,control,rule_id,rule_title,service,team_id,result/);
  const json = await page.request.get(
    new URL(
      (await page.getByRole('link', { name: 'Export JSON' }).getAttribute('href')) ?? '',
      base,
    ).toString(),
  );
  assert.equal((await json.json()).framework, 'cis-kubernetes');
  await page.screenshot({ path: join(ARTIFACTS, 'ui-frameworks-1280.png'), fullPage: true });

  // ── Rules catalog: search finds a rule and opens it ──
  await page.getByRole('link', { name: 'Rules', exact: true }).click();
  await page.getByRole('heading', { name: 'Rules catalog' }).waitFor();
  await page.getByLabel('Search', { exact: true }).fill('ssh invalid user');
  await page.getByLabel('Search', { exact: true }).press('Enter');
  await page.getByTestId('rules-total').getByText('1 rule', { exact: true }).waitFor();
  await page.getByRole('link', { name: 'SSH login attempt for a user that does not exist' }).click();
  await page.getByRole('heading', { name: 'SSH login attempt for a user that does not exist' }).waitFor();
  await page.getByRole('heading', { name: 'Known false positives' }).waitFor();
  await page.getByText('Users mistyping their login name').waitFor();
  await page.screenshot({ path: join(ARTIFACTS, 'ui-rule-1280.png'), fullPage: true });

  // A finding's rule id links to its catalog page.
  await page.goto(`${base}/#/findings?rule=RMP-K8S-001`);
  await rows.first().locator('a').click();
  await page.getByRole('link', { name: 'RMP-K8S-001', exact: true }).click();
  await page.getByRole('heading', { name: 'Privileged container' }).waitFor();
  await page.getByRole('heading', { name: 'How to fix' }).waitFor();

  // ── Phone width: no horizontal scrolling on any of these pages ──
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [hash, ready, shot] of [
    ['#/', () => page.locator('.trend-chart').waitFor(), 'ui-dashboard-phone.png'],
    [
      '#/frameworks/cis-kubernetes',
      () => page.getByRole('heading', { name: 'Control 5.2.1' }).waitFor(),
      'ui-frameworks-phone.png',
    ],
    ['#/rules', () => page.locator('.rule-list li').first().waitFor(), 'ui-rules-phone.png'],
    [
      '#/rules/RMP-K8S-001',
      () => page.getByRole('heading', { name: 'Privileged container' }).waitFor(),
      'ui-rule-phone.png',
    ],
  ] as const) {
    await page.goto(`${base}/${hash}`);
    await ready();
    const width = await scrollWidth(page);
    assert.ok(width <= 390, `${hash}: no horizontal scrolling at phone width (page is ${width} px wide)`);
    await page.screenshot({ path: join(ARTIFACTS, shot), fullPage: true });
  }
  await checkPhoneNav(page);
  assert.deepEqual(pageErrors, [], 'no script errors in the page');
});

/** Every top-level page is reachable from the nav at phone width. */
async function checkPhoneNav(page: Page): Promise<void> {
  for (const name of ['Dashboard', 'Findings', 'Frameworks', 'Rules']) {
    const link = page.getByRole('navigation').getByRole('link', { name, exact: true });
    assert.ok(await link.isVisible(), `${name} in the nav`);
  }
}
