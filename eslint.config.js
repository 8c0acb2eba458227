import eslintJs from '@eslint/js';
import lwcConfig from '@salesforce/eslint-config-lwc';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// The package's components, and the sandbox console's client code (components and the platform
// stand-ins), which runs in the same browser setting.
const lwcFiles = ['force-app*/**/lwc/**/*.js', 'companion/sandbox/console/client/**/*.js'];
const jestSupport = ['force-app/test/**/*.js'];

export default [
    {
        ignores: [
            'node_modules/**',
            '.closebooks/**',
            '.sf/**',
            '.sfdx/**',
            'coverage/**',
            'artefacts/**',
            'scripts/__tests__/fixtures/**'
        ]
    },
    // Lightning Web Components: Salesforce's recommended LWC rules.
    ...lwcConfig.configs.recommended.map((config) => ({ ...config, files: lwcFiles })),
    {
        files: ['force-app*/**/lwc/**/__tests__/**/*.js', ...jestSupport],
        languageOptions: { globals: { ...globals.node, ...globals.jest } }
    },
    // The companion, its tests and the TypeScript scripts.
    ...tseslint.configs.recommended.map((config) => ({
        ...config,
        files: ['companion/**/*.ts', 'scripts/**/*.ts', '*.ts']
    })),
    {
        files: ['companion/**/*.ts', 'scripts/**/*.ts', '*.ts'],
        languageOptions: { globals: globals.node },
        rules: {
            '@typescript-eslint/consistent-type-imports': [
                'error',
                { fixStyle: 'inline-type-imports' }
            ],
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
            'no-console': 'error'
        }
    },
    // Plain Node scripts and config files.
    {
        files: ['scripts/**/*.mjs', '*.js', '*.mjs'],
        ...eslintJs.configs.recommended,
        languageOptions: { globals: globals.node, sourceType: 'module' }
    }
];
