import { beforeAll, describe, expect, it } from 'vitest';

import { createSandboxClock } from '../../clock.ts';
import { createSalesforceSandbox } from '../salesforce-sandbox.ts';
import { runQuery } from './query.ts';

const clock = createSandboxClock({ startAt: Date.UTC(2026, 10, 25, 12), scale: 0 });
const sandbox = createSalesforceSandbox({ clock });
let orgId = '';

const run = (soql: string) =>
    runQuery({ org: sandbox.org(orgId), soql, now: clock.now() }, 'v65.0');

beforeAll(() => {
    orgId = sandbox.createOrg().org_id;
    const deal = (name: string, stage: string, amount: number | null, close: string) => ({
        object: 'Opportunity',
        fields: {
            Name: name,
            AccountId: { ref: 'acme' },
            StageName: stage,
            Amount: amount,
            CloseDate: close
        }
    });
    sandbox.seed(orgId, {
        records: [
            { object: 'Account', ref: 'acme', fields: { Name: 'Acme' } },
            deal('A', 'Prospecting', 100, '2026-01-10'),
            deal('B', 'Prospecting', 300, '2026-03-01'),
            deal('C', 'Closed Won', 1000, '2026-02-15'),
            deal('D', 'Closed Won', null, '2026-02-20'),
            deal('E', 'Closed Lost', 50, '2026-04-01')
        ]
    });
});

describe('aggregate SOQL', () => {
    it('answers aggregates without GROUP BY as one AggregateResult row named expr0, expr1 …', () => {
        const result = run(
            'SELECT COUNT(Id), COUNT(Amount), SUM(Amount) total, AVG(Amount), MIN(CloseDate), MAX(Amount) FROM Opportunity'
        );
        expect(result.totalSize).toBe(1);
        expect(result.rows).toEqual([
            {
                attributes: { type: 'AggregateResult' },
                expr0: 5,
                expr1: 4,
                total: 1450,
                expr2: 362.5,
                expr3: '2026-01-10',
                expr4: 1000
            }
        ]);
    });

    it('groups, orders by an aggregate and limits', () => {
        const result = run(
            'SELECT StageName, COUNT(Id) n, SUM(Amount) FROM Opportunity GROUP BY StageName ORDER BY COUNT(Id) DESC, StageName LIMIT 2'
        );
        expect(result.rows).toEqual([
            { attributes: { type: 'AggregateResult' }, StageName: 'Closed Won', n: 2, expr0: 1000 },
            { attributes: { type: 'AggregateResult' }, StageName: 'Prospecting', n: 2, expr0: 400 }
        ]);
        expect(result.totalSize).toBe(2);
    });

    it('counts distinct values, groups on a parent field, and gives COUNT 0 when nothing matches', () => {
        expect(run('SELECT COUNT_DISTINCT(StageName) FROM Opportunity').rows[0]).toMatchObject({
            expr0: 3
        });
        expect(
            run('SELECT Account.Name, COUNT(Id) FROM Opportunity GROUP BY Account.Name').rows
        ).toEqual([{ attributes: { type: 'AggregateResult' }, Name: 'Acme', expr0: 5 }]);
        expect(
            run("SELECT COUNT(Id), SUM(Amount) FROM Opportunity WHERE Name = 'none'").rows
        ).toEqual([{ attributes: { type: 'AggregateResult' }, expr0: 0, expr1: null }]);
    });

    it('keeps COUNT() as the row count with no rows', () => {
        expect(run('SELECT COUNT() FROM Opportunity')).toEqual({ totalSize: 5, rows: [] });
    });

    it('filters groups with HAVING on aggregates and grouped fields', () => {
        expect(
            run(
                "SELECT StageName, COUNT(Id) FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > 1 AND StageName != 'Closed Won'"
            ).rows
        ).toEqual([
            { attributes: { type: 'AggregateResult' }, StageName: 'Prospecting', expr0: 2 }
        ]);
        expect(
            run(
                'SELECT StageName FROM Opportunity GROUP BY StageName HAVING SUM(Amount) >= 1000 OR MAX(Amount) < 100 ORDER BY StageName'
            ).rows.map((r) => r.StageName)
        ).toEqual(['Closed Lost', 'Closed Won']);
    });

    it.each([
        {
            name: 'an aggregate with LIMIT but no GROUP BY',
            soql: 'SELECT MAX(CreatedDate) FROM Opportunity LIMIT 1',
            message: 'must have a GROUP BY clause'
        },
        {
            name: 'HAVING on a field neither grouped nor aggregated',
            soql: "SELECT StageName FROM Opportunity GROUP BY StageName HAVING Name = 'A'",
            message: 'Field must be grouped or aggregated: Name'
        },
        {
            name: 'a quoted number in HAVING',
            soql: "SELECT StageName FROM Opportunity GROUP BY StageName HAVING COUNT(Id) > '1'",
            message: 'must be of type'
        }
    ])('refuses $name', ({ soql, message }) => {
        expect(() => run(soql)).toThrowError(
            expect.objectContaining({ message: expect.stringContaining(message) })
        );
    });
});
