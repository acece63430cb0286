/**
 * Child process of the kill -9 fault tests: opens the database given by DATABASE_URL or argv[2] (a PGlite
 * directory) and repeats one kind of work for ever, printing a line after each committed step:
 *   answer  — moves warnings through answer/decide (each step a transaction with its audit row): "done <id> <state>"
 *   assess  — runs and publishes assessments: "running", "publishing", "published <run id>"
 */
import { openDb } from '@kaohe/store';
import { runAssessment, publishAssessment } from '../../src/assess.ts';
import { cycleWarning } from './child-ops.ts';

const [dbDir, mode] = process.argv.slice(2) as [string, 'answer' | 'assess'];
const db = await openDb({ dbDir, databaseUrl: process.env.DATABASE_URL || undefined });
const say = (s: string) => process.stdout.write(s + '\n');
say('open');
for (let i = 0; ; i++) {
  if (mode === 'answer') {
    const r = await cycleWarning(db);
    if (!r) throw new Error('no warning to answer');
    say(`done ${r.id} ${r.state}`);
  } else {
    say('running');
    const result = await runAssessment(db, { period: '2026', asOf: '2026-12-31', scope: { region: '330100' } });
    say('publishing');
    const stored = await publishAssessment(db, result, { username: 'supervisor', role: 'supervisor' });
    say(`published ${stored.run.id}`);
  }
}
