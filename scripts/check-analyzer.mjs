// Static analysis of force-app with the Salesforce Code Analyzer core library (PMD + regex
// engines): fails on severity 1-2 (security rules included), prints the rest.
// Usage: node scripts/check-analyzer.mjs [--project dir]
import { existsSync } from 'node:fs';
import path from 'node:path';

import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmd from '@salesforce/code-analyzer-pmd-engine';
import * as regex from '@salesforce/code-analyzer-regex-engine';

import { fail, projectDir, readSfdxProject } from './lib/project.mjs';

const CHECK = 'check:analyzer';
const SELECTORS = ['Recommended', 'Security', 'AppExchange'];
const FATAL_AT_OR_BELOW = 2;

const dir = projectDir();
const project = await readSfdxProject(dir);
const configFile = path.join(dir, 'code-analyzer.yml');
const config = existsSync(configFile)
    ? CodeAnalyzerConfig.fromFile(configFile)
    : CodeAnalyzerConfig.withDefaults();

const analyzer = new CodeAnalyzer(config);
await analyzer.addEnginePlugin(pmd.createEnginePlugin());
await analyzer.addEnginePlugin(regex.createEnginePlugin());
const workspace = await analyzer.createWorkspace(project.packageDirs);
const rules = await analyzer.selectRules(SELECTORS, { workspace });
const results = await analyzer.run(rules, { workspace });

const violations = results.getViolations().map((v) => {
    const at = v.getCodeLocations()[v.getPrimaryLocationIndex()];
    return {
        severity: v.getRule().getSeverityLevel(),
        rule: `${v.getRule().getEngineName()}:${v.getRule().getName()}`,
        where: `${path.relative(dir, at.getFile() ?? '')}:${at.getStartLine() ?? 0}`,
        message: v.getMessage().trim()
    };
});
violations.sort((a, b) => a.severity - b.severity || a.where.localeCompare(b.where));
for (const v of violations) {
    process.stdout.write(`sev ${v.severity}  ${v.rule}  ${v.where}  ${v.message}\n`);
}
const fatal = violations.filter((v) => v.severity <= FATAL_AT_OR_BELOW);
const summary = `${rules.getCount()} rules, ${violations.length} violations, ${fatal.length} of severity 1-2`;
if (fatal.length > 0) {
    fail(CHECK, `${summary}: ${[...new Set(fatal.map((v) => v.where.split(':')[0]))].join(', ')}`);
} else {
    process.stdout.write(`${CHECK}: ${summary}\n`);
}
